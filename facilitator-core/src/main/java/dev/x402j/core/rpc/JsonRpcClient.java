package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A resilient JSON-RPC 2.0 client over {@link HttpClient}, with batches, for one network served by one or more
 * endpoints in order of preference.
 *
 * <p>A call goes to the first healthy endpoint. A transport failure (connection refused, timeout, HTTP 429 or 5xx, an
 * answer that is not JSON-RPC) or a transient node error (rate limited, behind) moves it to the next endpoint; once
 * every endpoint was tried, it pauses (exponential backoff with jitter, at least what a {@code Retry-After} asked) and
 * goes round again, within {@link RpcOptions#maxAttempts()} requests and {@link RpcOptions#callTimeout()}. Any other
 * error object answered by a node is returned at once as a {@link JsonRpcException}: a node's judgement of the call is
 * never retried or asked elsewhere. See {@link JsonRpcErrors} for the whole table.
 *
 * <p>Each endpoint has a breaker: after {@link RpcOptions#breakerThreshold()} transport failures in a row it is skipped
 * for {@link RpcOptions#breakerCoolDown()}, then one call probes it again. When every endpoint is skipped a call
 * throws {@link ChainUnavailableException} at once, without touching the network. Giving up is a
 * {@code ChainUnavailableException} too.
 *
 * <p>An optional endpoint check (e.g. {@code eth_chainId}) runs once per endpoint before it serves its first call; an
 * endpoint that fails it (another chain) is never used, and said so in the log.
 *
 * <p>Retrying is safe for what the facilitator sends: reads, and signed transactions, whose second submission is the
 * same transaction (the node answers the same hash, or "already known").
 *
 * <p>Secrets: messages and logs name an endpoint as {@code scheme://host:port} only — providers put API keys in the path
 * or query — and never include parameters (which may be signed transactions). Thread-safe; share one per network.
 */
public final class JsonRpcClient {
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

    /** The answer to one call: its result ({@code NullNode} for a JSON {@code null}) or the node's error. */
    public record Answer(JsonNode result, JsonRpcException error) {
        /** The result, or the error thrown. */
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

    /** Builds a client; see {@link JsonRpcClient#builder}. Not thread-safe. */
    public static final class Builder {
        private final String network;
        private final List<URI> urls;
        private RpcOptions options = RpcOptions.defaults();
        private Predicate<JsonRpcException> transientErrors = e -> false;
        private Call checkCall;
        private Function<JsonNode, Optional<String>> checkProblem;
        private LongSupplier nanoTime = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Clock wallClock = Clock.systemUTC();

        private Builder(String network, List<URI> urls) {
            this.network = network;
            this.urls = urls;
        }

        public Builder options(RpcOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /**
         * The chain's own transient errors, retried like those {@link JsonRpcErrors#isTransient} knows (which stay
         * transient).
         */
        public Builder transientErrors(Predicate<JsonRpcException> chainSpecific) {
            this.transientErrors = Objects.requireNonNull(chainSpecific, "chainSpecific");
            return this;
        }

        /**
         * A check each endpoint must pass before it serves: {@code call} is sent to it once, and {@code problem} reads the
         * result; a problem (e.g. {@code "serves chain id 1, not 8453"}) takes the endpoint out of service for good. An
         * error answer to the check (a node without the method) lets the endpoint serve.
         */
        public Builder endpointCheck(Call call, Function<JsonNode, Optional<String>> problem) {
            this.checkCall = Objects.requireNonNull(call, "call");
            this.checkProblem = Objects.requireNonNull(problem, "problem");
            return this;
        }

        /** The monotonic time source of deadlines and breakers; tests pin it. */
        Builder nanoTime(LongSupplier value) {
            this.nanoTime = Objects.requireNonNull(value);
            return this;
        }

        /** The source of jitter, uniform in [0, 1). */
        Builder random(DoubleSupplier value) {
            this.random = Objects.requireNonNull(value);
            return this;
        }

        /**
         * @throws IllegalArgumentException when there is no endpoint, or one is not an http(s) URL with a host, or is
         *                                  listed twice (the message names endpoints by scheme, host and port only)
         */
        public JsonRpcClient build() {
            return new JsonRpcClient(this);
        }
    }

    // The work is shared out: EndpointPool (endpoints and their breakers), RetryLoop (failover, backoff, giving up),
    // EndpointCheck (the chain check), JsonRpcExchange (batches), HttpTransport (one HTTP request).
    private final String network;
    private final EndpointPool endpoints;
    private final RpcOptions options;
    private final RetryLoop retries;

    private JsonRpcClient(Builder b) {
        this.network = Objects.requireNonNull(b.network, "network");
        this.options = b.options;
        this.endpoints = new EndpointPool(network, b.urls, options, b.nanoTime);
        Predicate<JsonRpcException> isTransient = JsonRpcErrors.transientWith(b.transientErrors);
        HttpTransport transport = new HttpTransport(network, options, b.wallClock);
        JsonRpcExchange exchange = new JsonRpcExchange(network, transport, isTransient);
        EndpointCheck check = new EndpointCheck(network, b.checkCall, b.checkProblem, exchange, isTransient);
        this.retries = new RetryLoop(network, options, endpoints, check, exchange, isTransient, b.nanoTime, b.random);
    }

    /**
     * A client of {@code endpoints}, in order of preference.
     *
     * @param network the CAIP-2 id (or another name), for messages
     */
    public static Builder builder(String network, List<URI> endpoints) {
        return new Builder(network, endpoints == null ? null : List.copyOf(endpoints));
    }

    /** A client with no chain-specific transient errors and no endpoint check. */
    public static JsonRpcClient of(String network, List<URI> endpoints, RpcOptions options) {
        return builder(network, endpoints).options(options).build();
    }

    /** {@code scheme://host[:port]} of a URL: what may appear in logs and messages. */
    public static String loggable(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** The endpoints in order of preference, as they may be logged. */
    public List<String> endpoints() {
        return endpoints.loggables();
    }

    public RpcOptions options() {
        return options;
    }

    /**
     * One call.
     *
     * @throws JsonRpcException if the node answers an error that is not transient
     * @throws ChainUnavailableException if no endpoint answered within the attempts and the deadline, or all are skipped
     */
    public JsonNode call(String method, Object... params) {
        return batch(List.of(Call.of(method, params))).get(0).get();
    }

    /**
     * Several calls in one HTTP request; answers in the order of {@code calls}, per-call errors in the answers. A node
     * that refuses batches is asked call by call (and remembered as such). When one answer is a transient error, the
     * whole batch is retried.
     *
     * @throws ChainUnavailableException if no endpoint answered within the attempts and the deadline, or all are skipped
     */
    public List<Answer> batch(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return retries.send(calls);
    }

    @Override
    public String toString() {
        return "JsonRpcClient[" + network + ", " + endpoints() + "]";
    }
}
