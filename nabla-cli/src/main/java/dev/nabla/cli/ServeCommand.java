package dev.nabla.cli;

import dev.nabla.serve.ModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla serve --model DIR [--model DIR...]}: an Open Inference Protocol v2 HTTP server until SIGTERM. */
@Command(name = "serve", synopsisHeading = "usage: ", customSynopsis = {
        "nabla serve --model PATH [--model PATH...] [--port 8080] [--host 127.0.0.1]",
        "            [--max-batch 64] [--max-wait-us 2000] [--max-body-bytes 16777216]"},
        description = {"serve saved models over HTTP (KServe Open Inference Protocol v2)", "",
            "Serves each model (a directory saved by Nabla, or an .onnx file) under its file name with KServe's "
            + "Open Inference Protocol v2 over HTTP/JSON: GET /v2/health/live, /v2/health/ready, /v2/models/NAME; "
            + "POST /v2/models/NAME/infer; GET /metrics (Prometheus: requests, errors, latency, batch sizes). "
            + "Concurrent requests are batched: up to --max-batch rows, gathered for at most --max-wait-us "
            + "microseconds. SIGTERM or Ctrl-C stops gracefully, answering the requests in flight first."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class ServeCommand extends CliCommand {
    private static final ModelServer.Options DEFAULTS = ModelServer.Options.defaults();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Option(names = "--model", paramLabel = "PATH", description = "model to serve (repeatable)")
    List<String> models = new ArrayList<>();
    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "port (default 8080; 0 picks a free one)")
    int port;
    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address to listen on (default 127.0.0.1, loopback only)")
    String host;
    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "64",
            description = "most rows in one forward pass (default 64)")
    int maxBatch;
    @Option(names = "--max-wait-us", paramLabel = "N", defaultValue = "2000",
            description = "longest wait for a batch to fill (default 2000)")
    long maxWaitMicros;
    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "largest request body; larger ones get 413 (default 16 MiB)")
    long maxBodyBytes;

    @Override
    int run() throws Exception {
        if (models.isEmpty()) {
            throw new UsageException("option '--model' is required");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("option '--port' must be in [0, 65535], got " + port);
        }
        Tabular.atLeast("--max-batch", maxBatch, 1);
        if (maxWaitMicros < 0) {
            throw new UsageException("option '--max-wait-us' must be at least 0, got " + maxWaitMicros);
        }
        if (maxBodyBytes < 1) {
            throw new UsageException("option '--max-body-bytes' must be at least 1, got " + maxBodyBytes);
        }
        List<Path> paths = new ArrayList<>();
        for (String m : models) {
            Path p = Path.of(m);
            if (!Files.exists(p)) {
                throw new UsageException("no model at " + m);
            }
            paths.add(p);
        }
        ModelServer.Options o = new ModelServer.Options(host, port, maxBatch, maxWaitMicros, maxBodyBytes,
                DEFAULTS.stopTimeoutMillis(), true);
        ModelServer server = ModelServer.start(paths, o);
        out.printf("serving %s on http://%s:%d/v2 (max batch %d, max wait %d us); stop with Ctrl-C or SIGTERM%n",
                server.modelNames(), o.host(), server.port(), o.maxBatch(), o.maxWaitMicros());
        out.flush();
        server.join();
        return 0;
    }
}
