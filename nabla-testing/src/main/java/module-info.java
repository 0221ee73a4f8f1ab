/** Test helpers: the gradient check, the backend-parity runner and run-on-every-backend for JUnit. */
module dev.nabla.testing {
    requires transitive dev.nabla.core;
    requires transitive org.junit.jupiter.api;

    exports dev.nabla.testing;
    exports dev.nabla.testing.backend;

    // JUnit creates the package-private BackendExtension named by @OnBackend/@OnEveryBackend
    opens dev.nabla.testing to org.junit.platform.commons;
}
