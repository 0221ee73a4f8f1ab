/**
 * Tensors, autograd, the ops and the backend SPI; depends on nothing but the JDK. The cpu and ref
 * engines are internal: reach them through {@link dev.nabla.backend.Backends}.
 */
@SuppressWarnings("module") // dev.nabla.bench is compiled after this module
module dev.nabla.core {
    requires jdk.incubator.vector;

    exports dev.nabla.tensor;
    exports dev.nabla.autograd;
    exports dev.nabla.ops;
    exports dev.nabla.backend;

    // backends of other modules (nabla-cuda), made on first request by Backends.byName
    uses dev.nabla.backend.BackendProvider;

    // the GEMM kernel and the thread pool, measured on their own by the micro-benchmarks
    exports dev.nabla.backend.cpu to dev.nabla.bench;
}
