package dev.nabla.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;
import dev.nabla.testing.Parity;
import dev.nabla.testing.backend.TestDevice;
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

    /** The case's inputs on {@code backend} ({@link OpCase#makeInputs}). */
    static Tensor[] inputs(OpCase c, Backend backend, boolean strided) {
        return c.makeInputs(backend, strided);
    }
}
