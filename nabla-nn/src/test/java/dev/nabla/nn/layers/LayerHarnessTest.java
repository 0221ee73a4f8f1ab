package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Storage;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
    private static final double H = 1e-6;

    static Stream<LayerCase> cases() {
        return LayerCatalog.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapeOnBothBackends(LayerCase c) {
        for (Backend b : List.of(Backends.CPU, Backends.REF)) {
            onBackend(b, () -> {
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
    void gradientsMatchCentralDifferences(LayerCase c) {
        onBackend(Backends.REF, () -> {
            Module m = c.factory().apply(new Generator(2));
            m.train(c.gradInTraining());
            Tensor x = input(c, Backends.REF);
            if (!c.input().isIndex()) {
                x.requiresGrad(true);
            }
            Tensor out = m.forward(x);
            Tensor w = Tensor.randn(new Generator(99), out.shape());
            out.mul(w).sum().backward();
            List<Tensor> checked = new ArrayList<>(m.parameters());
            if (x.requiresGrad()) {
                checked.add(x);
            }
            for (Tensor t : checked) {
                assertNotNull(t.grad(), c + ": no gradient reached a " + (t instanceof Parameter ? "parameter" : "input"));
                double[] analytic = t.grad().toDoubleArray();
                Storage s = t.data().storage();
                for (int j = 0; j < s.size(); j++) {
                    double v = s.get(j);
                    s.set(j, v + H);
                    double up = loss(m, x, w);
                    s.set(j, v - H);
                    double down = loss(m, x, w);
                    s.set(j, v);
                    double numeric = (up - down) / (2 * H);
                    if (Math.abs(analytic[j] - numeric) > 1e-6 + 1e-5 * Math.abs(numeric)) {
                        fail(c + ": gradient [" + j + "] analytic " + analytic[j] + " vs numeric " + numeric
                                + (t instanceof Parameter ? " (parameter " + name(m, t) + ")" : " (input)"));
                    }
                }
            }
            return null;
        });
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

    private static double loss(Module m, Tensor x, Tensor w) {
        try (var g = Tensor.noGrad()) {
            return m.forward(x).mul(w).sum().item();
        }
    }

    private static String name(Module m, Tensor p) {
        return m.namedParameters().entrySet().stream().filter(e -> e.getValue() == p).map(Map.Entry::getKey)
                .findFirst().orElse("?");
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

    static <T> T onBackend(Backend b, Supplier<T> body) {
        Backend previous = Backends.getDefault();
        Backends.setDefault(b);
        try {
            return body.get();
        } finally {
            Backends.setDefault(previous);
        }
    }
}
