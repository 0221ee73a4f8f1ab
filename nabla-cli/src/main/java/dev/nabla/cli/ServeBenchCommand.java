package dev.nabla.cli;

import dev.nabla.serve.ModelServer;
import dev.nabla.serve.ServeBench;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code nabla bench serve [--clients 8] [--seconds 20] [--max-batch 64] [--max-wait-us 2000]}:
 * the model server under load on 127.0.0.1 (see {@link ServeBench}); reached through
 * {@code nabla bench}.
 */
final class ServeBenchCommand {
    static final String HELP = """
            usage: nabla bench serve [--clients 8] [--seconds 20] [--max-batch 64] [--max-wait-us 2000]

            Serves an MLP 16-64-64-1 on a free 127.0.0.1 port, runs CLIENTS closed-loop HTTP
            clients posting one-row inference requests for SECONDS (after a 1 s warm-up) and
            prints `bench workload=serve ... requests_per_s=... p50_ms=... p99_ms=...`.
            """;

    private ServeBenchCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        if (a.has("help")) {
            out.print(HELP);
            return 0;
        }
        int clients = a.intValue("clients", 8, 1);
        int seconds = a.intValue("seconds", 20, 1);
        ModelServer.Options d = ModelServer.Options.defaults();
        ModelServer.Options o = new ModelServer.Options("127.0.0.1", 0, a.intValue("max-batch", d.maxBatch(), 1),
                a.intValue("max-wait-us", (int) d.maxWaitMicros(), 0), d.maxBodyBytes(), d.stopTimeoutMillis(), false);
        a.rejectUnknown();
        out.println(ServeBench.run(clients, Duration.ofSeconds(seconds), o));
        return 0;
    }
}
