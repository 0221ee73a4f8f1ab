package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sequential runs Linear + activation as one fused op, with the same numbers as running them one by one. */
class SequentialFusionTest {

    @ParameterizedTest
    @ValueSource(strings = {"relu", "sigmoid", "tanh"})
    void fusedPairsGiveTheUnfusedValuesAndGradients(String name) {
        Supplier<Module> act = () -> switch (name) {
            case "relu" -> new ReLU();
            case "sigmoid" -> new Sigmoid();
            default -> new Tanh();
        };
        Generator g = new Generator(3);
        Linear l1 = new Linear(6, 16, true, g);
        Linear l2 = new Linear(16, 3, true, g);
        Module a1 = act.get();
        Sequential fused = new Sequential(l1, a1, l2, act.get());
        Tensor x = Tensor.randn(g, 9, 6);

        Tensor yFused = fused.forward(x);
        yFused.sum().backward();
        float[][] gradsFused = {l1.weight.grad().toFloatArray(), l1.bias.grad().toFloatArray(),
            l2.weight.grad().toFloatArray(), l2.bias.grad().toFloatArray()};
        fused.zeroGrad();

        Tensor yPlain = act.get().forward(l2.forward(a1.forward(l1.forward(x))));
        yPlain.sum().backward();
        assertArrayEquals(yPlain.toFloatArray(), yFused.toFloatArray(), 0f, "same kernels, same values");
        assertArrayEquals(l1.weight.grad().toFloatArray(), gradsFused[0], 1e-6f);
        assertArrayEquals(l1.bias.grad().toFloatArray(), gradsFused[1], 1e-6f);
        assertArrayEquals(l2.weight.grad().toFloatArray(), gradsFused[2], 1e-6f);
        assertArrayEquals(l2.bias.grad().toFloatArray(), gradsFused[3], 1e-6f);
        assertEquals("linear_" + name, yFused.gradFn().name(), "the pair is one graph node");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSubclassOfAnActivationIsNotFused(boolean subclass) {
        Module act = subclass ? new ReLU() {
            @Override
            public Tensor forward(Tensor input) {
                return input.mul(2);
            }
        } : new ReLU();
        Linear l = new Linear(2, 2, true, new Generator(1));
        Tensor x = Tensor.of(new float[] {1, -2}).reshape(1, 2);
        Tensor expected = subclass ? l.forward(x).mul(2) : l.forward(x).relu();
        assertArrayEquals(expected.toFloatArray(), new Sequential(l, act).forward(x).toFloatArray(), 0f);
    }

    @Test
    void aSubclassOfLinearIsNotFused() {
        Linear scaled = new Linear(2, 2, true, new Generator(1)) {
            @Override
            public Tensor forward(Tensor input) {
                return super.forward(input).mul(3);
            }
        };
        Tensor x = Tensor.of(new float[] {1, -2}).reshape(1, 2);
        Tensor expected = scaled.forward(x).relu();
        Tensor y = new Sequential(scaled, new ReLU()).forward(x);
        assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 0f);
        assertEquals("relu", y.gradFn().name(), "the overridden forward ran, then ReLU on its own");
    }
}
