package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.ops.OpCase;
import dev.nabla.ops.OpCatalog;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Parity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a GPU: every case of nabla-core's op catalog ({@link OpCatalog}, from nabla-core's test-jar)
 * on {@code cuda} (as the default backend too) gives {@code ref}'s forward result and gradients,
 * with contiguous and non-contiguous inputs, within tolerances set by the backend's float type
 * ({@link Tolerance#of}). Skipped, with the reason printed, without a GPU ({@link OnGpu}).
 */
class OpCatalogGpuTest {
    private static Backend cuda;

    static List<OpCase> cases() {
        return OpCatalog.all();
    }

    /** The forward and gradient tolerances ({@code |e - a| <= atol + rtol |e|}) for a float type. */
    record Tolerance(double atol, double rtol, double gradAtol, double gradRtol) {
        static Tolerance of(DType floatType) {
            return switch (floatType) {
                // as cpu against ref in nabla-core's OpCaseTest
                case FLOAT32 -> new Tolerance(2e-5, 1e-4, 1e-4, 1e-3);
                // a float64 device: other summation orders and math libraries, but no rounding to float
                case FLOAT64 -> new Tolerance(1e-9, 1e-7, 1e-8, 1e-6);
                default -> throw new IllegalArgumentException("not a float type: " + floatType);
            };
        }
    }

    /** Without a GPU too: the catalog comes through nabla-core's test-jar, and its inputs upload. */
    @Test
    void theCatalogIsOnTheClassPath() {
        List<OpCase> cases = cases();
        assertFalse(cases.isEmpty(), "OpCatalog.all() is empty");
        for (OpCase c : cases) {
            assertEquals(c.inputs().size(), c.makeInputs(Backends.CPU, true).length, c.name());
        }
    }

    @OnGpu
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) {
        if (cuda == null) {
            cuda = new CudaBackend(Cuda.runtime(0));
        }
        Tolerance tol = Tolerance.of(cuda.floatType());
        for (boolean strided : new boolean[] {false, true}) {
            String what = c + (strided ? " (strided inputs)" : "") + " on cuda";
            Tensor[] ref = c.makeInputs(Backends.REF, strided);
            Tensor outRef = c.fn().apply(ref);
            Tensor[] dev = Parity.onBackend(cuda, () -> c.makeInputs(cuda, strided));
            Tensor outDev = Parity.onBackend(cuda, () -> c.fn().apply(dev));
            assertEquals(cuda, outDev.backend(), what + ": the result is not on cuda");
            Parity.assertClose(what + " forward", outRef, outDev, tol.atol(), tol.rtol());
            if (!outRef.dtype().isFloatingPoint() || !outRef.requiresGrad()) {
                continue;
            }
            Tensor w = weights(outRef);
            outRef.mul(w).sum().backward();
            Parity.onBackend(cuda, () -> {
                outDev.mul(w.to(cuda)).sum().backward();
                return null;
            });
            for (int i = 0; i < ref.length; i++) {
                if (ref[i].requiresGrad() && ref[i].grad() != null) {
                    assertNotNull(dev[i].grad(), what + ": gradient of input " + i + " missing");
                    Parity.assertClose(what + " gradient of input " + i, ref[i].grad(), dev[i].grad(),
                            tol.gradAtol(), tol.gradRtol());
                }
            }
        }
    }

    /** Float32-representable Gaussian weights for the output, on ref (as OpCaseTest's). */
    private static Tensor weights(Tensor out) {
        Generator g = new Generator(99);
        double[] w = new double[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) g.nextGaussian();
        }
        return new Tensor(Backends.REF.upload(w, out.shape()), Backends.REF);
    }
}
