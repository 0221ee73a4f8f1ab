package dev.nabla.io;

import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks and decoding behind {@link Safetensors#read}; see there for the rules. */
final class SafetensorsReader {
    /** Deepest JSON a valid header has: {@code {"name": {"shape": [...]}}}. */
    private static final int HEADER_DEPTH = 3;
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** One tensor's header entry, checked. */
    private record Entry(String name, ElementType type, int[] shape, int numel, long begin, long end) {
    }

    private final ByteSource source;
    private final String origin;

    private SafetensorsReader(ByteSource source, String origin) {
        this.source = source;
        this.origin = origin;
    }

    static Safetensors.Contents read(ByteSource source, String origin) throws IOException {
        return new SafetensorsReader(source, origin).read();
    }

    private Safetensors.Contents read() throws IOException {
        long headerLength = headerLength();
        Map<?, ?> top = header(headerLength);
        long dataStart = 8 + headerLength;
        long bufferSize = source.size() - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(Safetensors.METADATA_KEY)) {
                readMetadata(e.getValue(), metadata);
            } else {
                entries.add(entry(name, e.getValue(), bufferSize));
            }
        }
        checkTiling(entries, bufferSize);
        // Only now, with every size checked against the file, is any tensor memory allocated.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Storage storage = entry.type().read(source, dataStart + entry.begin(), entry.numel(), ByteOrder.LITTLE_ENDIAN);
            tensors.put(entry.name(), Tensors.wrap(storage, entry.shape()));
        }
        return new Safetensors.Contents(tensors, metadata);
    }

    /** The u64 header length, checked against the limit and the file size. */
    private long headerLength() throws IOException {
        long size = source.size();
        if (size < 8) {
            throw fail("file is " + size + " bytes, too short to hold the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(0, lengthBytes);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 0 || headerLength > Safetensors.MAX_HEADER_BYTES) {
            throw fail("header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + Safetensors.MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - 8) {
            throw fail("header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
        }
        return headerLength;
    }

    /** The header parsed as a JSON object. */
    private Map<?, ?> header(long headerLength) throws IOException {
        byte[] header = new byte[(int) headerLength];
        source.readFully(8, ByteBuffer.wrap(header));
        if (header.length == 0 || header[0] != '{') {
            throw fail("header does not start with '{'");
        }
        try {
            return (Map<?, ?>) Json.parse(header, HEADER_DEPTH); // a map: it starts with '{'
        } catch (FormatException e) {
            throw new FormatException(origin + ": header: " + e.getMessage(), e);
        }
    }

    private void readMetadata(Object value, Map<String, String> out) throws FormatException {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw fail("\"" + Safetensors.METADATA_KEY + "\" must be an object of strings, got " + Tensors.jsonType(value));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail("metadata value of \"" + abbreviate((String) e.getKey()) + "\" must be a string, got " + Tensors.jsonType(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
    }

    private Entry entry(String name, Object value, long bufferSize) throws FormatException {
        if (!(value instanceof Map<?, ?> info)) {
            throw fail(name, "entry must be an object, got " + Tensors.jsonType(value));
        }
        for (Object field : info.keySet()) {
            if (!ENTRY_FIELDS.contains(field)) {
                throw fail(name, "unknown field \"" + abbreviate((String) field) + "\" (expected dtype, shape, data_offsets)");
            }
        }
        for (String field : ENTRY_FIELDS) {
            if (!info.containsKey(field)) {
                throw fail(name, "missing field \"" + field + "\"");
            }
        }
        ElementType type = dtype(name, info.get("dtype"));
        int[] shape = shape(name, info.get("shape"));
        long numel = numel(name, shape);
        long[] offsets = offsets(name, info.get("data_offsets"));
        if (offsets[1] > bufferSize) {
            throw fail(name, "data_offsets " + Arrays.toString(offsets) + " run past the end of the "
                    + bufferSize + "-byte data buffer");
        }
        long expected = numel * type.size;
        if (offsets[1] - offsets[0] != expected) {
            throw fail(name, "data_offsets " + Arrays.toString(offsets) + " hold " + (offsets[1] - offsets[0])
                    + " bytes but dtype " + type + " with shape " + Arrays.toString(shape) + " needs " + expected);
        }
        return new Entry(name, type, shape, (int) numel, offsets[0], offsets[1]);
    }

    /** Elements in {@code shape}: 0 if any dim is 0, else checked to fit in an int. */
    private long numel(String name, int[] shape) throws FormatException {
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long numel = 1;
        for (int d : shape) {
            numel *= d; // both factors < 2^31, so the long cannot overflow before the check
            if (numel > Integer.MAX_VALUE) {
                throw fail(name, "shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return numel;
    }

    private ElementType dtype(String name, Object value) throws FormatException {
        if (!(value instanceof String s)) {
            throw fail(name, "dtype must be a string, got " + Tensors.jsonType(value));
        }
        for (ElementType t : ElementType.values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        throw fail(name, "unsupported dtype \"" + abbreviate(s) + "\" (Nabla reads " + Arrays.toString(ElementType.values()) + ")");
    }

    private int[] shape(String name, Object value) throws FormatException {
        if (!(value instanceof List<?> dims)) {
            throw fail(name, "shape must be an array of integers, got " + Tensors.jsonType(value));
        }
        if (dims.size() > Safetensors.MAX_RANK) {
            throw fail(name, "shape has " + dims.size() + " dims, more than the " + Safetensors.MAX_RANK + " supported");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw fail(name, "shape entry " + i + " must be an integer from 0 to 2^31-1, got "
                        + Tensors.jsonType(dims.get(i)));
            }
            shape[i] = (int) (long) d;
        }
        return shape;
    }

    private long[] offsets(String name, Object value) throws FormatException {
        if (!(value instanceof List<?> list) || list.size() != 2
                || !(list.get(0) instanceof Long begin) || !(list.get(1) instanceof Long end) || begin < 0 || end < 0) {
            throw fail(name, "data_offsets must be two non-negative integers [begin, end], got " + Tensors.jsonType(value)
                    + (value instanceof List<?> l ? " " + abbreviate(Json.write(l)) : ""));
        }
        if (begin > end) {
            throw fail(name, "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        return new long[] {begin, end};
    }

    /** The tensors must cover the data buffer exactly once: no overlap, no hole, nothing after. */
    private void checkTiling(List<Entry> entries, long bufferSize) throws FormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < covered) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap those of tensor '"
                        + previous + "', which end at " + covered);
            }
            if (e.begin() > covered) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] leave a hole: bytes "
                        + covered + " to " + e.begin() + " of the data buffer belong to no tensor");
            }
            covered = e.end();
            previous = e.name();
        }
        if (covered != bufferSize) {
            throw fail("the tensors cover " + covered + " bytes but the data buffer after the header has "
                    + bufferSize + " (" + (bufferSize - covered) + " trailing bytes)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private FormatException fail(String message) {
        return new FormatException(origin + ": " + message);
    }

    private FormatException fail(String tensor, String message) {
        return fail("tensor '" + abbreviate(tensor) + "': " + message);
    }
}
