package dev.nabla.io;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy's <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">
 * {@code .npy} format</a>: the magic {@code \x93NUMPY}, a version, a header length (2 bytes in
 * version 1, 4 in versions 2 and 3), a Python-literal header dict with {@code descr},
 * {@code fortran_order} and {@code shape}, padded with spaces and a newline, then the raw data.
 *
 * <p><b>Writing</b> produces the bytes {@code numpy.save} (1.24 and later) writes: version 1.0
 * (2.0 if the header is too long), {@code '<f4'}, {@code '<f8'}, {@code '<i8'} or {@code '|b1'},
 * C order, header padded so the data starts at a multiple of 64 bytes.
 *
 * <p><b>Reading</b> accepts versions 1, 2 and 3; little- ({@code <}) and big-endian ({@code >})
 * {@code f8 f4 f2} (read as float64, float32, float32), {@code i8 i4 i2 i1 u4 u2 u1} (read as
 * int64) and {@code b1} (bool); and {@code fortran_order: True}, which is transposed into
 * Nabla's row-major layout. Object arrays ({@code 'O'}, stored with pickle) are refused: nothing
 * in a file is ever executed. The header is limited to {@link #MAX_HEADER_BYTES} as in NumPy, the
 * data must be exactly {@code numel × itemsize} bytes, and any violation is a
 * {@link FormatException}.
 */
public final class Npy {
    /** The largest header accepted, NumPy's default {@code max_header_size}. */
    public static final int MAX_HEADER_BYTES = 10_000;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes. */
    private static final int ALIGN = 64;

    private Npy() {
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The array in the {@code .npy} file at {@code path}. */
    public static Tensor read(Path path) throws IOException {
        try (FileChannel channel = ByteSource.open(path)) {
            return read(ByteSource.of(channel), path.toString());
        }
    }

    /** The array encoded in {@code bytes}. */
    public static Tensor read(byte[] bytes) throws IOException {
        return read(ByteSource.of(bytes), "npy data");
    }

    /** The array in {@code in}, read to its end (at most 2 GiB; not closed). */
    public static Tensor read(InputStream in) throws IOException {
        return read(ByteSource.of(ByteSource.readAll(in)), "npy stream");
    }

    static Tensor read(ByteSource source, String origin) throws IOException {
        long size = source.size();
        if (size < 10) {
            throw new FormatException(origin + ": " + size + " bytes are too few for a .npy file");
        }
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(0, prefix);
        if (!Arrays.equals(prefix.array(), 0, 6, MAGIC, 0, 6)) {
            throw new FormatException(origin + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new FormatException(origin + ": unsupported .npy format version " + major + "." + minor
                    + " (Nabla reads 1.0, 2.0 and 3.0)");
        }
        if (major > 1 && size < 12) {
            throw new FormatException(origin + ": file ends inside the header length");
        }
        long headerLength = major == 1 ? prefix.getShort(8) & 0xffff : prefix.getInt(8) & 0xffff_ffffL;
        int headerStart = major == 1 ? 10 : 12;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(origin + ": header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerStart + headerLength > size) {
            throw new FormatException(origin + ": header length " + headerLength + " runs past the end of the file ("
                    + size + " bytes)");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        source.readFully(headerStart, ByteBuffer.wrap(headerBytes));
        String headerText = major == 3 ? utf8(headerBytes, origin) : new String(headerBytes, StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(headerText, origin);
        return readData(source, headerStart + headerLength, header, origin);
    }

    private static String utf8(byte[] bytes, String origin) throws FormatException {
        try {
            return Json.decodeUtf8(bytes, 0, bytes.length);
        } catch (FormatException e) {
            throw new FormatException(origin + ": version 3 header is not valid UTF-8", e);
        }
    }

    private static Tensor readData(ByteSource source, long dataStart, NpyHeader header, String origin)
            throws IOException {
        int[] shape = header.shape();
        if (shape.length > Safetensors.MAX_RANK) {
            throw new FormatException(origin + ": shape has " + shape.length + " dims, more than the "
                    + Safetensors.MAX_RANK + " supported");
        }
        ByteOrder order = byteOrder(header.descr(), origin);
        ElementType type = elementType(header.descr(), origin);
        long numel = numel(shape, origin);
        long expected = numel * type.size;
        long actual = source.size() - dataStart;
        if (actual != expected) {
            throw new FormatException(origin + ": " + header.descr() + " data of shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes after the header but the file has " + actual
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
        Storage data = type.read(source, dataStart, (int) numel, order);
        if (header.fortranOrder() && shape.length > 1) {
            data = columnToRowMajor(data, shape);
        }
        return Tensors.wrap(data, shape);
    }

    /** The row-major copy of column-major {@code data} of {@code shape}: a strided view, gathered. */
    private static Storage columnToRowMajor(Storage data, int[] shape) {
        int[] columnStrides = new int[shape.length];
        for (int d = 0, stride = 1; d < shape.length; stride *= shape[d], d++) {
            columnStrides[d] = stride;
        }
        return Tensors.rowMajor(new NDArray(data, shape, columnStrides, 0));
    }

    private static long numel(int[] shape, String origin) throws FormatException {
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long n = 1;
        for (int d : shape) {
            n *= d; // both factors < 2^31: no overflow before the check
            if (n > Integer.MAX_VALUE) {
                throw new FormatException(origin + ": shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return n;
    }

    private static ByteOrder byteOrder(String descr, String origin) throws FormatException {
        if (descr.length() != 3) {
            throw unsupported(descr, origin);
        }
        return switch (descr.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw unsupported(descr, origin);
        };
    }

    private static ElementType elementType(String descr, String origin) throws FormatException {
        ElementType type = switch (descr.substring(1)) {
            case "f8" -> ElementType.F64;
            case "f4" -> ElementType.F32;
            case "f2" -> ElementType.F16;
            case "i8" -> ElementType.I64;
            case "i4" -> ElementType.I32;
            case "i2" -> ElementType.I16;
            case "i1" -> ElementType.I8;
            case "u4" -> ElementType.U32;
            case "u2" -> ElementType.U16;
            case "u1" -> ElementType.U8;
            case "b1" -> ElementType.BOOL;
            default -> throw unsupported(descr, origin);
        };
        if (descr.charAt(0) == '|' && type.size != 1) {
            throw new FormatException(origin + ": descr '" + descr + "' lacks a byte order ('<' or '>')");
        }
        return type;
    }

    private static FormatException unsupported(String descr, String origin) {
        String shown = descr.length() <= 20 ? descr : descr.substring(0, 17) + "...";
        String why = descr.contains("O") ? " (Python objects are stored with pickle, which Nabla never runs)" : "";
        return new FormatException(origin + ": unsupported dtype descr '" + shown + "'" + why
                + "; Nabla reads <f8 <f4 <f2 <i8 <i4 <i2 |i1 <u4 <u2 |u1 |b1 and their big-endian forms");
    }

    // ---- writing ---------------------------------------------------------------------------

    /** Atomically writes {@code t} to {@code path} as {@code numpy.save} would (see {@link AtomicFiles}). */
    public static void write(Tensor t, Path path) throws IOException {
        byte[] header = header(t);
        AtomicFiles.write(path, out -> writeTo(t, header, out));
    }

    /** Writes {@code t} in {@code .npy} format to {@code out} (not closed). */
    public static void write(Tensor t, OutputStream out) throws IOException {
        writeTo(t, header(t), out);
    }

    /** {@code t} in {@code .npy} format. */
    public static byte[] toBytes(Tensor t) {
        byte[] header = header(t);
        long total = header.length + (long) t.numel() * ElementType.forWriting(t.dtype()).size;
        if (total > ByteSource.MAX_STREAM_BYTES) {
            throw new IllegalArgumentException("npy: " + total + " bytes do not fit in a byte[]; write to a file instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        try {
            writeTo(t, header, out);
        } catch (IOException e) {
            throw new AssertionError("ByteArrayOutputStream does not throw", e);
        }
        return out.toByteArray();
    }

    private static void writeTo(Tensor t, byte[] header, OutputStream out) throws IOException {
        out.write(header);
        Storage data = Tensors.rowMajor(t);
        ElementType.forWriting(data.dtype()).write(data, out, ByteOrder.LITTLE_ENDIAN);
    }

    /** Magic, version, length and header text padded with spaces and a newline to {@link #ALIGN}. */
    private static byte[] header(Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("npy: tensor must not be null");
        }
        String descr = switch (t.dtype()) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT64 -> "<i8";
            case BOOL -> "|b1";
        };
        byte[] text = new NpyHeader(descr, false, t.shape()).format().getBytes(StandardCharsets.ISO_8859_1);
        int version = 1;
        int prefix = 10;
        int pad = ALIGN - (prefix + text.length + 1) % ALIGN; // NumPy pads a full block when already aligned
        if (text.length + pad + 1 > 0xffff) { // too long for version 1's 2-byte length
            version = 2;
            prefix = 12;
            pad = ALIGN - (prefix + text.length + 1) % ALIGN;
        }
        int headerLength = text.length + pad + 1;
        ByteBuffer buf = ByteBuffer.allocate(prefix + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            buf.putShort((short) headerLength);
        } else {
            buf.putInt(headerLength);
        }
        buf.put(text);
        for (int i = 0; i < pad; i++) {
            buf.put((byte) ' ');
        }
        buf.put((byte) '\n');
        return buf.array();
    }
}
