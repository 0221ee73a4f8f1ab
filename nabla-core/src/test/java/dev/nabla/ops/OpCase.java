package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One test case of one op: how to make its inputs, the function under test and an optional
 * property of the result. {@link OpCaseTest} checks every case three ways; public, with
 * {@link OpCatalog}, for other modules' tests (nabla-core's test-jar), e.g. nabla-cuda's parity
 * test on a GPU.
 *
 * @param name     shown in test reports, e.g. {@code "add [3, 1] [4]"}
 * @param inputs   how each input is generated
 * @param fn       the op applied to the inputs
 * @param property extra assertion on (inputs, output), run on the reference backend; may be null
 * @param differentiable whether the output has a gradient (then every float input must get one);
 *                 false for masks, indices and other piecewise-constant outputs
 */
public record OpCase(String name, List<Input> inputs, Function<Tensor[], Tensor> fn, BiConsumer<Tensor[], Tensor> property,
              boolean differentiable) {

    /** Kinds of generated input. */
    public enum Kind {
        /** Float, uniform in {@code [lo, hi]}. */
        FLOAT,
        /** Float, {@code |x|} uniform in {@code [lo, hi]} with a random sign (keeps away from kinks at 0). */
        NONZERO,
        /** INT64, uniform in {@code [0, bound)}. */
        INDEX,
        /** BOOL, true with probability 1/2. */
        MASK
    }

    /** How to generate one input. */
    public record Input(Kind kind, int[] shape, double lo, double hi, int bound) {
        @Override
        public String toString() {
            return Arrays.toString(shape);
        }
    }

    static Input f(int... shape) {
        return new Input(Kind.FLOAT, shape, -2, 2, 0);
    }

    static Input positive(int... shape) {
        return new Input(Kind.FLOAT, shape, 0.5, 3, 0);
    }

    static Input nonzero(int... shape) {
        return new Input(Kind.NONZERO, shape, 0.2, 2, 0);
    }

    static Input range(double lo, double hi, int... shape) {
        return new Input(Kind.FLOAT, shape, lo, hi, 0);
    }

    static Input index(int bound, int... shape) {
        return new Input(Kind.INDEX, shape, 0, 0, bound);
    }

    static Input mask(int... shape) {
        return new Input(Kind.MASK, shape, 0, 0, 0);
    }

    static OpCase of(String op, Function<Tensor[], Tensor> fn, Input... inputs) {
        return new OpCase(op + " " + Arrays.toString(inputs), List.of(inputs), fn, null, true);
    }

    OpCase withProperty(BiConsumer<Tensor[], Tensor> check) {
        return new OpCase(name, inputs, fn, check, differentiable);
    }

    /** The case of an op whose output has no gradient (a comparison, an index). */
    OpCase notDifferentiable() {
        return new OpCase(name, inputs, fn, property, false);
    }

    /**
     * The case's inputs on {@code backend}, from the same float32-representable values whatever
     * the backend (seeded by the name); float inputs are in the backend's float type and require a
     * gradient. With {@code strided}, float inputs are non-contiguous views of the same values.
     */
    public Tensor[] makeInputs(Backend backend, boolean strided) {
        Generator g = new Generator(name.hashCode());
        Tensor[] out = new Tensor[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            Input in = inputs.get(i);
            int n = Arrays.stream(in.shape()).reduce(1, (a, b) -> a * b);
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = switch (in.kind()) {
                    case FLOAT -> (float) (in.lo() + (in.hi() - in.lo()) * g.nextDouble());
                    case NONZERO -> (float) ((g.nextDouble() < 0.5 ? -1 : 1) * (in.lo() + (in.hi() - in.lo()) * g.nextDouble()));
                    case INDEX -> g.nextLong(in.bound());
                    case MASK -> g.nextDouble() < 0.5 ? 1 : 0;
                };
            }
            DType type = switch (in.kind()) {
                case FLOAT, NONZERO -> backend.floatType();
                case INDEX -> DType.INT64;
                case MASK -> DType.BOOL;
            };
            boolean isFloat = type.isFloatingPoint();
            Tensor t = strided && isFloat ? stridedView(v, in.shape(), type, backend) : make(v, in.shape(), type, backend);
            out[i] = isFloat ? t.detach().requiresGrad(true) : t;
        }
        return out;
    }

    /** A contiguous tensor of {@code v} (converted to {@code type}) on {@code backend}, through its upload. */
    private static Tensor make(double[] v, int[] shape, DType type, Backend backend) {
        Object values = switch (type) {
            case FLOAT32 -> {
                float[] a = new float[v.length];
                for (int j = 0; j < v.length; j++) {
                    a[j] = (float) v[j];
                }
                yield a;
            }
            case FLOAT64 -> v.clone();
            case INT64 -> {
                long[] a = new long[v.length];
                for (int j = 0; j < v.length; j++) {
                    a[j] = (long) v[j];
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[v.length];
                for (int j = 0; j < v.length; j++) {
                    a[j] = v[j] != 0;
                }
                yield a;
            }
        };
        return new Tensor(backend.upload(values, shape.clone()), backend);
    }

    /** The same values as {@code make}, laid out transposed (rank >= 2) or with gaps (rank 1). */
    private static Tensor stridedView(double[] v, int[] shape, DType type, Backend backend) {
        int r = shape.length;
        if (r == 0) {
            return make(v, shape, type, backend);
        }
        if (r == 1) {
            double[] padded = new double[v.length * 2];
            for (int j = 0; j < v.length; j++) {
                padded[2 * j] = v[j];
            }
            return make(padded, new int[] {v.length * 2}, type, backend).slice(0, 0, v.length * 2, 2);
        }
        Tensor dense = make(v, shape, type, backend);
        int[] swapped = shape.clone();
        swapped[r - 1] = shape[r - 2];
        swapped[r - 2] = shape[r - 1];
        Tensor t = make(dense.transpose(-1, -2).toDoubleArray(), swapped, type, backend);
        return t.transpose(-1, -2);
    }

    @Override
    public String toString() {
        return name;
    }
}
