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
                Arguments.of(new Tanhshrink(), "Tanhshrink()",
                        new double[] {-3.0006707003, -2.0049452463, -0.238405844, 0, 0.0378828427, 2.0049452463, 6.0000016631},
                        new double[] {0.9986590493, 0.9901339628, 0.5800256584, 0, 0.213552267, 0.9901339628, 0.9999966739}),
                Arguments.of(new Hardshrink(1), "Hardshrink(lambd=1.0)", new double[] {-4, -3, 0, 0, 0, 3, 7},
                        new double[] {1, 1, 0, 0, 0, 1, 1}),
                Arguments.of(new Softshrink(1), "Softshrink(lambd=1.0)", new double[] {-3, -2, 0, 0, 0, 2, 6},
                        new double[] {1, 1, 0, 0, 0, 1, 1}),
                Arguments.of(new Threshold(0.5, -2), "Threshold(threshold=0.5, value=-2.0)",
                        new double[] {-2, -2, -2, -2, -2, 3, 7}, new double[] {0, 0, 0, 0, 0, 1, 1}),
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

    @Test
    void gluSoftminPixelShuffleAndPadding() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 0, -1, 2, -2}, 2, 4).to(Backends.REF).requiresGrad(true);
        Tensor y = new GLU().forward(x);
        assertArrayEquals(new double[] {0.9525741268224334, 1.964027580075817, 0, -0.11920292202211755}, y.toDoubleArray(), 1e-12);
        y.mul(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).to(Backends.REF)).sum().backward();
        assertArrayEquals(new double[] {0.9525741268224334, 1.964027580075817, 0.045176659730912, 0.07065082485316443,
            2.642391233933647, 0.4768116880884702, 0, -0.419974341614026}, x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.6652409557748218, 0.2447284710547976, 0.09003057317038045, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                new Softmin(1).forward(Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3).to(Backends.REF)).toDoubleArray(), 1e-12);
        Tensor ps = new PixelShuffle(2).forward(Tensor.arange(8).reshape(1, 8, 1, 1));
        assertArrayEquals(new int[] {1, 2, 2, 2}, ps.shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, ps.toLongArray());
        Tensor image = Tensor.arange(16).reshape(1, 1, 4, 4);
        Tensor pu = new PixelUnshuffle(2).forward(image);
        assertArrayEquals(new long[] {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15}, pu.toLongArray());
        assertArrayEquals(image.toLongArray(), new PixelShuffle(2).forward(pu).toLongArray(), "the inverse");
        Tensor small = Tensor.arange(6).reshape(1, 1, 2, 3).to(Backends.REF.floatType());
        assertArrayEquals(new double[] {5, 4, 3, 4, 5, 4, 2, 1, 0, 1, 2, 1, 5, 4, 3, 4, 5, 4},
                new ReflectionPad2d(2, 1, 1, 0).forward(small).toDoubleArray(), 0);
        assertArrayEquals(new int[] {1, 1, 4, 5}, new ReplicationPad2d(1).forward(small).shape());
        assertArrayEquals(new double[] {2.5, 0, 1, 2, 2.5, 3, 4, 5, 2.5, 2.5, 2.5, 2.5},
                new ConstantPad2d(new int[] {1, 0, 0, 1}, 2.5).forward(small).toDoubleArray(), 0);
        assertArrayEquals(new int[] {1, 1, 2, 5}, new ZeroPad2d(1, 1, 0, 0).forward(small).shape());
        assertThrows(IllegalArgumentException.class, () -> new GLU().forward(Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new ZeroPad2d(1, 2));
    }
}
