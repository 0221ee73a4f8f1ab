package dev.nabla.serve;

import dev.nabla.io.Json;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Open Inference Protocol v2 REST routes ({@code /v2}, {@code /v2/health/live|ready},
 * {@code /v2/models/NAME[/versions/V][/ready|/infer]}) and {@code /metrics}. Errors are JSON
 * {@code {"error": "…"}} with a 4xx status (503 while shutting down); an unexpected failure
 * is a 500 with its one-line message, never a stack trace.
 */
final class InferenceHandler extends Handler.Abstract {
    /** Largest refused body still read to its end before the 413 (see {@link #body}). */
    private static final long DRAIN_BYTES = 1 << 20;
    private final Map<String, ServedModel> models;
    private final Map<String, Batcher> batchers;
    private final ServerMetrics metrics;
    private final long maxBodyBytes;
    private final BooleanSupplier ready;

    InferenceHandler(Map<String, ServedModel> models, Map<String, Batcher> batchers, ServerMetrics metrics,
                     long maxBodyBytes, BooleanSupplier ready) {
        this.models = models;
        this.batchers = batchers;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.ready = ready;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.equals("/metrics")) {
                requireGet(method);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, ServerMetrics.contentType());
                response.write(true, java.nio.ByteBuffer.wrap(metrics.scrape()), callback);
                return true;
            }
            List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
            if (parts.isEmpty() || !parts.get(0).equals("v2")) {
                throw new HttpError(404, "no route " + path);
            }
            if (parts.size() == 1) {
                requireGet(method);
                json(response, callback, 200, Map.of("name", "nabla", "version", "0.1.0", "extensions", List.of()));
            } else if (parts.size() == 3 && parts.get(1).equals("health")) {
                requireGet(method);
                boolean ok = parts.get(2).equals("live") || (parts.get(2).equals("ready") && ready.getAsBoolean());
                if (!parts.get(2).equals("live") && !parts.get(2).equals("ready")) {
                    throw new HttpError(404, "no route " + path);
                }
                json(response, callback, ok ? 200 : 503, Map.of(parts.get(2), ok));
            } else if (parts.get(1).equals("models") && parts.size() >= 3) {
                model(parts, request, response, callback, start);
            } else {
                throw new HttpError(404, "no route " + path);
            }
        } catch (HttpError e) {
            error(response, callback, e.status, e.getMessage());
        } catch (Exception e) {
            error(response, callback, 500, String.valueOf(e.getMessage()));
        }
        return true;
    }

    private void model(List<String> parts, Request request, Response response, Callback callback, long start)
            throws Exception {
        ServedModel m = models.get(parts.get(2));
        if (m == null) {
            throw new HttpError(404, "no model named '" + parts.get(2) + "' (serving " + models.keySet() + ")");
        }
        List<String> rest = parts.subList(3, parts.size());
        if (rest.size() >= 2 && rest.get(0).equals("versions")) {
            if (!rest.get(1).equals("1")) {
                throw new HttpError(404, "model '" + m.name + "' has only version 1");
            }
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            requireGet(request.getMethod());
            json(response, callback, 200, metadata(m));
        } else if (rest.equals(List.of("ready"))) {
            requireGet(request.getMethod());
            json(response, callback, 200, Map.of("name", m.name, "ready", ready.getAsBoolean()));
        } else if (rest.equals(List.of("infer"))) {
            infer(m, request, response, callback, start);
        } else {
            throw new HttpError(404, "no route " + Request.getPathInContext(request));
        }
    }

    private void infer(ServedModel m, Request request, Response response, Callback callback, long start)
            throws Exception {
        try {
            if (!request.getMethod().equals("POST")) {
                throw new HttpError(405, "use POST to infer");
            }
            InferenceRequest req = InferenceRequest.parse(body(request), m);
            batchers.get(m.name).submit(req.rows()).whenComplete((results, failure) -> {
                if (failure == null) {
                    try {
                        answer(m, response, callback, start, 200, Json.write(req.response(m, results)));
                        return;
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                int status = cause instanceof IllegalArgumentException ? 400 : 500;
                answer(m, response, callback, start, status, Json.write(Map.of("error", String.valueOf(cause.getMessage()))));
            });
        } catch (HttpError e) {
            answer(m, response, callback, start, e.status, Json.write(Map.of("error", e.getMessage())));
        }
    }

    private void answer(ServedModel m, Response response, Callback callback, long start, int status, String body) {
        metrics.request(m.name, status, System.nanoTime() - start);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    /**
     * The request body, refused with 413 beyond {@code maxBodyBytes}. A refused body of at most
     * {@link #DRAIN_BYTES} is read and dropped first: closing a connection with unread bytes
     * makes the kernel reset it, which can destroy the 413 on its way to the client.
     */
    private byte[] body(Request request) throws java.io.IOException {
        if (request.getLength() > maxBodyBytes) {
            if (request.getLength() <= DRAIN_BYTES) {
                Content.Source.consumeAll(request);
            }
            throw new HttpError(413, "request body of " + request.getLength() + " bytes exceeds the limit of "
                    + maxBodyBytes);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (b.length > maxBodyBytes) {
                throw new HttpError(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
            }
            return b;
        }
    }

    private static Map<String, Object> metadata(ServedModel m) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", m.name);
        md.put("versions", List.of("1"));
        md.put("platform", "nabla");
        List<Object> shape = new java.util.ArrayList<>(List.of(-1));
        if (m.rowShape != null) {
            for (int d : m.rowShape) {
                shape.add(d);
            }
        }
        md.put("inputs", List.of(Map.of("name", m.inputName, "datatype", "FP32", "shape", shape)));
        md.put("outputs", m.outputs.entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "datatype", e.getValue(), "shape", List.of(-1))).toList());
        return md;
    }

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, "method " + method + " not allowed here; use GET");
        }
    }

    private static void json(Response response, Callback callback, int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, Json.write(body), callback);
    }

    private static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, Map.of("error", message));
    }
}
