package dev.x402j.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Solana JSON-RPC 2.0 client on {@link HttpClient}, with batches.
 *
 * <p>A transport failure (refused connection, timeout, HTTP 429 or 5xx, an answer that is not JSON-RPC) throws
 * {@link ChainUnavailableException}; an error object answered by the node is an {@link RpcException}. Messages and logs
 * name the endpoint as {@code scheme://host:port} only — providers put API keys in the path or query — and never
 * include parameters (which may be signed transactions). Thread-safe.
 */
public final class RpcClient {
    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call of a batch. */
    public record Call(String method, List<Object> params) {
        public Call {
            Objects.requireNonNull(method, "method");
            params = List.copyOf(params);
        }

        public static Call of(String method, Object... params) {
            return new Call(method, List.of(params));
        }
    }

    /** The answer to one call: its result ({@code NullNode} for JSON {@code null}) or the node's error. */
    public record Answer(JsonNode result, RpcException error) {
        public JsonNode get() {
            if (error != null) {
                throw error;
            }
            return result;
        }

        public boolean failed() {
            return error != null;
        }
    }

    private final String network;
    private final URI url;
    private final String endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param network the CAIP-2 id (or another name), for messages
     * @param url     the endpoint
     * @param timeout per request: connect, send and answer
     */
    public RpcClient(String network, URI url, Duration timeout) {
        this.network = network;
        this.url = url;
        this.endpoint = loggable(url);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code scheme://host[:port]} of a URL: what may appear in logs and messages. */
    public static String loggable(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * One call.
     *
     * @throws RpcException if the node answers an error
     * @throws ChainUnavailableException if it cannot be reached or answers garbage
     */
    public JsonNode call(String method, Object... params) {
        return batch(List.of(Call.of(method, params))).get(0).get();
    }

    /**
     * Several calls in one HTTP request; answers in the order of {@code calls}, per-call errors in the answers. A node
     * that refuses batches is asked call by call.
     *
     * @throws ChainUnavailableException if the node cannot be reached or answers garbage
     */
    public List<Answer> batch(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> indexById = new HashMap<>();
        ArrayNode body = JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            long id = ids.incrementAndGet();
            indexById.put(id, i);
            body.add(request(id, calls.get(i)));
        }
        boolean single = calls.size() == 1;
        String what = single ? calls.get(0).method() : "batch of " + calls.stream().map(Call::method).distinct().toList();
        JsonNode answer = post(single ? body.get(0) : body, what);
        if (single && answer.isObject()) {
            return List.of(answerOf(calls.get(0).method(), answer));
        }
        if (!answer.isArray()) {
            if (answer.isObject() && answer.has("error") && !single) {
                log.debug("{} refused a batch; asking call by call", endpoint);
                List<Answer> one = new ArrayList<>(calls.size());
                for (Call c : calls) {
                    one.add(batch(List.of(c)).get(0));
                }
                return one;
            }
            throw garbage(what, "not a JSON-RPC answer");
        }
        Answer[] answers = new Answer[calls.size()];
        for (JsonNode item : answer) {
            JsonNode id = item.get("id");
            Integer index = id != null && id.canConvertToLong() ? indexById.get(id.asLong()) : null;
            if (index == null || answers[index] != null) {
                throw garbage(what, "an answer with an unknown or repeated id");
            }
            answers[index] = answerOf(calls.get(index).method(), item);
        }
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] == null) {
                throw garbage(what, "no answer to " + calls.get(i).method());
            }
        }
        return List.of(answers);
    }

    private static ObjectNode request(long id, Call call) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", id);
        o.put("method", call.method());
        o.set("params", JSON.valueToTree(call.params()));
        return o;
    }

    private JsonNode post(JsonNode body, String what) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON-RPC request", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if ("http".equalsIgnoreCase(url.getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        HttpResponse<byte[]> response;
        long started = System.nanoTime();
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChainUnavailableException(network, what + " to " + endpoint + " timed out after " + timeout, e);
        } catch (IOException e) {
            throw new ChainUnavailableException(network, what + " to " + endpoint + " failed: " + redact(e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException(network, what + " to " + endpoint + " was interrupted", e);
        }
        if (log.isDebugEnabled()) {
            log.debug("{} {} -> HTTP {} in {} ms", endpoint, what, response.statusCode(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        int status = response.statusCode();
        JsonNode tree = parse(response.body());
        boolean jsonRpc = tree != null && (tree.isArray() || tree.has("result") || tree.has("error"));
        if (status == 429 || status >= 500 || (status != 200 && !jsonRpc)) {
            throw new ChainUnavailableException(network, what + " to " + endpoint + " answered HTTP " + status, null);
        }
        if (!jsonRpc) {
            throw garbage(what, "not JSON-RPC");
        }
        return tree;
    }

    private Answer answerOf(String method, JsonNode item) {
        JsonNode error = item.get("error");
        if (error != null && !error.isNull()) {
            return new Answer(null, new RpcException(
                    method, error.path("code").asInt(0), error.path("message").asText(""), error.get("data")));
        }
        if (!item.has("result")) {
            throw garbage(method, "an answer with neither result nor error");
        }
        JsonNode result = item.get("result");
        return new Answer(result == null ? NullNode.getInstance() : result, null);
    }

    private ChainUnavailableException garbage(String what, String problem) {
        return new ChainUnavailableException(network, what + " to " + endpoint + ": the node answered " + problem, null);
    }

    private String redact(String text) {
        String safe = text.replace(url.toString(), endpoint);
        for (String secret : new String[] {url.getRawQuery(), url.getRawPath(), url.getRawUserInfo()}) {
            if (secret != null && secret.length() > 1) {
                safe = safe.replace(secret, "…");
            }
        }
        return safe;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
