package dev.nabla.testing;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one way tests switch backends: {@link OnBackend} sets the default backend around each
 * test; {@link OnEveryBackend} repeats a test on every backend.
 */
final class BackendExtension implements BeforeEachCallback, AfterEachCallback, TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BackendExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        named(context).ifPresent(b -> swap(context, b));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Backend saved = context.getStore(NS).remove("saved", Backend.class);
        if (saved != null) {
            Backends.setDefault(saved);
        }
    }

    /** The backend an {@link OnBackend} on the method, else on its class, names. */
    private static Optional<Backend> named(ExtensionContext context) {
        Optional<OnBackend> a = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, OnBackend.class));
        if (a.isEmpty()) {
            a = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, OnBackend.class));
        }
        return a.map(o -> Backends.byName(o.value()));
    }

    private static void swap(ExtensionContext context, Backend b) {
        context.getStore(NS).getOrComputeIfAbsent("saved", k -> Backends.getDefault(), Backend.class);
        Backends.setDefault(b);
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, OnEveryBackend.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Parity.BACKENDS.stream().map(BackendExtension::invocation);
    }

    private static TestTemplateInvocationContext invocation(Backend b) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return "on " + b.name();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of((BeforeEachCallback) c -> swap(c, b), new ParameterResolver() {
                    @Override
                    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
                        return p.getParameter().getType() == Backend.class;
                    }

                    @Override
                    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
                        return b;
                    }
                });
            }
        };
    }
}
