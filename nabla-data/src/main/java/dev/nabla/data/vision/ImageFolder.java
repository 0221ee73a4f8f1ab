package dev.nabla.data.vision;

import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.data.datasets.DatasetException;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images in one folder per class ({@code root/cat/1.png}, {@code root/dog/x.jpg}), as
 * torchvision's {@code ImageFolder}: classes are the sub-folder names in sorted order, labelled
 * 0, 1, ...; examples are the PNG, JPEG, BMP and GIF files of each class in sorted order. Each
 * example is {@code x [C, H, W]} in {@code [0, 1]} (RGB, or one grey channel) after the
 * transform, and {@code y} the INT64 class index (a scalar).
 *
 * <p>Images are read when asked for, so a {@code DataLoader} with {@code prefetch} decodes the
 * next batches while the model trains. Random transforms draw from the dataset's generator,
 * seeded at construction: the same seed and the same order of {@link #get} calls (a seeded
 * loader, with or without prefetch) give the same augmented images.
 */
public final class ImageFolder implements Dataset {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    private final List<String> classes;
    private final List<Path> files;
    private final long[] labels;
    private final Transform transform;
    private final boolean grey;
    private final Generator generator;

    /** RGB images without a transform. */
    public ImageFolder(Path root) {
        this(root, null, false, 0);
    }

    /**
     * @param transform applied to each image tensor, or null
     * @param grey      one luminance channel instead of RGB
     * @param seed      seeds the generator random transforms draw from
     */
    public ImageFolder(Path root, Transform transform, boolean grey, long seed) {
        this.transform = transform;
        this.grey = grey;
        this.generator = new Generator(seed);
        this.classes = new ArrayList<>();
        List<Path> found = new ArrayList<>();
        List<Long> foundLabels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> images = Files.list(dir)) {
                    List<Path> sorted = images.filter(ImageFolder::isImage).sorted().toList();
                    if (sorted.isEmpty()) {
                        continue;
                    }
                    for (Path p : sorted) {
                        found.add(p);
                        foundLabels.add((long) classes.size());
                    }
                    classes.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot list " + root + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new DatasetException("ImageFolder: no images (" + String.join(", ", EXTENSIONS)
                    + ") in the class folders of " + root);
        }
        this.files = List.copyOf(found);
        this.labels = foundLabels.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The class names, index = label. */
    public List<String> classes() {
        return List.copyOf(classes);
    }

    /** The image files, in example order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Example get(int index) {
        Path p = files.get(index);
        Tensor x;
        try {
            x = Images.toTensor(Images.read(p), grey);
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: " + e.getMessage(), e);
        }
        if (transform != null) {
            x = transform.apply(x, generator);
        }
        return new Example(x, Tensor.of(new long[] {labels[index]}));
    }
}
