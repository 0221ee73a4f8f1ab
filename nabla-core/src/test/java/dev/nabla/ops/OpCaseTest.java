package dev.nabla.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;
import dev.nabla.testing.Parity;
import dev.nabla.testing.backend.TestDevice;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * The shared runner for {@link OpCatalog}: every op case is checked (a) against central
 * differences in float64 on the reference backend with nabla-testing's {@link GradCheck} (a
 * case marked differentiable must produce a gradient for every float input, one marked not
 * differentiable must produce none), (b) {@code cpu} (float32) against {@code ref} (float64),
 * forward and backward, with contiguous and non-contiguous inputs, and (c) for its
 * stated property.
 */
class OpCaseTest {
    static Stream<OpCase> cases() {
        return OpCatalog.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchCentralDifferences(OpCase c) {
        Tensor[] x = inputs(c, Backends.REF, false);
        if (!c.differentiable()) {
            assertFalse(c.fn().apply(x).requiresGrad(), c + ": marked not differentiable, but its output requires a gradient");
            return;
        }
        GradCheck.check(c.toString(), c.fn(), x);
    }

    /** The runner itself: an op that forgets its backward fails, and so does a wrong flag. */
    @Test
    void aMissingGradientFailsTheCheck() {
        OpCase forgotten = OpCase.of("exp without backward", x -> x[0].detach().exp(), OpCase.f(3));
        assertThrows(AssertionFailedError.class, () -> gradientsMatchCentralDifferences(forgotten));
        OpCase flagged = OpCase.of("exp marked constant", x -> x[0].exp(), OpCase.f(3)).notDifferentiable();
        assertThrows(AssertionFailedError.class, () -> gradientsMatchCentralDifferences(flagged));
        OpCase halfConnected = OpCase.of("add ignoring y", x -> x[0].add(x[1].detach()), OpCase.f(3), OpCase.f(3));
        assertThrows(AssertionFailedError.class, () -> gradientsMatchCentralDifferences(halfConnected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cpuMatchesReference(OpCase c) {
        for (boolean strided : new boolean[] {false, true}) {
            Tensor[] ref = inputs(c, Backends.REF, strided);
            Tensor[] cpu = inputs(c, Backends.CPU, strided);
            Tensor outRef = c.fn().apply(ref);
            Tensor outCpu = c.fn().apply(cpu);
            String what = c + (strided ? " (strided inputs)" : "");
            Parity.assertClose(what + " forward", outRef, outCpu, 2e-5, 1e-4);
            if (!outRef.dtype().isFloatingPoint() || !outRef.requiresGrad()) {
                continue;
            }
            Tensor w = weights(outRef, Backends.REF);
            outRef.mul(w).sum().backward();
            outCpu.mul(w.to(Backends.CPU)).sum().backward();
            for (int i = 0; i < ref.length; i++) {
                if (ref[i].requiresGrad() && ref[i].grad() != null) {
                    assertNotNull(cpu[i].grad(), what + ": cpu gradient of input " + i + " missing");
                    Parity.assertClose(what + " gradient of input " + i, ref[i].grad(), cpu[i].grad(), 1e-4, 1e-3);
                }
            }
        }
    }

    /**
     * Every op on a device whose memory the host cannot read ({@code test:0}, computing with
     * {@code ref} through the core primitives only): same forward and gradients as {@code ref}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deviceMatchesReference(OpCase c) {
        Backend device = TestDevice.get();
        Tensor[] ref = inputs(c, Backends.REF, false);
        Tensor[] dev = new Tensor[ref.length];
        for (int i = 0; i < ref.length; i++) {
            dev[i] = ref[i].detach().to(device);
            dev[i] = ref[i].requiresGrad() ? dev[i].requiresGrad(true) : dev[i];
        }
        Tensor outRef = c.fn().apply(ref);
        Tensor outDev = c.fn().apply(dev);
        Parity.assertClose(c + " forward on " + device.device(), outRef, outDev, 1e-9, 1e-9);
        if (outRef.dtype().isFloatingPoint() && outRef.requiresGrad()) {
            Tensor w = weights(outRef, Backends.REF);
            outRef.mul(w).sum().backward();
            outDev.mul(w.to(device)).sum().backward();
            for (int i = 0; i < ref.length; i++) {
                if (ref[i].grad() != null) {
                    assertNotNull(dev[i].grad(), c + ": device gradient of input " + i + " missing");
                    Parity.assertClose(c + " gradient of input " + i + " on " + device.device(), ref[i].grad(),
                            dev[i].grad(), 1e-9, 1e-9);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statedProperty(OpCase c) {
        if (c.property() != null) {
            Tensor[] x = inputs(c, Backends.REF, false);
            c.property().accept(x, c.fn().apply(x));
        }
    }

    private static Tensor weights(Tensor out, Backend backend) {
        Generator g = new Generator(99);
        double[] w = new double[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) g.nextGaussian();
        }
        return new Tensor(new NDArray(new Storage.Doubles(w), out.shape()), Backends.REF).to(backend);
    }

    /**
     * The case's inputs on {@code backend}, from the same float32-representable values whatever
     * the backend; with {@code strided}, float inputs are non-contiguous views of the same values.
     */
    static Tensor[] inputs(OpCase c, Backend backend, boolean strided) {
        Generator g = new Generator(c.name().hashCode());
        Tensor[] out = new Tensor[c.inputs().size()];
        for (int i = 0; i < out.length; i++) {
            OpCase.Input in = c.inputs().get(i);
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

    private static Tensor make(double[] v, int[] shape, DType type, Backend backend) {
        Storage s = Storage.allocate(type, v.length);
        for (int j = 0; j < v.length; j++) {
            s.set(j, v[j]);
        }
        return new Tensor(new NDArray(s, shape.clone()), backend);
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
}
