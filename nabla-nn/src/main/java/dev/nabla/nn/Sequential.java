package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chain of modules, each fed the previous one's output, as {@code torch.nn.Sequential} and
 * Keras's {@code Sequential}. Children are named {@code "0"}, {@code "1"}, ... (so parameters are
 * {@code "0.weight"}, ...) unless given names.
 *
 * <p>Shape: whatever the first module takes to whatever the last returns. Adjacent pairs that
 * fuse (see {@link Module#forwardFused}, e.g. {@code Linear} then {@code ReLU}) run as one op.
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** The modules in order. */
    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Named modules, in the map's iteration order (use a {@code LinkedHashMap}). */
    public Sequential(Map<String, ? extends Module> layers) {
        layers.forEach((name, m) -> this.layers.add(registerModule(name, m)));
    }

    /** Appends {@code module}, named by its position; returns {@code this}. */
    public Sequential add(Module module) {
        layers.add(registerModule(Integer.toString(layers.size()), module));
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        return layers.get(index < 0 ? index + layers.size() : index);
    }

    /** Number of modules. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Tensor fused = i + 1 < layers.size() ? m.forwardFused(x, layers.get(i + 1)) : null;
            if (fused != null) {
                x = fused;
                i++;
            } else {
                x = m.forward(x);
            }
        }
        return x;
    }
}
