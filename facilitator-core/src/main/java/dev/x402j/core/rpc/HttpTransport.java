package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.x402j.core.ChainUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one JSON-RPC request (a call or a batch) to one endpoint over HTTP and reads its JSON answer; anything that is
 * not a node's JSON-RPC answer is a {@link TransportFailure} (see {@link JsonRpcErrors}). Messages name the endpoint
 * by its loggable form only. Thread-safe.
 */
final class HttpTransport {
    // The client's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String network;
    private final Duration connectTimeout;
    private final Clock wallClock;
    private final HttpClient http;

    /** @param wallClock the time a {@code Retry-After} date is counted from */
    HttpTransport(String network, RpcOptions options, Clock wallClock) {
        this.network = network;
        this.connectTimeout = options.connectTimeout();
        this.wallClock = wallClock;
        Duration connect = options.connectTimeout().compareTo(options.requestTimeout()) < 0
                ? options.connectTimeout()
                : options.requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param what the call or batch, for messages
     * @throws ChainUnavailableException when interrupted
     */
    JsonNode post(Endpoint endpoint, JsonNode body, String what, Duration timeout) throws TransportFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        if ("http".equalsIgnoreCase(endpoint.url.getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP nodes
        }
        HttpResponse<byte[]> response;
        long started = System.nanoTime();
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new TransportFailure(endpoint.loggable + " did not accept a connection within "
                    + Math.min(timeout.toMillis(), connectTimeout.toMillis()) + " ms", e, null);
        } catch (HttpTimeoutException e) {
            throw new TransportFailure(endpoint.loggable + " timed out after " + timeout.toMillis() + " ms", e, null);
        } catch (ConnectException e) {
            throw new TransportFailure(endpoint.loggable + " could not be reached: " + endpoint.redact(e.toString()), e,
                    null);
        } catch (IOException e) {
            throw new TransportFailure(endpoint.loggable + " failed: " + endpoint.redact(e.toString()), e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException(network, what + " to " + endpoint.loggable + " was interrupted", e);
        }
        int status = response.statusCode();
        if (log.isDebugEnabled()) {
            log.debug("{}: {} {} -> HTTP {} in {} ms", network, endpoint.loggable, what, status,
                    (System.nanoTime() - started) / 1_000_000);
        }
        JsonNode tree = parse(response.body());
        boolean jsonRpc = tree != null && (tree.isArray() || tree.has("result") || tree.has("error"));
        if (JsonRpcErrors.isTransportFailure(status, jsonRpc)) {
            Duration retryAfter = JsonRpcErrors.mayRetryAfter(status)
                    ? response.headers().firstValue("Retry-After")
                            .flatMap(h -> JsonRpcErrors.retryAfter(h, wallClock.instant()))
                            .orElse(null)
                    : null;
            String problem = status == 200
                    ? ": the node answered something that is not JSON-RPC"
                    : " answered HTTP " + status
                            + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)");
            throw new TransportFailure(endpoint.loggable + problem, null, retryAfter);
        }
        return tree;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON-RPC request", e);
        }
    }
}
