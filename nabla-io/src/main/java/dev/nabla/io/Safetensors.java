package dev.nabla.io;

import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (plus an optional
 * {@code "__metadata__"} object of strings), then the tensor bytes, little-endian and row-major,
 * with offsets relative to the end of the header.
 *
 * <p><b>Writing</b> supports F32, F64, I64 and BOOL tensors and is deterministic: tensors are laid
 * out widest element type first in the reference implementation's order (I64, F64, F32, BOOL),
 * then by name, so every tensor is aligned to its element size; metadata keys are sorted; the
 * header is compact JSON padded with spaces to a multiple of 8 bytes. For the same tensors (and
 * metadata given in sorted order) the bytes equal those of the Python {@code safetensors} package.
 *
 * <p><b>Reading</b> also accepts F16 and BF16 (widened to float32) and I32, I16, I8, U32, U16, U8
 * (widened to int64). Before anything is allocated the reader checks: the header length against
 * {@link #MAX_HEADER_BYTES} and the file size; that the header starts with {@code '{'} and is
 * strict JSON (duplicate keys refused); every entry's fields, dtype, shape (non-negative, at most
 * {@link #MAX_RANK} dims, fewer than 2<sup>31</sup> elements) and offsets (inside the data buffer,
 * {@code end - begin = numel × dtype size}); and that the tensors tile the buffer exactly, with no
 * overlap, hole or trailing bytes. Any violation is a {@link FormatException} saying what is wrong.
 * A read returns all tensors or throws; it never returns part of a file.
 */
public final class Safetensors {
    /** The largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The most dimensions a tensor may have (PyTorch's limit too). */
    public static final int MAX_RANK = 64;
    /** The reserved header key that holds string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private Safetensors() {
    }

    /** What a safetensors file holds: tensors in header order and its metadata (possibly empty). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The tensors of the file at {@code path}, in header order. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return read(path).tensors();
    }

    /** The tensors and metadata of the file at {@code path}. */
    public static Contents read(Path path) throws IOException {
        try (FileChannel channel = ByteSource.open(path)) {
            return SafetensorsReader.read(ByteSource.of(channel), path.toString());
        }
    }

    /** The tensors and metadata encoded in {@code bytes}. */
    public static Contents read(byte[] bytes) throws IOException {
        return SafetensorsReader.read(ByteSource.of(bytes), "safetensors data");
    }

    /** The tensors and metadata in {@code in}, read to its end (at most 2 GiB; not closed). */
    public static Contents read(InputStream in) throws IOException {
        return SafetensorsReader.read(ByteSource.of(ByteSource.readAll(in)), "safetensors stream");
    }

    // ---- writing ---------------------------------------------------------------------------

    /** Atomically saves {@code tensors} without metadata to {@code path}. */
    public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
        save(tensors, Map.of(), path);
    }

    /**
     * Atomically saves {@code tensors} and {@code metadata} to {@code path} (see
     * {@link AtomicFiles}): on failure the previous file is untouched.
     *
     * @throws IllegalArgumentException for a null or reserved name, or a null tensor or value
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        Layout layout = Layout.of(tensors, metadata);
        AtomicFiles.write(path, layout::writeTo);
    }

    /** Writes {@code tensors} and {@code metadata} in safetensors format to {@code out} (not closed). */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        Layout.of(tensors, metadata).writeTo(out);
    }

    /**
     * {@code tensors} and {@code metadata} in safetensors format.
     *
     * @throws IllegalArgumentException also if the result would exceed the largest Java array
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Layout layout = Layout.of(tensors, metadata);
        if (layout.totalBytes() > ByteSource.MAX_STREAM_BYTES) {
            throw new IllegalArgumentException("safetensors: " + layout.totalBytes()
                    + " bytes do not fit in a byte[]; save to a file instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) layout.totalBytes());
        try {
            layout.writeTo(out);
        } catch (IOException e) {
            throw new AssertionError("ByteArrayOutputStream does not throw", e);
        }
        return out.toByteArray();
    }

    /** The order tensors are laid out in, widest first, as the reference implementation does. */
    private static int layoutRank(ElementType type) {
        return switch (type) {
            case I64 -> 0;
            case F64 -> 1;
            case F32 -> 2;
            case BOOL -> 3;
            default -> throw new IllegalStateException("Nabla does not write " + type);
        };
    }

    /** A validated plan of one file: the header bytes and the tensors in data order. */
    private record Layout(byte[] prefix, List<Map.Entry<String, Tensor>> order, long dataBytes) {

        static Layout of(Map<String, Tensor> tensors, Map<String, String> metadata) {
            if (tensors == null) {
                throw new IllegalArgumentException("safetensors: tensors must not be null");
            }
            List<Map.Entry<String, Tensor>> order = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                checkEntry(e.getKey(), e.getValue());
                order.add(Map.entry(e.getKey(), e.getValue()));
            }
            order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(
                    e -> layoutRank(ElementType.forWriting(e.getValue().dtype()))).thenComparing(Map.Entry::getKey));
            Map<String, Object> header = new LinkedHashMap<>();
            Map<String, String> sortedMetadata = sortedMetadata(metadata);
            if (!sortedMetadata.isEmpty()) {
                header.put(METADATA_KEY, sortedMetadata);
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : order) {
                Tensor t = e.getValue();
                ElementType type = ElementType.forWriting(t.dtype());
                long end = offset + (long) t.numel() * type.size;
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("dtype", type.name());
                info.put("shape", java.util.Arrays.stream(t.shape()).boxed().toList());
                info.put("data_offsets", List.of(offset, end));
                header.put(e.getKey(), info);
                offset = end;
            }
            return new Layout(prefix(Json.write(header)), order, offset);
        }

        private static void checkEntry(String name, Tensor t) {
            if (name == null) {
                throw new IllegalArgumentException("safetensors: tensor names must not be null");
            }
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: \"" + METADATA_KEY + "\" is reserved for metadata");
            }
            if (t == null) {
                throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
            }
            if (t.dim() > MAX_RANK) {
                throw new IllegalArgumentException("safetensors: tensor '" + name + "' has " + t.dim()
                        + " dims, more than " + MAX_RANK);
            }
        }

        private static Map<String, String> sortedMetadata(Map<String, String> metadata) {
            Map<String, String> sorted = new TreeMap<>();
            if (metadata != null) {
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    if (e.getKey() == null || e.getValue() == null) {
                        throw new IllegalArgumentException("safetensors: metadata keys and values must not be null");
                    }
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            return sorted;
        }

        /** The 8-byte length and the header, padded with spaces to a multiple of 8 bytes. */
        private static byte[] prefix(String json) {
            byte[] header = json.getBytes(StandardCharsets.UTF_8);
            int padded = (header.length + 7) / 8 * 8;
            byte[] prefix = new byte[8 + padded];
            java.nio.ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            System.arraycopy(header, 0, prefix, 8, header.length);
            java.util.Arrays.fill(prefix, 8 + header.length, prefix.length, (byte) ' ');
            return prefix;
        }

        long totalBytes() {
            return prefix.length + dataBytes;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(prefix);
            for (Map.Entry<String, Tensor> e : order) {
                Storage data = Tensors.rowMajor(e.getValue());
                ElementType.forWriting(data.dtype()).write(data, out, ByteOrder.LITTLE_ENDIAN);
            }
        }
    }
}
