package dev.nabla.nn;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test of a class with {@code @ExtendWith(OnReferenceBackend.class)} on the float64
 * reference backend (new tensors are float64 there), restoring the default backend afterwards.
 */
public final class OnReferenceBackend implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OnReferenceBackend.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("saved", Backends.getDefault());
        Backends.setDefault(Backends.REF);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Backends.setDefault(context.getStore(NS).get("saved", Backend.class));
    }
}
