package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Modules held by name, in insertion order, as {@code torch.nn.ModuleDict}: each is registered as
 * the child of its key, so its parameters are found and named ({@code "heads.price.weight"} in a
 * model that registers the dict as {@code "heads"}). A dict has no forward of its own.
 */
public class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    /** An empty dict. */
    public ModuleDict() {
    }

    /** The modules of {@code modules}, in its iteration order (use a {@code LinkedHashMap}). */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds {@code module} under {@code key} (a new key without dots); returns {@code this}. */
    public ModuleDict put(String key, Module module) {
        items.put(key, registerModule(key, module));
        return this;
    }

    /** The module under {@code key}; refused when there is none. */
    public Module get(String key) {
        Module m = items.get(key);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict: no module '" + key + "'; the keys are " + items.keySet());
        }
        return m;
    }

    /** Whether a module is held under {@code key}. */
    public boolean containsKey(String key) {
        return items.containsKey(key);
    }

    /** The keys, in insertion order. */
    public Set<String> keys() {
        return java.util.Collections.unmodifiableSet(items.keySet());
    }

    /** Number of modules. */
    public int size() {
        return items.size();
    }

    /** Refused, as in PyTorch: a ModuleDict is a container; call its modules from the model's forward. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleDict has no forward: call its modules from your model's forward");
    }
}
