package dev.nabla.ops;

import dev.nabla.backend.AdamStep;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * One Adam/AdamW update of a parameter and its moment buffers, in place and in one fused pass
 * (the formula is in {@code Backend.adamStep}). Not recorded by autograd: it is an optimizer's
 * update, run under {@code noGrad}.
 */
public final class AdamUpdate {
    private AdamUpdate() {
    }

    /**
     * Updates {@code param}, {@code expAvg}, {@code expAvgSq} (and {@code maxExpAvgSq} for
     * AMSGrad, else null) in place from {@code grad}; all of {@code param}'s shape and backend.
     */
    public static void apply(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
                             AdamStep step) {
        for (Tensor t : new Tensor[] {grad, expAvg, expAvgSq, maxExpAvgSq}) {
            if (t == null) {
                continue;
            }
            OpSupport.sameBackend("adam", param, t);
            if (!Arrays.equals(t.data().shapeRef(), param.data().shapeRef())) {
                throw new IllegalArgumentException("adam: a state or gradient tensor of shape "
                        + Arrays.toString(t.data().shapeRef()) + " does not match the parameter's "
                        + Arrays.toString(param.data().shapeRef()));
            }
        }
        param.backend().adamStep(param.data(), grad.data(), expAvg.data(), expAvgSq.data(),
                maxExpAvgSq == null ? null : maxExpAvgSq.data(), step);
        for (Tensor t : new Tensor[] {param, expAvg, expAvgSq, maxExpAvgSq}) {
            if (t != null) {
                t.data().bumpVersion();
            }
        }
    }
}
