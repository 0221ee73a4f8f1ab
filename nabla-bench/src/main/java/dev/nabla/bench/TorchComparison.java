package dev.nabla.bench;

import dev.nabla.backend.Device;
import dev.nabla.data.datasets.DataStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code nabla bench --torch}: runs each workload alternately with Nabla and with the project's
 * PyTorch reference ({@code torch_workloads.py}, shipped in this jar), each run in a child
 * process of its own so that its peak resident memory is its own, then prints the medians of
 * both sides and {@code ratio workload=<id> nabla_over_torch=<x>} (speed figures; larger is
 * better for Nabla).
 *
 * <p>Run {@code r} of both sides uses seed {@code r}. PyTorch runs with its best thread setting
 * for W1-W4 on this kind of machine ({@code torchThreads}, 1 by default, see WORKLOADS.md) and
 * W5 with {@code OPENBLAS_NUM_THREADS} equal to Nabla's thread count. OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE are removed from the PyTorch child's environment only (they slow a current
 * OpenBLAS down), unless OpenBLAS falls back to an old kernel on this processor
 * ({@link OpenBlasCore}): then the child gets the kernel the processor runs.
 */
public final class TorchComparison {
    /** The interpreter with PyTorch: {@code $NABLA_PYTHON}, else Debian's (python3-torch). */
    public static final String PYTHON = System.getenv().getOrDefault("NABLA_PYTHON", "/usr/bin/python3");
    /** JVM options of the Nabla child: a heap sized for the workloads, a collector with a small footprint. */
    static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmn48m", "-Xmx256m", "-Xss4m");

    private TorchComparison() {
    }

    /** Why PyTorch cannot be run here, or null when it can. */
    public static String unavailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found";
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : PYTHON + " cannot import torch (apt-get install python3-torch)";
        } catch (IOException e) {
            return PYTHON + " cannot be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Runs the comparison for {@code workloads} (those without a speed key are skipped with a
     * note); {@code steps > 0} replaces the training workloads' default length on both sides.
     * {@code device} (null for the cpu) is where both sides compute: Nabla's child gets it as
     * {@code -Dnabla.backend}, PyTorch's as {@code --device} (the device type, e.g. {@code cuda}).
     */
    public static void run(List<Workloads.Workload> workloads, int threads, int torchThreads, int runs, int steps,
                           String device, PrintStream out) throws IOException, InterruptedException {
        Path script = extractScript();
        String data = DataStore.fromEnvironment().directory().toString();
        OpenBlasCore.Choice core = OpenBlasCore.probe(PYTHON);
        if (core.forced() != null) {
            out.println("note openblas_core=" + core.forced() + " (OpenBLAS detected " + core.detected()
                    + ", a fallback kernel on this processor)");
        }
        for (Workloads.Workload w : workloads) {
            if (w.speedKey() == null) {
                out.println("note workload=" + w.name() + " has no PyTorch counterpart; skipped");
                continue;
            }
            boolean gemm = w.name().equals("W5");
            int tt = gemm ? threads : torchThreads;
            List<Map<String, String>> nabla = new ArrayList<>();
            List<Map<String, String>> torch = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                for (int side = 0; side < 2; side++) {
                    // Alternate which side goes first, so that neither always runs right after the other.
                    boolean nablaNow = (side == 0) == (r % 2 == 0);
                    List<String> cmd = nablaNow ? nablaCommand(w, threads, r, steps, device)
                            : List.of(PYTHON, script.toString(), w.name(), "--threads", String.valueOf(tt),
                                    "--seed", String.valueOf(r), "--steps", String.valueOf(steps), "--data", data,
                                    "--device", device == null ? "cpu" : Device.parse(device).type());
                    List<Map<String, String>> lines = runChild(cmd, tt, nablaNow ? null : core.forced(), out);
                    (nablaNow ? nabla : torch).addAll(lines);
                }
            }
            summarize(w, nabla, torch, out);
        }
        Files.deleteIfExists(script);
    }

    private static List<String> nablaCommand(Workloads.Workload w, int threads, int seed, int steps, String device) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(CHILD_JVM_OPTIONS);
        for (String key : List.of("nabla.data", "nabla.cache", "nabla.offline", "nabla.bench.compiled")) { // as here
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (device != null) {
            cmd.add("-Dnabla.backend=" + device);
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.add(w.name());
        cmd.add(String.valueOf(threads));
        cmd.add(String.valueOf(seed));
        cmd.add(String.valueOf(steps));
        return cmd;
    }

    /**
     * Runs one child with {@code openblasCore} as OPENBLAS_CORETYPE (null: OpenBLAS's own choice),
     * echoes its result lines and returns them parsed; a failure is an exception.
     */
    private static List<Map<String, String>> runChild(List<String> cmd, int openblasThreads, String openblasCore,
                                                      PrintStream out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OPENBLAS_CORETYPE");
        if (openblasCore != null) {
            pb.environment().put("OPENBLAS_CORETYPE", openblasCore);
        }
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(openblasThreads));
        Process p = pb.start();
        List<Map<String, String>> lines = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("bench ")) {
                    out.println(line);
                    out.flush();
                    lines.add(parse(line));
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || lines.isEmpty()) {
            throw new IOException("benchmark child failed: " + String.join(" ", cmd.subList(0, Math.min(3, cmd.size())))
                    + " ...\n" + log);
        }
        return lines;
    }

    static Map<String, String> parse(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return kv;
    }

    /** Median lines per side (per matrix size for W5), then the ratio lines. */
    private static void summarize(Workloads.Workload w, List<Map<String, String>> nabla, List<Map<String, String>> torch,
                                  PrintStream out) {
        for (String n : groups(nabla)) {
            Map<String, Double> a = medians(nabla, n);
            Map<String, Double> b = medians(torch, n);
            String size = n.isEmpty() ? "" : " n=" + n;
            out.println(medianLine(w.name() + size, "nabla", a));
            out.println(medianLine(w.name() + size, "torch", b));
            Double sa = a.get(w.speedKey());
            Double sb = b.get(w.speedKey());
            if (sa != null && sb != null) {
                out.printf(Locale.ROOT, "ratio workload=%s%s nabla_over_torch=%.2f peak_rss_mb_nabla=%s peak_rss_mb_torch=%s%n",
                        w.name(), size, sa / sb, fmt(a.get("peak_rss_mb")), fmt(b.get("peak_rss_mb")));
            }
        }
        out.flush();
    }

    private static List<String> groups(List<Map<String, String>> lines) {
        return lines.stream().map(l -> l.getOrDefault("n", "")).distinct().toList();
    }

    /** The median of every numeric field over the lines of group {@code n}. */
    private static Map<String, Double> medians(List<Map<String, String>> lines, String n) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Map<String, String> l : lines) {
            if (!l.getOrDefault("n", "").equals(n)) {
                continue;
            }
            l.forEach((k, v) -> {
                try {
                    double d = Double.parseDouble(v);
                    values.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
                } catch (NumberFormatException e) {
                    // not a figure (workload, framework)
                }
            });
        }
        Map<String, Double> med = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            double[] d = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            med.put(k, d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2);
        });
        return med;
    }

    private static String medianLine(String workload, String framework, Map<String, Double> m) {
        StringBuilder sb = new StringBuilder("median workload=" + workload + " framework=" + framework);
        m.forEach((k, v) -> {
            if (!k.equals("n")) {
                sb.append(' ').append(k).append('=').append(fmt(v));
            }
        });
        return sb.toString();
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Writes the reference script from the jar to a temporary file. */
    private static Path extractScript() throws IOException {
        Path f = Files.createTempFile("nabla-torch-workloads", ".py");
        try (InputStream in = TorchComparison.class.getResourceAsStream("python/torch_workloads.py")) {
            if (in == null) {
                throw new IOException("torch_workloads.py is missing from the nabla-bench jar");
            }
            Files.write(f, in.readAllBytes());
        }
        return f;
    }

}
