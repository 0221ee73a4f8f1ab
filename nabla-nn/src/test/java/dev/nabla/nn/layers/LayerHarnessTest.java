package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;
import dev.nabla.testing.OnBackend;
import dev.nabla.testing.Parity;
import dev.nabla.testing.backend.TestDevice;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared layer harness (in the spirit of Keras's {@code run_layer_test} and the op-case
 * runner): every {@link LayerCatalog} case is checked for output shape on both backends, for
 * gradients of input and parameters against central differences in float64 on the reference
 * backend, for train vs eval behaviour, and for a state-dict round trip.
 */
class LayerHarnessTest {
    static Stream<LayerCase> cases() {
        return LayerCatalog.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapeOnBothBackends(LayerCase c) {
        for (Backend b : Parity.BACKENDS) {
            Parity.onBackend(b, () -> {
                Module m = c.factory().apply(new Generator(1));
                Tensor y = m.forward(input(c, b));
                assertArrayEquals(c.outputShape(), y.shape(), c + " on " + b.name());
                assertEquals(b.floatType(), y.dtype(), c + " output dtype on " + b.name());
                for (double v : y.toDoubleArray()) {
                    assertTrue(Double.isFinite(v), c + ": non-finite output");
                }
                return null;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @OnBackend("ref")
    void gradientsMatchCentralDifferences(LayerCase c) {
        Module m = c.factory().apply(new Generator(2));
        m.train(c.gradInTraining());
        Tensor x = input(c, Backends.REF);
        GradCheck.check(c + " (parameters " + m.namedParameters().keySet() + ", then the input)", m::forward, x,
                m.parameters());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainAndEvalModes(LayerCase c) {
        Module m = c.factory().apply(new Generator(3));
        Tensor x = input(c, Backends.CPU);
        assertTrue(m.isTraining(), "modules start in training mode");
        Tensor train = m.forward(x);
        m.eval();
        assertFalse(m.isTraining());
        Tensor eval = m.forward(x);
        assertEquals(c.trainEvalDiffer(), !train.allClose(eval, 1e-6, 1e-6),
                c + (c.trainEvalDiffer() ? ": training and evaluation outputs should differ" : ": modes should agree"));
        assertTrue(m.forward(x).allClose(eval, 0, 0), c + ": evaluation must be deterministic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateDictRoundTrip(LayerCase c) {
        Module a = c.factory().apply(new Generator(4));
        Module b = c.factory().apply(new Generator(5));
        perturb(a, new Generator(6));
        Map<String, Tensor> state = a.stateDict();
        assertEquals(c.stateKeys(), List.copyOf(state.keySet()), c + ": state dict keys");
        a.eval();
        b.eval();
        Tensor x = input(c, Backends.CPU);
        if (!state.isEmpty()) {
            assertFalse(a.forward(x).allClose(b.forward(x), 1e-6, 1e-6), c + ": differently built layers should differ");
        }
        b.loadStateDict(state);
        assertTrue(a.forward(x).allClose(b.forward(x), 0, 0), c + ": outputs after loading the state dict");
        state.forEach((k, v) -> assertTrue(v.allClose(b.stateDict().get(k), 0, 0), c + ": " + k));
    }

    /**
     * The layer moved with {@code Module.to} to a device whose memory the host cannot read
     * ({@code test:0}, core primitives only, over {@code ref}): same output and gradients as on
     * {@code ref}, and every parameter and buffer on the device.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @OnBackend("ref")
    void onADeviceMatchesReference(LayerCase c) {
        Backend device = TestDevice.get();
        List<Tensor> ref = runEval(c.factory().apply(new Generator(7)), input(c, Backends.REF));
        Module m = c.factory().apply(new Generator(7)).to(device);
        m.stateDict().forEach((k, v) -> assertEquals(device, v.backend(), c + ": " + k + " moved"));
        List<Tensor> dev = runEval(m, input(c, Backends.REF).to(device));
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(device, dev.get(i).backend(), c + ": result " + i + " on the device");
            Parity.assertClose(c + " on " + device.device() + ", result " + i, ref.get(i), dev.get(i), 1e-9, 1e-9);
        }
    }

    /** The evaluation-mode output and the gradients of the parameters of {@code sum(y * y)}. */
    private static List<Tensor> runEval(Module m, Tensor x) {
        m.eval();
        Tensor y = m.forward(x);
        List<Tensor> out = new java.util.ArrayList<>(List.of(y.detach()));
        if (y.requiresGrad()) {
            y.mul(y).sum().backward();
            m.parameters().forEach(p -> out.add(p.grad()));
        }
        return out;
    }

    /** Adds U(0.1, 0.5) to every float parameter and buffer (keeps variances positive). */
    private static void perturb(Module m, Generator g) {
        try (var ng = Tensor.noGrad()) {
            for (Tensor t : m.stateDict().values()) {
                if (t.dtype().isFloatingPoint()) {
                    t.assign(t.add(Tensor.uniform(g, 0.1, 0.5, t.shape()).to(t.dtype())));
                }
            }
        }
    }

    /** The case's input on {@code backend}: the same float32-representable values on every backend. */
    static Tensor input(LayerCase c, Backend backend) {
        LayerCase.Input in = c.input();
        Generator g = new Generator(c.name().hashCode());
        int n = 1;
        for (int s : in.shape()) {
            n *= s;
        }
        DType type = in.isIndex() ? DType.INT64 : backend.floatType();
        Storage s = Storage.allocate(type, n);
        for (int j = 0; j < n; j++) {
            double v = in.isIndex() ? g.nextLong(in.bound())
                    : (float) ((in.nonzero() && g.nextDouble() < 0.5 ? -1 : 1) * (in.lo() + (in.hi() - in.lo()) * g.nextDouble()));
            s.set(j, v);
        }
        return new Tensor(new NDArray(s, in.shape().clone()), backend);
    }
}
