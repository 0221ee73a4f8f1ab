package dev.nabla.train.callbacks;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** A private copy of a module's state dict, to restore later (e.g. the best epoch's weights). */
final class WeightSnapshot {
    private final Map<String, Tensor> state = new LinkedHashMap<>();

    WeightSnapshot(Module module) {
        try (var noGrad = Tensor.noGrad()) {
            module.stateDict().forEach((k, v) -> state.put(k, v.clone()));
        }
    }

    void restoreInto(Module module) {
        module.loadStateDict(state);
    }

    Map<String, Tensor> state() {
        return state;
    }
}
