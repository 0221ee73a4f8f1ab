package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Modules held in a list, as {@code torch.nn.ModuleList}: each is registered as the child
 * {@code "0"}, {@code "1"}, ..., so its parameters are found and named ({@code "layers.0.weight"}
 * in a model that registers the list as {@code "layers"}). A list has no forward of its own:
 * the model's forward calls its modules.
 *
 * <pre>{@code
 * final ModuleList blocks = registerModule("blocks", new ModuleList(new Linear(8, 8), new Linear(8, 8)));
 * public Tensor forward(Tensor x) {
 *     for (Module block : blocks) x = block.forward(x).relu();
 *     return x;
 * }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    /** The modules in order. */
    public ModuleList(Module... modules) {
        extend(List.of(modules));
    }

    /** The modules in order. */
    public ModuleList(List<? extends Module> modules) {
        extend(modules);
    }

    /** Appends {@code module}, named by its position; returns {@code this}. */
    public ModuleList append(Module module) {
        items.add(registerModule(Integer.toString(items.size()), module));
        return this;
    }

    /** Appends each of {@code modules}; returns {@code this}. */
    public ModuleList extend(List<? extends Module> modules) {
        modules.forEach(this::append);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + items.size() : index;
        if (i < 0 || i >= items.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " is out of range for " + items.size()
                    + " modules");
        }
        return items.get(i);
    }

    /** Number of modules. */
    public int size() {
        return items.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(items).iterator();
    }

    /** Refused, as in PyTorch: a ModuleList is a container; call its modules from the model's forward. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward: call its modules from your model's forward");
    }
}
