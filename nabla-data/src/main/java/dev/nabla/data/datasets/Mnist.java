package dev.nabla.data.datasets;

import dev.nabla.backend.Backends;
import dev.nabla.data.TabularData;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The MNIST test set (LeCun, Cortes and Burges): 10 000 handwritten digits, 28×28 grey levels,
 * from the IDX files {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}.
 *
 * <p>Source: {@value #MIRROR} (the mirror torchvision uses), then yann.lecun.com. The SHA-256 of
 * the <em>decompressed</em> content is checked, so re-compressed copies are accepted; the files
 * may also be present already decompressed (without {@code .gz}).
 */
public final class Mnist {
    /** The mirror tried first. */
    public static final String MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    /** The original site. */
    public static final String ORIGINAL = "http://yann.lecun.com/exdb/mnist/";
    static final RemoteFile[] TEST_IMAGES = files("t10k-images-idx3-ubyte",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    static final RemoteFile[] TEST_LABELS = files("t10k-labels-idx1-ubyte",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private Mnist() {
    }

    private static RemoteFile[] files(String name, String contentSha256) {
        return new RemoteFile[] {
            new RemoteFile(name + ".gz", RemoteFile.uris(MIRROR + name + ".gz", ORIGINAL + name + ".gz"), null,
                    RemoteFile.Packing.gzip(), contentSha256),
            RemoteFile.plain(name, contentSha256)
        };
    }

    /** The test set from {@link DataStore#fromEnvironment()}. */
    public static TabularData loadTest() {
        return loadTest(DataStore.fromEnvironment());
    }

    /**
     * The test set: features {@code [10000, 784]} (default float type, grey levels / 255, so in
     * {@code [0, 1]}; row-major pixels), target INT64 {@code [10000]} (digits 0–9).
     */
    public static TabularData loadTest(DataStore store) {
        Idx.UnsignedBytes images = read(store.fetch("MNIST test images", TEST_IMAGES));
        Idx.UnsignedBytes labels = read(store.fetch("MNIST test labels", TEST_LABELS));
        int n = images.shape()[0];
        if (images.shape().length != 3 || labels.shape().length != 1 || labels.shape()[0] != n) {
            throw new DatasetException("MNIST: unexpected IDX shapes " + java.util.Arrays.toString(images.shape())
                    + " and " + java.util.Arrays.toString(labels.shape()));
        }
        int rows = images.shape()[1];
        int cols = images.shape()[2];
        float[] x = new float[images.data().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images.data()[i] & 0xFF) / 255f;
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xFF;
        }
        Tensor features = Tensor.of(x, n, rows * cols).to(Backends.getDefault().floatType());
        return new TabularData(features, Tensor.of(y, n), Pixels.names(rows, cols), "label");
    }

    /** The W2 benchmark split: the first 8 000 test images for training, the last 2 000 for testing. */
    public static TrainTestSplit benchmarkSplit(DataStore store) {
        TabularData d = loadTest(store);
        return new TrainTestSplit(d.features().narrow(0, 0, 8000), d.target().narrow(0, 0, 8000),
                d.features().narrow(0, 8000, 2000), d.target().narrow(0, 8000, 2000));
    }

    /**
     * The W2/W7 split of {@link #benchmarkSplit(DataStore)} with the images as {@code [N, 1, 28, 28]}
     * (NCHW, one grey channel), for convolutional networks.
     */
    public static TrainTestSplit benchmarkImageSplit(DataStore store) {
        TrainTestSplit s = benchmarkSplit(store);
        return new TrainTestSplit(s.xTrain().reshape(-1, 1, 28, 28), s.yTrain(), s.xTest().reshape(-1, 1, 28, 28),
                s.yTest());
    }

    /** {@link #benchmarkSplit(DataStore)} from {@link DataStore#fromEnvironment()}. */
    public static TrainTestSplit benchmarkSplit() {
        return benchmarkSplit(DataStore.fromEnvironment());
    }

    private static Idx.UnsignedBytes read(LocalFile f) {
        try (InputStream in = f.open()) {
            return Idx.read(in, f.path().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("MNIST: cannot read " + f.path() + ": " + e.getMessage(), e);
        }
    }
}
