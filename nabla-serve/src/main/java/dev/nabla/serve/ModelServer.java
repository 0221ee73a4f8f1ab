package dev.nabla.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP model server speaking KServe's Open Inference Protocol v2 (REST/JSON), on Jetty.
 *
 * <pre>{@code
 * try (ModelServer s = ModelServer.start(List.of(Path.of("model")), ModelServer.Options.defaults())) {
 *     // POST http://127.0.0.1:8080/v2/models/model/infer
 * }
 * }</pre>
 *
 * <p>{@link #close} (and, with {@code stopAtShutdown}, SIGTERM) is graceful: new requests are
 * refused with 503 while those in flight finish, up to {@code stopTimeoutMillis}.
 */
public final class ModelServer implements AutoCloseable {

    /**
     * @param host              address to bind (127.0.0.1 by default: loopback only)
     * @param port              port (0 picks a free one; see {@link #port()})
     * @param maxBatch          most rows in one forward pass
     * @param maxWaitMicros     longest a request waits for others to join its batch
     * @param maxBodyBytes      largest request body (413 beyond)
     * @param stopTimeoutMillis how long a graceful stop waits for requests in flight
     * @param stopAtShutdown    stop gracefully when the JVM is asked to exit (SIGTERM, SIGINT)
     */
    public record Options(String host, int port, int maxBatch, long maxWaitMicros, long maxBodyBytes,
                          long stopTimeoutMillis, boolean stopAtShutdown) {
        public Options {
            if (port < 0 || port > 65535 || maxBatch < 1 || maxWaitMicros < 0 || maxBodyBytes < 1 || stopTimeoutMillis < 0) {
                throw new IllegalArgumentException("server options out of range: " + this);
            }
        }

        /** 127.0.0.1:8080, batches of up to 64 rows gathered for up to 2 ms, 16 MiB bodies, 10 s to stop. */
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 64, 2000, 16 << 20, 10_000, false);
        }

        public Options withPort(int p) {
            return new Options(host, p, maxBatch, maxWaitMicros, maxBodyBytes, stopTimeoutMillis, stopAtShutdown);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Batcher> batchers;
    private final GracefulHandler graceful;
    private volatile boolean ready;

    private ModelServer(Map<String, ServedModel> models, Options o) {
        ServerMetrics metrics = new ServerMetrics();
        batchers = new LinkedHashMap<>();
        models.forEach((name, m) -> batchers.put(name, new Batcher(m, o.maxBatch(), o.maxWaitMicros(),
                rows -> metrics.batch(name, rows))));
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("nabla-http");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(o.host());
        connector.setPort(o.port());
        server.addConnector(connector);
        graceful = new GracefulHandler(
                new InferenceHandler(models, batchers, metrics, o.maxBodyBytes(), () -> ready));
        server.setHandler(graceful);
        server.setStopTimeout(o.stopTimeoutMillis());
        server.setStopAtShutdown(o.stopAtShutdown());
    }

    /** Loads each model (a directory saved by Nabla, or an {@code .onnx} file) and starts serving them. */
    public static ModelServer start(List<Path> models, Options options) throws Exception {
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (Path p : models) {
            ServedModel m = ServedModel.load(p);
            if (byName.put(m.name, m) != null) {
                throw new IllegalArgumentException("two models are named '" + m.name + "'");
            }
        }
        return start(byName, options);
    }

    /**
     * Serves modules in memory by name: input {@code input}, FP32 {@code [batch, F]} with F the
     * in-features of each module's first Linear; output {@code output}.
     */
    public static ModelServer startModules(Map<String, ? extends dev.nabla.nn.Module> modules, Options options)
            throws Exception {
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        modules.forEach((name, m) -> byName.put(name, ServedModel.of(name, m)));
        return start(byName, options);
    }

    private static ModelServer start(Map<String, ServedModel> byName, Options options) throws Exception {
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("no model to serve");
        }
        ModelServer s = new ModelServer(byName, options);
        try {
            s.server.start();
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        s.ready = true;
        return s;
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The requests received and not yet answered. */
    long requestsInFlight() {
        return graceful.getCurrentRequestCount();
    }

    /** The names of the models served, in order. */
    public List<String> modelNames() {
        return List.copyOf(batchers.keySet());
    }

    /** Blocks until the server has stopped (by {@link #close} or at JVM shutdown). */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully: refuses new requests, finishes those in flight, then stops the batchers. */
    @Override
    public void close() throws Exception {
        ready = false;
        server.stop();
        for (Batcher b : batchers.values()) {
            b.close();
        }
    }
}
