package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The plain JSON-RPC caller the launchers share: one call, its {@code result}, or the node's error thrown. */
final class NodeRpc implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicLong ids = new AtomicLong();

    NodeRpc(String url) {
        this.url = url;
        this.uri = URI.create(url);
    }

    /**
     * @throws NodeRpcException     when the node answers with an error (code, message and {@code data})
     * @throws UncheckedIOException when the node cannot be reached
     */
    JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        request.set("params", JSON.valueToTree(params == null ? List.of() : Arrays.asList(params)));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + ": HTTP " + response.statusCode() + ", not JSON: " + response.body(), e);
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw new NodeRpcException(method, error);
        }
        if (!body.has("result")) {
            throw new IllegalStateException(method + ": HTTP " + response.statusCode() + ", no result: " + response.body());
        }
        return body.get("result");
    }

    @Override
    public void close() {
        http.close();
    }
}
