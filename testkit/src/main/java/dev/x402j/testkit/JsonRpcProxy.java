package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP JSON-RPC forwarding proxy on {@code 127.0.0.1} (a free port) in front of a node such as an
 * {@link AnvilChain}: every {@code POST} is forwarded unchanged to the node and the node's answer returned unchanged,
 * while the proxy records each JSON-RPC call (single or batch) it forwarded — its method and parameters. Tests point
 * the code under test at {@link #url()} and then assert, for example, how many {@code eth_sendRawTransaction} calls
 * reached the chain.
 *
 * <pre>{@code
 * try (JsonRpcProxy proxy = JsonRpcProxy.start(chain.rpcUrl())) {
 *     startServer("EVM_RPC_URL_…", proxy.url());
 *     ...
 *     assertThat(proxy.count("eth_sendRawTransaction")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>A call is recorded when its request has been read and is about to be forwarded (whether or not the node then
 * accepts it). A body that is not JSON is forwarded too and recorded under {@value #UNPARSEABLE}.
 *
 * <p>{@link #loseAnswersTo} makes it lose the node's answer to chosen methods: the request reaches the node, but the
 * client gets HTTP 502, as from a load balancer whose upstream connection broke. That is what a client's retries and
 * failover must survive without moving money twice. Thread-safe.
 */
public final class JsonRpcProxy implements AutoCloseable {
    /** The method name under which requests whose body is not JSON-RPC are counted. */
    public static final String UNPARSEABLE = "<not json-rpc>";

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcProxy.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One forwarded JSON-RPC call. */
    public record Call(String method, JsonNode params) {}

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> losing = ConcurrentHashMap.newKeySet();
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JsonRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a proxy in front of {@code upstreamUrl}, e.g. {@link AnvilChain#rpcUrl()}. */
    public static JsonRpcProxy start(String upstreamUrl) {
        try {
            return new JsonRpcProxy(URI.create(Objects.requireNonNull(upstreamUrl, "upstreamUrl")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JSON-RPC proxy", e);
        }
    }

    /** Where to send JSON-RPC, e.g. {@code http://127.0.0.1:40125}. */
    public String url() {
        return url;
    }

    /** The proxy's URL with a path, which it ignores (providers put API keys there, so tests use one to check redaction). */
    public URI url(String path) {
        return URI.create(url + path);
    }

    /**
     * From now on, a request that calls any of {@code methods} is forwarded to the node, but its answer is replaced by
     * HTTP 502.
     */
    public JsonRpcProxy loseAnswersTo(String... methods) {
        losing.addAll(List.of(methods));
        return this;
    }

    /** How many calls of {@code method} were forwarded since start (or the last {@link #reset()}). */
    public synchronized long count(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).count();
    }

    /** Forwarded calls per method, sorted by method name. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach(c -> out.merge(c.method(), 1L, Long::sum));
        return out;
    }

    /** The forwarded calls of {@code method}, in order. */
    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Forgets the calls recorded so far. */
    public synchronized void reset() {
        calls.clear();
    }

    /**
     * Waits until at least {@code atLeast} calls of {@code method} have been forwarded.
     *
     * @throws IllegalStateException if they have not after {@code timeout}; the message lists what was seen
     */
    public synchronized void awaitCount(String method, long atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(method) < atLeast) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IllegalStateException("saw " + count(method) + " " + method + " call(s), not " + atLeast
                        + ", within " + timeout + "; all calls: " + counts());
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            boolean lose = record(body).stream().anyMatch(c -> losing.contains(c.method()));
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(upstream)
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                LOG.debug("forwarding to {} failed: {}", upstream, e.toString());
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (lose) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type",
                    answer.headers().firstValue("Content-Type").orElse("application/json"));
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private List<Call> record(byte[] body) {
        List<Call> seen = new ArrayList<>();
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree != null && tree.isArray()) {
                tree.forEach(call -> seen.add(call(call)));
            } else if (tree != null && tree.isObject()) {
                seen.add(call(tree));
            } else {
                seen.add(new Call(UNPARSEABLE, null));
            }
        } catch (IOException notJson) {
            seen.add(new Call(UNPARSEABLE, null));
        }
        synchronized (this) {
            calls.addAll(seen);
            notifyAll();
        }
        return seen;
    }

    private static Call call(JsonNode node) {
        JsonNode method = node.get("method");
        return new Call(method != null && method.isTextual() ? method.asText() : UNPARSEABLE, node.get("params"));
    }

    /** Stops the proxy (connections in flight are cut). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            http.close();
        }
    }

    @Override
    public String toString() {
        return "JsonRpcProxy[" + url + " -> " + upstream + "]";
    }
}
