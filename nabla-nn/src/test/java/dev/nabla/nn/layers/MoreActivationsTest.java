package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backends;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReLU6, Hardtanh, Hardswish, Hardsigmoid, Mish, LogSigmoid, Softsign, SELU, CELU and PReLU
 * against the values and gradients PyTorch 1.13 prints for the same inputs (float64), kinks included.
 */
class MoreActivationsTest {
    private static final double[] X = {-4, -3, -1, 0, 0.5, 3, 7};

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of(new ReLU6(), "ReLU6()", new double[] {0, 0, 0, 0, 0.5, 3, 6}, new double[] {0, 0, 0, 0, 1, 1, 0}),
                Arguments.of(new Hardtanh(-0.5, 2), "Hardtanh(min_val=-0.5, max_val=2.0)",
                        new double[] {-0.5, -0.5, -0.5, 0, 0.5, 2, 2}, new double[] {0, 0, 0, 1, 1, 0, 0}),
                // the gradient at 3 is left out: PyTorch's scalar kernel gives 1.5 there, its vector kernel 1
                Arguments.of(new Hardswish(), "Hardswish()", new double[] {0, 0, -1 / 3.0, 0, 0.2916666667, 3, 7},
                        new double[] {0, -0.5, 1 / 6.0, 0.5, 2 / 3.0, Double.NaN, 1}),
                Arguments.of(new Hardsigmoid(), "Hardsigmoid()", new double[] {0, 0, 1 / 3.0, 0.5, 0.5833333333, 1, 1},
                        new double[] {0, 0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 0, 0}),
                Arguments.of(new Mish(), "Mish()",
                        new double[] {-0.0725917408, -0.1456474613, -0.3034014614, 0, 0.3752452113, 2.986535005, 6.9999883798},
                        new double[] {-0.0537732098, -0.0933931145, 0.0592167559, 0.6, 0.8864243754, 1.0211069109, 1.0000215592}),
                Arguments.of(new LogSigmoid(), "LogSigmoid()",
                        new double[] {-4.0181499279, -3.0485873516, -1.3132616875, -0.6931471806, -0.4740769842, -0.0485873516,
                            -0.0009114665},
                        new double[] {0.98201379, 0.9525741268, 0.7310585786, 0.5, 0.3775406688, 0.0474258732, 0.0009110512}),
                Arguments.of(new Softsign(), "Softsign()", new double[] {-0.8, -0.75, -0.5, 0, 1 / 3.0, 0.75, 0.875},
                        new double[] {0.04, 0.0625, 0.25, 1, 0.4444444444, 0.0625, 0.015625}),
                Arguments.of(new SELU(), "SELU()",
                        new double[] {-1.7258986282, -1.6705687288, -1.1113307378, 0, 0.5253504937, 3.1521029621, 7.3549069115},
                        new double[] {0.0322007127, 0.0875306121, 0.646768603, 1.7580993408, 1.0507009874, 1.0507009874,
                            1.0507009874}),
                Arguments.of(new CELU(0.5), "CELU(alpha=0.5)",
                        new double[] {-0.4998322687, -0.4987606239, -0.4323323584, 0, 0.5, 3, 7},
                        new double[] {0.0003354626, 0.0024787522, 0.1353352832, 1, 1, 1, 1}));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("layers")
    void matchesPyTorch(Module layer, String printed, double[] values, double[] gradients) {
        assertEquals(printed, layer.toString());
        Tensor x = Tensor.of(X).to(Backends.REF).requiresGrad(true);
        Tensor y = layer.forward(x);
        assertArrayEquals(values, y.toDoubleArray(), 1e-8, printed);
        y.sum().backward();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < X.length; i++) {
            if (!Double.isNaN(gradients[i])) {
                assertEquals(gradients[i], g[i], 1e-7, printed + ": gradient at " + X[i]);
            }
        }
    }

    @Test
    void preluLearnsOneSlopePerChannel() {
        PReLU p = new PReLU(3, 0.1);
        assertEquals("PReLU(num_parameters=3, init=0.1)", p.toString());
        try (var g = Tensor.noGrad()) {
            p.weight.assign(Tensor.of(new double[] {0.1, 0.2, -0.3}));
        }
        // x [2, 3, 2] and the weights 1..12 of sum(y * w), as PyTorch 1.13 printed them
        Tensor x = Tensor.of(new double[] {1, -2, 0, -4, -2, 2, -1, 0, 3, -1, -0.5, 1}, 2, 3, 2).requiresGrad(true);
        Tensor y = p.forward(x);
        assertArrayEquals(new double[] {1, -0.2, 0, -0.8, 0.6, 2, -0.1, 0, 3, -0.2, 0.15, 1}, y.toDoubleArray(), 1e-6);
        y.mul(Tensor.arange(1, 13, 1).reshape(2, 3, 2).to(y.dtype())).sum().backward();
        assertArrayEquals(new double[] {1, 0.2, 0.6, 0.8, -1.5, 6, 0.7, 0.8, 9, 2, -3.3, 12}, x.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {-11, -26, -15.5}, p.weight.grad().toDoubleArray(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(2, 4)));
        assertArrayEquals(new double[] {-0.5, 2}, new PReLU().forward(Tensor.of(new double[] {-2, 2})).toDoubleArray(), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> new PReLU(0, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new CELU(0));
    }
}
