package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of a real node (anvil, the LiteSVM front): every request is forwarded to the
 * node, but the answer to a request that calls one of the chosen methods is lost on the way back — the proxy answers
 * HTTP 502 instead, as a load balancer does when its upstream connection breaks. The request did reach the chain; only
 * the client does not know it. This is what a client's retries and failover must survive without moving money twice.
 *
 * <p>Test infrastructure only. Thread-safe.
 */
public final class LossyRpcProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final Set<String> losing = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LossyRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy in front of {@code upstream} that loses the answers of {@code methods}. */
    public static LossyRpcProxy start(String upstream, String... methods) {
        try {
            LossyRpcProxy proxy = new LossyRpcProxy(URI.create(upstream));
            proxy.losing.addAll(Set.of(methods));
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
    }

    /** The proxy's URL, with a path (which it ignores; providers put API keys there). */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** How many calls of {@code method} it forwarded to the node (batched calls included). */
    public int forwarded(String method) {
        AtomicInteger n = forwarded.get(method);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode request = JSON.readTree(body);
            boolean lose = false;
            for (JsonNode call : request.isArray() ? request : JSON.createArrayNode().add(request)) {
                String method = call.path("method").asText();
                forwarded.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
                lose |= losing.contains(method);
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(upstream)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            if (lose) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
