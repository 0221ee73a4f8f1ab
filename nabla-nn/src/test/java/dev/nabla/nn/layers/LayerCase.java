package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One layer configuration for {@link LayerHarnessTest}, as the cases of Keras's
 * {@code run_layer_test}.
 *
 * @param name            shown in reports
 * @param factory         builds the layer, drawing any random initialization from the generator
 * @param input           how to make the input
 * @param outputShape     the expected output shape
 * @param trainEvalDiffer whether training and evaluation mode give different outputs
 * @param gradInTraining  whether to check gradients in training mode (false for stochastic layers)
 * @param stateKeys       the expected state-dict keys, in order
 */
record LayerCase(String name, Function<Generator, Module> factory, Input input, int[] outputShape,
        boolean trainEvalDiffer, boolean gradInTraining, List<String> stateKeys) {

    /** Input kinds: floats in [lo, hi] (with random sign when {@code nonzero}), or INT64 indices below {@code bound}. */
    record Input(int[] shape, double lo, double hi, boolean nonzero, int bound) {
        boolean isIndex() {
            return bound > 0;
        }
    }

    static Input floats(int... shape) {
        return new Input(shape, -2, 2, false, 0);
    }

    /** |x| in [0.2, 2]: away from the kink at 0 of ReLU-like functions. */
    static Input nonzero(int... shape) {
        return new Input(shape, 0.2, 2, true, 0);
    }

    /** x in [0.2, 2]: where odd powers stay positive. */
    static Input positive(int... shape) {
        return new Input(shape, 0.2, 2, false, 0);
    }

    static Input indices(int bound, int... shape) {
        return new Input(shape, 0, 0, false, bound);
    }

    static LayerCase of(String name, Function<Generator, Module> factory, Input input, int[] outputShape,
            String... stateKeys) {
        return new LayerCase(name, factory, input, outputShape, false, true, List.of(stateKeys));
    }

    LayerCase differsInEval() {
        return new LayerCase(name, factory, input, outputShape, true, gradInTraining, stateKeys);
    }

    LayerCase stochastic() {
        return new LayerCase(name, factory, input, outputShape, true, false, stateKeys);
    }

    static int[] shape(int... s) {
        return s;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(input.shape());
    }
}
