package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One test case of one op: how to make its inputs, the function under test and an optional
 * property of the result. {@link OpCaseTest} checks every case three ways.
 *
 * @param name     shown in test reports, e.g. {@code "add [3, 1] [4]"}
 * @param inputs   how each input is generated
 * @param fn       the op applied to the inputs
 * @param property extra assertion on (inputs, output), run on the reference backend; may be null
 * @param differentiable whether the output has a gradient (then every float input must get one);
 *                 false for masks, indices and other piecewise-constant outputs
 */
record OpCase(String name, List<Input> inputs, Function<Tensor[], Tensor> fn, BiConsumer<Tensor[], Tensor> property,
              boolean differentiable) {

    /** Kinds of generated input. */
    enum Kind {
        /** Float, uniform in {@code [lo, hi]}. */
        FLOAT,
        /** Float, {@code |x|} uniform in {@code [lo, hi]} with a random sign (keeps away from kinks at 0). */
        NONZERO,
        /** INT64, uniform in {@code [0, bound)}. */
        INDEX,
        /** BOOL, true with probability 1/2. */
        MASK
    }

    /** How to generate one input. */
    record Input(Kind kind, int[] shape, double lo, double hi, int bound) {
        @Override
        public String toString() {
            return Arrays.toString(shape);
        }
    }

    static Input f(int... shape) {
        return new Input(Kind.FLOAT, shape, -2, 2, 0);
    }

    static Input positive(int... shape) {
        return new Input(Kind.FLOAT, shape, 0.5, 3, 0);
    }

    static Input nonzero(int... shape) {
        return new Input(Kind.NONZERO, shape, 0.2, 2, 0);
    }

    static Input range(double lo, double hi, int... shape) {
        return new Input(Kind.FLOAT, shape, lo, hi, 0);
    }

    static Input index(int bound, int... shape) {
        return new Input(Kind.INDEX, shape, 0, 0, bound);
    }

    static Input mask(int... shape) {
        return new Input(Kind.MASK, shape, 0, 0, 0);
    }

    static OpCase of(String op, Function<Tensor[], Tensor> fn, Input... inputs) {
        return new OpCase(op + " " + Arrays.toString(inputs), List.of(inputs), fn, null, true);
    }

    OpCase withProperty(BiConsumer<Tensor[], Tensor> check) {
        return new OpCase(name, inputs, fn, check, differentiable);
    }

    /** The case of an op whose output has no gradient (a comparison, an index). */
    OpCase notDifferentiable() {
        return new OpCase(name, inputs, fn, property, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
