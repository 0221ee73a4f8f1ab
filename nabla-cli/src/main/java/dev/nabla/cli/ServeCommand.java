package dev.nabla.cli;

import dev.nabla.serve.ModelServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code nabla serve --model DIR [--model DIR...]}: an Open Inference Protocol v2 HTTP server until SIGTERM. */
final class ServeCommand implements Command {
    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "serve saved models over HTTP (KServe Open Inference Protocol v2)";
    }

    @Override
    public String help() {
        return """
                usage: nabla serve --model PATH [--model PATH...] [--port 8080] [--host 127.0.0.1]
                                   [--max-batch 64] [--max-wait-us 2000] [--max-body-bytes 16777216]

                Serves each model (a directory saved by Nabla, or an .onnx file) under its file
                name with KServe's Open Inference Protocol v2 over HTTP/JSON:
                  GET  /v2/health/live, /v2/health/ready, /v2/models/NAME
                  POST /v2/models/NAME/infer
                  GET  /metrics            (Prometheus: requests, errors, latency, batch sizes)
                Concurrent requests are batched: up to --max-batch rows, gathered for at most
                --max-wait-us microseconds. SIGTERM or Ctrl-C stops gracefully, answering the
                requests in flight first.

                Options:
                  --model PATH          model to serve (repeatable)
                  --port N              port (default 8080; 0 picks a free one)
                  --host ADDR           address to listen on (default 127.0.0.1, loopback only)
                  --max-batch N         most rows in one forward pass (default 64)
                  --max-wait-us N       longest wait for a batch to fill (default 2000)
                  --max-body-bytes N    largest request body; larger ones get 413 (default 16 MiB)
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        List<String> rest = new ArrayList<>();
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (w.equals("--model") && i + 1 < argv.size()) {
                models.add(Path.of(argv.get(++i)));
            } else if (w.startsWith("--model=")) {
                models.add(Path.of(w.substring(8)));
            } else {
                rest.add(w);
            }
        }
        Args a = Args.parse(rest);
        ModelServer.Options d = ModelServer.Options.defaults();
        ModelServer.Options o = new ModelServer.Options(a.string("host", d.host()), a.intValue("port", d.port(), 0),
                a.intValue("max-batch", d.maxBatch(), 1), a.intValue("max-wait-us", (int) d.maxWaitMicros(), 0),
                a.longValue("max-body-bytes", d.maxBodyBytes()), d.stopTimeoutMillis(), true);
        a.rejectUnknown();
        if (models.isEmpty()) {
            throw new UsageException("option '--model' is required");
        }
        for (Path m : models) {
            if (!Files.exists(m)) {
                throw new UsageException("no model at " + m);
            }
        }
        ModelServer server = ModelServer.start(models, o);
        out.printf("serving %s on http://%s:%d/v2 (max batch %d, max wait %d us); stop with Ctrl-C or SIGTERM%n",
                server.modelNames(), o.host(), server.port(), o.maxBatch(), o.maxWaitMicros());
        out.flush();
        server.join();
        return 0;
    }
}
