package dev.nabla.optim;

import dev.nabla.backend.Backend;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state for one parameter: the number of steps taken and named tensors such as
 * Adam's {@code exp_avg} (names as in PyTorch's optimizer state).
 */
public final class ParamState {
    private long step;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    /** Steps taken so far, counting the current one inside an update rule (so the first is 1). */
    public long step() {
        return step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The buffer {@code name}, or {@code null} before it is first stored. */
    public Tensor get(String name) {
        return buffers.get(name);
    }

    /** Stores buffer {@code name}. */
    public void put(String name, Tensor value) {
        buffers.put(name, value);
    }

    /** The buffer {@code name}, created as {@code value} everywhere with the shape of {@code like} if absent. */
    public Tensor getOrFill(String name, Tensor like, double value) {
        return buffers.computeIfAbsent(name, k -> Tensor.fullLike(like, value));
    }

    /** Moves the buffers that are elsewhere to {@code backend} (their parameter's). */
    void moveTo(Backend backend) {
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (e.getValue().backend() != backend) {
                e.setValue(e.getValue().to(backend));
            }
        }
    }

    /** All buffers by name (live view). */
    public Map<String, Tensor> buffers() {
        return buffers;
    }
}
