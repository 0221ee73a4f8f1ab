package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Init.FanMode;
import dev.nabla.nn.Init.Nonlinearity;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitTest {
    // a [200, 300] weight: fanIn 300, fanOut 200 (60 000 samples, so std estimates are within ~1%)
    private static final int OUT = 200;
    private static final int IN = 300;

    static Stream<Arguments> uniformCases() {
        double g = Math.sqrt(2);
        return Stream.of(
                Arguments.of("uniform", (BiFunction<Tensor, Generator, Tensor>) (t, r) -> Init.uniform(t, -0.3, 0.3, r), 0.3),
                Arguments.of("xavierUniform", (BiFunction<Tensor, Generator, Tensor>) (t, r) -> Init.xavierUniform(t, 2, r),
                        2 * Math.sqrt(6.0 / (IN + OUT))),
                Arguments.of("kaimingUniform fan_in", (BiFunction<Tensor, Generator, Tensor>)
                        (t, r) -> Init.kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, r), g * Math.sqrt(3.0 / IN)),
                Arguments.of("kaimingUniform fan_out", (BiFunction<Tensor, Generator, Tensor>)
                        (t, r) -> Init.kaimingUniform(t, 0, FanMode.FAN_OUT, Nonlinearity.TANH, r), 5.0 / 3 * Math.sqrt(3.0 / OUT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uniformCases")
    void uniformInitializersFillTheirBound(String name, BiFunction<Tensor, Generator, Tensor> init, double bound) {
        Tensor t = init.apply(Tensor.zeros(OUT, IN), new Generator(1));
        assertTrue(t.abs().max().item() <= bound, name + ": within the bound");
        assertTrue(t.abs().max().item() > 0.99 * bound, name + ": reaches near the bound");
        assertEquals(bound / Math.sqrt(3), t.std().item(), 0.01 * bound, name + ": std of U(-b, b)");
    }

    @Test
    void truncNormalStaysWithinItsBoundsWithTheTruncatedStd() {
        Tensor t = Init.truncNormal(Tensor.zeros(OUT, IN), 0.5, 1, -1.5, 2.5, new Generator(4));
        assertTrue(t.min().item() >= -1.5 && t.max().item() <= 2.5, "within [a, b]");
        assertTrue(t.min().item() < -1.49 && t.max().item() > 2.49, "reaches near both bounds");
        // N(0.5, 1) cut at 2 standard deviations either side: std sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)) = 0.8796
        assertEquals(0.8796, t.std().item(), 0.01);
        assertEquals(0.5, t.mean().item(), 0.01);
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(Tensor.zeros(2), 0, 1, 20, 30, new Generator(0)));
    }

    static Stream<Arguments> normalCases() {
        return Stream.of(
                Arguments.of("normal", (BiFunction<Tensor, Generator, Tensor>) (t, r) -> Init.normal(t, 0.5, 0.2, r), 0.5, 0.2),
                Arguments.of("xavierNormal", (BiFunction<Tensor, Generator, Tensor>) (t, r) -> Init.xavierNormal(t, 1, r), 0.0,
                        Math.sqrt(2.0 / (IN + OUT))),
                Arguments.of("kaimingNormal leaky", (BiFunction<Tensor, Generator, Tensor>)
                        (t, r) -> Init.kaimingNormal(t, 0.1, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, r), 0.0,
                        Math.sqrt(2 / 1.01) / Math.sqrt(IN)),
                Arguments.of("lecunNormal", (BiFunction<Tensor, Generator, Tensor>) Init::lecunNormal, 0.0, 1 / Math.sqrt(IN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalCases")
    void normalInitializersHaveTheirMeanAndStd(String name, BiFunction<Tensor, Generator, Tensor> init, double mean,
            double std) {
        Tensor t = init.apply(Tensor.zeros(OUT, IN), new Generator(2));
        assertEquals(mean, t.mean().item(), 0.02 * std + 1e-12, name + ": mean");
        assertEquals(std, t.std().item(), 0.015 * std, name + ": std");
    }

    @Test
    void constantsAndSeeding() {
        assertEquals(6.0, Init.ones(Tensor.zeros(2, 3)).sum().item());
        assertEquals(0.0, Init.zeros(Tensor.ones(2, 3)).sum().item());
        assertEquals(7.5, Init.constant(Tensor.zeros(3), 2.5).sum().item());
        Tensor a = Init.xavierUniform(Tensor.zeros(3, 4), 1, new Generator(5));
        Tensor b = Init.xavierUniform(Tensor.zeros(3, 4), 1, new Generator(5));
        assertTrue(a.allClose(b, 0, 0), "same seed, same weights");
    }

    @Test
    void initializersWorkOnParametersThatRequireGrad() {
        Parameter p = new Parameter(Tensor.zeros(2, 2));
        Init.ones(p);
        assertEquals(4.0, p.sum().item());
        assertTrue(p.requiresGrad());
    }

    @Test
    void gainsAndFans() {
        assertEquals(1, Init.calculateGain(Nonlinearity.LINEAR, 0));
        assertEquals(1, Init.calculateGain(Nonlinearity.SIGMOID, 0));
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH, 0));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU, 0));
        assertEquals(Math.sqrt(2 / (1 + 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.1), 1e-15);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU, 0));
        assertArrayEquals(new int[] {4 * 9, 8 * 9}, Init.fans(Tensor.zeros(8, 4, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(5)));
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        for (int[] shape : new int[][] {{3, 5}, {5, 3}, {4, 4}, {2, 3, 2}}) {
            Tensor w = Init.orthogonal(Tensor.zeros(shape), 2, new Generator(7));
            Tensor m = w.reshape(shape[0], -1);
            Tensor gram = m.size(0) <= m.size(1) ? m.matmul(m.t()) : m.t().matmul(m);
            Tensor expected = Tensor.eye(gram.size(0)).mul(4);
            assertTrue(gram.allClose(expected, 1e-5, 1e-5), "W W^T = gain^2 I for " + java.util.Arrays.toString(shape)
                    + ": " + gram);
        }
    }
}
