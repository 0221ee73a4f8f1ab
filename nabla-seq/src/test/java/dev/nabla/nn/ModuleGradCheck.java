package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import dev.nabla.testing.GradCheck;

/** nabla-testing's {@link GradCheck} applied to a module: every parameter, and the input when it is a float tensor. */
public final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    public static void check(Module m, Tensor x) {
        GradCheck.check(m.toString(), m::forward, x, m.parameters());
    }
}
