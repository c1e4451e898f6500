package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that speaks JSON-RPC 2.0 as a node would, scripted to fail in the ways real
 * providers fail (HTTP 429 with Retry-After, 500/503, garbage, slow answers, error objects, batches refused). It counts
 * every request it receives, which is what the tests assert on.
 */
final class ScriptedJsonRpcServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server answers one HTTP request, given its parsed body. */
    @FunctionalInterface
    interface Reply {
        void answer(HttpExchange exchange, JsonNode body) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private Reply otherwise = results();

    private ScriptedJsonRpcServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ScriptedJsonRpcServer start() {
        try {
            return new ScriptedJsonRpcServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers the next requests with these replies, one each, in order; then {@link #otherwise}. */
    synchronized ScriptedJsonRpcServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply once the script is used up (by default: {@link #results()}). */
    synchronized ScriptedJsonRpcServer otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    /** The URL of this server with a path (and query), e.g. {@code /v2/KEY}. */
    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    URI url() {
        return url("/");
    }

    /** How many HTTP requests it received. */
    int requests() {
        return received.size();
    }

    /** The methods of every call it received, in order (batches flattened). */
    List<String> methods() {
        List<String> out = new ArrayList<>();
        for (JsonNode body : received) {
            if (body.isArray()) {
                body.forEach(c -> out.add(c.path("method").asText()));
            } else {
                out.add(body.path("method").asText());
            }
        }
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        received.add(body);
        Reply reply;
        synchronized (this) {
            reply = script.isEmpty() ? otherwise : script.poll();
        }
        try {
            reply.answer(exchange, body);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ replies

    /** A node that answers every call (single or batched) with the method's name as its result. */
    static Reply results() {
        return (ex, body) -> {
            if (body.isArray()) {
                ArrayNode answers = JSON.createArrayNode();
                body.forEach(c -> answers.add(result(c.get("id"), c.path("method").asText())));
                send(ex, 200, answers.toString(), Map.of());
            } else {
                send(ex, 200, result(body.get("id"), body.path("method").asText()).toString(), Map.of());
            }
        };
    }

    /** A JSON-RPC error object for every call (single or batched). */
    static Reply error(int code, String message) {
        return (ex, body) -> {
            if (body.isArray()) {
                ArrayNode answers = JSON.createArrayNode();
                body.forEach(c -> answers.add(error(c.get("id"), code, message)));
                send(ex, 200, answers.toString(), Map.of());
            } else {
                send(ex, 200, error(body.get("id"), code, message).toString(), Map.of());
            }
        };
    }

    /** A batch answered with one error object, as nodes that do not take batches do; single calls answered. */
    static Reply refusesBatches() {
        return (ex, body) -> {
            if (body.isArray()) {
                send(ex, 200, error(null, -32600, "batch requests are not supported").toString(), Map.of());
            } else {
                results().answer(ex, body);
            }
        };
    }

    /** An HTTP status with a body and headers. */
    static Reply status(int status, String body, Map<String, String> headers) {
        return (ex, request) -> send(ex, status, body, headers);
    }

    static Reply status(int status) {
        return status(status, "<html><body>" + status + "</body></html>", Map.of());
    }

    /** HTTP 429 with a {@code Retry-After} header. */
    static Reply tooManyRequests(String retryAfter) {
        return status(429, "{\"error\":\"rate limited\"}", Map.of("Retry-After", retryAfter));
    }

    /** {@code reply}, after a pause. */
    static Reply slow(Duration pause, Reply reply) {
        return (ex, body) -> {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reply.answer(ex, body);
        };
    }

    private static ObjectNode result(JsonNode id, String value) {
        ObjectNode o = JSON.createObjectNode().put("jsonrpc", "2.0");
        o.set("id", id);
        o.put("result", value);
        return o;
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode o = JSON.createObjectNode().put("jsonrpc", "2.0");
        o.set("id", id);
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    /** A local port on which nothing listens: connections are refused at once. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
