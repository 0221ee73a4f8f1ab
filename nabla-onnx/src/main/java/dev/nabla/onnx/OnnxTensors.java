package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.backend.DType;
import dev.nabla.io.FormatException;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Converts between Nabla tensors and ONNX {@code TensorProto}s (float32, float64, int64, bool). */
final class OnnxTensors {
    /** Largest initializer Nabla accepts from a file (elements), bounding what a corrupt file can allocate. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private OnnxTensors() {
    }

    /** {@code t} as a proto named {@code name}: int64 for INT64 tensors, float32 for all others. */
    static TensorProto toProto(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name);
        for (int d : t.shape()) {
            b.addDims(d);
        }
        ByteBuffer buf;
        if (t.dtype() == DType.INT64) {
            long[] v = t.toLongArray();
            buf = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            buf.asLongBuffer().put(v);
            b.setDataType(TensorProto.DataType.INT64_VALUE);
        } else {
            float[] v = t.toFloatArray();
            buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(v);
            b.setDataType(TensorProto.DataType.FLOAT_VALUE);
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** The Nabla tensor of {@code p}, after checking that its data agrees with its dims and type. */
    static Tensor fromProto(TensorProto p) throws FormatException {
        String what = "tensor '" + p.getName() + "'";
        if (p.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new FormatException(what + " keeps its data in an external file, which Nabla does not read");
        }
        int[] shape = new int[p.getDimsCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = p.getDims(i);
            if (d < 0 || d > MAX_ELEMENTS || (n *= d) > MAX_ELEMENTS) {
                throw new FormatException(what + " has invalid dims " + p.getDimsList());
            }
            shape[i] = (int) d;
        }
        int count = (int) n;
        ByteBuffer raw = p.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !p.getRawData().isEmpty();
        switch (p.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                float[] v = new float[checkCount(what, hasRaw ? raw.remaining() / 4 : p.getFloatDataCount(), count,
                        hasRaw && raw.remaining() % 4 != 0)];
                if (hasRaw) {
                    raw.asFloatBuffer().get(v);
                } else {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = p.getFloatData(i);
                    }
                }
                return scalarIfRank0(Tensor.of(v, shape), shape);
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                double[] v = new double[checkCount(what, hasRaw ? raw.remaining() / 8 : p.getDoubleDataCount(), count,
                        hasRaw && raw.remaining() % 8 != 0)];
                if (hasRaw) {
                    raw.asDoubleBuffer().get(v);
                } else {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = p.getDoubleData(i);
                    }
                }
                return scalarIfRank0(Tensor.of(v, shape).to(DType.FLOAT32), shape);
            }
            case TensorProto.DataType.INT64_VALUE -> {
                long[] v = new long[checkCount(what, hasRaw ? raw.remaining() / 8 : p.getInt64DataCount(), count,
                        hasRaw && raw.remaining() % 8 != 0)];
                if (hasRaw) {
                    raw.asLongBuffer().get(v);
                } else {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = p.getInt64Data(i);
                    }
                }
                return scalarIfRank0(Tensor.of(v, shape), shape);
            }
            case TensorProto.DataType.INT32_VALUE, TensorProto.DataType.BOOL_VALUE -> {
                long[] v = new long[checkCount(what, hasRaw ? raw.remaining() / elemSize(p) : p.getInt32DataCount(),
                        count, hasRaw && raw.remaining() % elemSize(p) != 0)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = !hasRaw ? p.getInt32Data(i) : elemSize(p) == 1 ? raw.get(i) : raw.getInt(4 * i);
                }
                Tensor t = scalarIfRank0(Tensor.of(v, shape), shape);
                return p.getDataType() == TensorProto.DataType.BOOL_VALUE ? t.ne(0) : t;
            }
            default -> throw new FormatException(what + " has element type " + typeName(p.getDataType())
                    + "; Nabla reads float, double, int32, int64 and bool tensors");
        }
    }

    /** {@code t} as a 0-d tensor when ONNX's dims are empty ({@code Tensor.of} makes 1-d tensors of no shape). */
    private static Tensor scalarIfRank0(Tensor t, int[] shape) {
        return shape.length == 0 ? t.reshape() : t;
    }

    private static int elemSize(TensorProto p) {
        return p.getDataType() == TensorProto.DataType.BOOL_VALUE ? 1 : 4;
    }

    private static int checkCount(String what, long found, int expected, boolean ragged) throws FormatException {
        if (ragged || found != expected) {
            throw new FormatException(what + " holds " + found + " values where its dims need " + expected);
        }
        return expected;
    }

    /** The ONNX name of element type {@code code} (e.g. FLOAT16), or the number if unknown. */
    static String typeName(int code) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(code);
        return t == null ? "#" + code : t.name();
    }

    /** The ONNX element type of a Nabla dtype. */
    static int elemType(DType d) {
        return switch (d) {
            case INT64 -> TensorProto.DataType.INT64_VALUE;
            case BOOL -> TensorProto.DataType.BOOL_VALUE;
            default -> TensorProto.DataType.FLOAT_VALUE;
        };
    }

    static String shape(int[] s) {
        return Arrays.toString(s);
    }
}
