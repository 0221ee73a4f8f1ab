package dev.nabla.io;

import dev.nabla.backend.DType;
import dev.nabla.backend.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element types found in tensor files, each with its byte size and the Nabla {@link DType}
 * it is read into: half precision floats widen to float32, all integers to int64.
 *
 * <p>Enum names are the safetensors dtype names. Decoding goes chunk by chunk, so no buffer is
 * ever larger than {@link #CHUNK_BYTES}, and the destination array is allocated only once the
 * caller has checked that the file really holds the bytes.
 */
enum ElementType {
    F64(8, DType.FLOAT64),
    F32(4, DType.FLOAT32),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I64(8, DType.INT64),
    I32(4, DType.INT64),
    I16(2, DType.INT64),
    I8(1, DType.INT64),
    U32(4, DType.INT64),
    U16(2, DType.INT64),
    U8(1, DType.INT64),
    BOOL(1, DType.BOOL);

    /** Bytes per read or write step; a multiple of every element size. */
    static final int CHUNK_BYTES = 1 << 16;

    /** Bytes per element. */
    final int size;
    /** The dtype the elements are read into. */
    final DType target;

    ElementType(int size, DType target) {
        this.size = size;
        this.target = target;
    }

    /** The type Nabla writes for {@code dtype}: F32, F64, I64 or BOOL. */
    static ElementType forWriting(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT64 -> I64;
            case BOOL -> BOOL;
        };
    }

    /**
     * Reads {@code numel} elements stored at {@code position} of {@code source} in byte order
     * {@code order}. The caller has checked that {@code numel * size} bytes lie inside the source.
     */
    Storage read(ByteSource source, long position, int numel, ByteOrder order) throws IOException {
        Storage storage = Storage.allocate(target, numel);
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(numel, perChunk) * size).order(order);
        for (int done = 0; done < numel; ) {
            int n = Math.min(perChunk, numel - done);
            chunk.clear().limit(n * size);
            source.readFully(position + (long) done * size, chunk);
            chunk.flip();
            decode(chunk, storage, done, n);
            done += n;
        }
        return storage;
    }

    private void decode(ByteBuffer in, Storage storage, int from, int n) {
        switch (this) {
            case F64 -> in.asDoubleBuffer().get(((Storage.Doubles) storage).data(), from, n);
            case F32 -> in.asFloatBuffer().get(((Storage.Floats) storage).data(), from, n);
            case I64 -> in.asLongBuffer().get(((Storage.Longs) storage).data(), from, n);
            case F16 -> {
                float[] out = ((Storage.Floats) storage).data();
                for (int i = 0; i < n; i++) {
                    out[from + i] = Float.float16ToFloat(in.getShort(2 * i));
                }
            }
            case BF16 -> {
                float[] out = ((Storage.Floats) storage).data();
                for (int i = 0; i < n; i++) {
                    out[from + i] = Float.intBitsToFloat((in.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case BOOL -> {
                boolean[] out = ((Storage.Bools) storage).data();
                for (int i = 0; i < n; i++) {
                    out[from + i] = in.get(i) != 0;
                }
            }
            default -> decodeInteger(in, ((Storage.Longs) storage).data(), from, n);
        }
    }

    private void decodeInteger(ByteBuffer in, long[] out, int from, int n) {
        for (int i = 0; i < n; i++) {
            out[from + i] = switch (this) {
                case I32 -> in.getInt(4 * i);
                case I16 -> in.getShort(2 * i);
                case I8 -> in.get(i);
                case U32 -> in.getInt(4 * i) & 0xffff_ffffL;
                case U16 -> in.getShort(2 * i) & 0xffff;
                case U8 -> in.get(i) & 0xff;
                default -> throw new AssertionError(this);
            };
        }
    }

    /**
     * Writes the elements of {@code storage} (which must have this type's target dtype and be
     * {@link #forWriting writable}) to {@code out} in byte order {@code order}.
     */
    void write(Storage storage, OutputStream out, ByteOrder order) throws IOException {
        int numel = storage.size();
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(numel, perChunk) * size).order(order);
        for (int done = 0; done < numel; ) {
            int n = Math.min(perChunk, numel - done);
            chunk.clear();
            encode(storage, done, n, chunk);
            out.write(chunk.array(), 0, n * size);
            done += n;
        }
    }

    private void encode(Storage storage, int from, int n, ByteBuffer chunk) {
        switch (this) {
            case F64 -> chunk.asDoubleBuffer().put(((Storage.Doubles) storage).data(), from, n);
            case F32 -> chunk.asFloatBuffer().put(((Storage.Floats) storage).data(), from, n);
            case I64 -> chunk.asLongBuffer().put(((Storage.Longs) storage).data(), from, n);
            case BOOL -> {
                boolean[] in = ((Storage.Bools) storage).data();
                for (int i = 0; i < n; i++) {
                    chunk.put(i, (byte) (in[from + i] ? 1 : 0));
                }
            }
            default -> throw new IllegalStateException("Nabla does not write " + this);
        }
    }
}
