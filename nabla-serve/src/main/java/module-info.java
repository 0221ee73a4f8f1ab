/** The model server: HTTP prediction endpoints and Prometheus metrics. */
@SuppressWarnings("requires-automatic") // third-party jars without a module-info
module dev.nabla.serve {
    requires transitive dev.nabla.train;
    requires dev.nabla.onnx;
    requires org.eclipse.jetty.server;
    requires io.prometheus.metrics.core;  // automatic module
    requires io.prometheus.metrics.model; // automatic module
    requires io.prometheus.writer.text;   // automatic module
    requires java.net.http;               // the load generator's client

    exports dev.nabla.serve;
}
