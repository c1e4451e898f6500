package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A longer {@code Retry-After} is as good as never, within any deadline. */
    private static final long MAX_RETRY_AFTER_NANOS = Duration.ofDays(1).toNanos();

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

    private static final class Endpoint {
        final URI url;
        final String loggable;
        final EndpointHealth health;
        volatile boolean refusesBatches;
        volatile boolean checked;
        volatile String misconfigured;

        Endpoint(URI url, EndpointHealth health) {
            this.url = url;
            this.loggable = loggable(url);
            this.health = health;
        }

        /** Replaces the full URL (path and query may hold an API key) by the loggable endpoint. */
        String redact(String text) {
            String safe = text.replace(url.toString(), loggable);
            for (String secret : new String[] {url.getRawQuery(), url.getRawPath(), url.getRawUserInfo()}) {
                if (secret != null && secret.length() > 1) {
                    safe = safe.replace(secret, "…");
                }
            }
            return safe;
        }
    }

    /**
     * The endpoint could not be reached or did not answer JSON-RPC. The message starts with the endpoint's loggable
     * form and is safe to show.
     */
    private static final class TransportFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Duration retryAfter;

        TransportFailure(String message, Throwable cause, Duration retryAfter) {
            super(message, cause, false, false);
            this.retryAfter = retryAfter;
        }
    }

    /** Why an attempt failed: what happened at which endpoint (safe to show, starts with the endpoint), and why. */
    private record Failure(String part, Throwable cause) {}

    private final String network;
    private final List<Endpoint> endpoints;
    private final RpcOptions options;
    private final Predicate<JsonRpcException> chainTransient;
    private final Call checkCall;
    private final Function<JsonNode, Optional<String>> checkProblem;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final Clock wallClock;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    private JsonRpcClient(Builder b) {
        this.network = Objects.requireNonNull(b.network, "network");
        this.options = b.options;
        this.chainTransient = b.transientErrors;
        this.checkCall = b.checkCall;
        this.checkProblem = b.checkProblem;
        this.nanoTime = b.nanoTime;
        this.random = b.random;
        this.wallClock = b.wallClock;
        if (b.urls == null || b.urls.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC endpoint is required for " + network);
        }
        List<Endpoint> list = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        for (URI url : b.urls) {
            checkUrl(network, url);
            if (!seen.add(url)) {
                throw new IllegalArgumentException(
                        "the RPC endpoints of " + network + " list " + loggable(url) + " twice");
            }
            EndpointHealth health =
                    new EndpointHealth(options.breakerThreshold(), options.breakerCoolDown(), nanoTime);
            list.add(new Endpoint(url, health));
        }
        this.endpoints = List.copyOf(list);
        Duration connect = options.connectTimeout().compareTo(options.requestTimeout()) < 0
                ? options.connectTimeout()
                : options.requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        return endpoints.stream().map(e -> e.loggable).toList();
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
        String what = calls.size() == 1 ? calls.get(0).method() : "batch of " + methods(calls);
        Deadline deadline = Deadline.after(options.callTimeout(), nanoTime);
        int n = endpoints.size();
        boolean[] tried = new boolean[n];
        boolean[] rateLimited = new boolean[n];
        long[] notBefore = new long[n];
        Failure[] failures = new Failure[n];
        Failure last = null;
        int attempts = 0;
        int round = 0;
        while (true) {
            int i = choose(tried, rateLimited, notBefore);
            if (i < 0) {
                if (endpoints.stream().noneMatch(this::usable)) {
                    throw attempts == 0
                            ? allDown(what, last)
                            : gaveUp(what, failures, last, attempts, "every endpoint is now skipped");
                }
                round++;
                long wait = pauseBeforeRound(round, rateLimited, notBefore);
                if (wait >= deadline.leftNanos()) {
                    throw gaveUp(what, failures, last, attempts, "the next attempt would start after the call's "
                            + "deadline of " + options.callTimeout().toMillis() + " ms");
                }
                sleep(what, wait);
                Arrays.fill(tried, false);
                continue;
            }
            tried[i] = true;
            Endpoint endpoint = endpoints.get(i);
            attempts++;
            long timeoutNanos = attempts == 1
                    ? Backoff.nanos(options.requestTimeout())
                    : Math.min(Backoff.nanos(options.requestTimeout()), deadline.leftNanos());
            if (timeoutNanos <= 0) {
                endpoint.health.release();
                throw gaveUp(what, failures, last, attempts - 1, deadlinePassed());
            }
            Duration timeout = Duration.ofNanos(timeoutNanos);
            List<Answer> answers = null;
            try {
                if (checkCall != null && !endpoint.checked) {
                    Answer checked = exchange(endpoint, List.of(checkCall), timeout, checkCall.method()).get(0);
                    if (checked.failed() && isTransient(checked.error())) {
                        answers = List.of(checked); // retried below like any transient answer
                    } else {
                        Optional<String> problem = judge(endpoint, checked);
                        if (problem.isPresent()) {
                            endpoint.misconfigured = "the RPC endpoint " + endpoint.loggable + " " + problem.get()
                                    + ": check its URL";
                            endpoint.health.success(); // it answered: only its chain is wrong
                            log.error("{}: {}; it is not used", network, endpoint.misconfigured);
                            attempts--; // a configuration problem, not a failed attempt
                            continue;
                        }
                    }
                }
                if (answers == null) {
                    answers = exchange(endpoint, calls, timeout, what);
                }
            } catch (TransportFailure f) {
                logChange(endpoint, endpoint.health.failure());
                last = failures[i] = new Failure(f.getMessage(), f.getCause());
                if (f.retryAfter != null) {
                    rateLimited[i] = true;
                    notBefore[i] = nanoTime.getAsLong() + Math.min(Backoff.nanos(f.retryAfter), MAX_RETRY_AFTER_NANOS);
                }
                log.debug("{}: {} to {} (attempt {} of {})", network, what, f.getMessage(), attempts,
                        options.maxAttempts());
                if (attempts >= options.maxAttempts() || deadline.passed()) {
                    throw gaveUp(what, failures, last, attempts, whyNow(attempts));
                }
                continue;
            } catch (RuntimeException | Error e) {
                endpoint.health.release();
                throw e;
            }
            logChange(endpoint, endpoint.health.success());
            JsonRpcException busy = answers.stream()
                    .map(Answer::error)
                    .filter(e -> e != null && isTransient(e))
                    .findFirst()
                    .orElse(null);
            if (busy == null) {
                return answers;
            }
            last = failures[i] = new Failure(endpoint.loggable + ": " + busy.rpcMessage() + " (JSON-RPC error "
                    + busy.code() + (calls.size() > 1 ? ", " + busy.method() : "") + ")", busy);
            log.debug("{}: {} to {} (attempt {} of {})", network, what, last.part(), attempts, options.maxAttempts());
            if (attempts >= options.maxAttempts() || deadline.passed()) {
                throw gaveUp(what, failures, last, attempts, whyNow(attempts));
            }
        }
    }

    /** Why a call stops after a failure: nothing to add when the attempts ran out, else the deadline. */
    private String whyNow(int attempts) {
        return attempts >= options.maxAttempts() ? null : deadlinePassed();
    }

    private String deadlinePassed() {
        return "the call's deadline of " + options.callTimeout().toMillis() + " ms passed";
    }

    /**
     * The first endpoint, in order of preference, not tried in this round, not waiting for its {@code Retry-After}, and
     * whose breaker lets a request through (taking that right); -1 when none.
     */
    private int choose(boolean[] tried, boolean[] rateLimited, long[] notBefore) {
        long now = nanoTime.getAsLong();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            if (tried[i] || e.misconfigured != null || (rateLimited[i] && now - notBefore[i] < 0)) {
                continue;
            }
            if (e.health.tryAcquire()) {
                return i;
            }
        }
        return -1;
    }

    private boolean usable(Endpoint e) {
        return e.misconfigured == null && e.health.admits();
    }

    /**
     * The backoff of this round, lengthened to the earliest {@code Retry-After} when every usable endpoint is waiting
     * for one.
     */
    private long pauseBeforeRound(int round, boolean[] rateLimited, long[] notBefore) {
        long wait = Backoff.nanos(
                Backoff.delay(round, options.backoffBase(), options.backoffCap(), random.getAsDouble()));
        long now = nanoTime.getAsLong();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < endpoints.size(); i++) {
            if (!usable(endpoints.get(i))) {
                continue;
            }
            long left = rateLimited[i] ? notBefore[i] - now : 0;
            earliest = Math.min(earliest, Math.max(0, left));
        }
        return earliest == Long.MAX_VALUE ? wait : Math.max(wait, earliest);
    }

    private boolean isTransient(JsonRpcException e) {
        return JsonRpcErrors.isTransient(e) || chainTransient.test(e);
    }

    /** Reads the endpoint check's answer: a problem, or empty when the endpoint may serve (and is checked). */
    private Optional<String> judge(Endpoint endpoint, Answer checked) {
        if (checked.failed()) {
            log.debug("{}: {} cannot answer the endpoint check ({}); using it unchecked", network, endpoint.loggable,
                    checked.error().rpcMessage());
            endpoint.checked = true;
            return Optional.empty();
        }
        Optional<String> problem = checkProblem.apply(checked.result());
        if (problem.isEmpty()) {
            endpoint.checked = true;
        }
        return problem;
    }

    // ------------------------------------------------------------------------------------------ one endpoint

    private List<Answer> exchange(Endpoint endpoint, List<Call> calls, Duration timeout, String what)
            throws TransportFailure {
        if (calls.size() > 1 && endpoint.refusesBatches) {
            return oneByOne(endpoint, calls, timeout);
        }
        Map<Long, Integer> indexById = new HashMap<>();
        ArrayNode body = JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            long id = ids.incrementAndGet();
            indexById.put(id, i);
            body.add(request(id, calls.get(i)));
        }
        boolean single = calls.size() == 1;
        JsonNode answer = post(endpoint, single ? body.get(0) : body, what, timeout);
        if (single && answer.isObject()) {
            return List.of(answerOf(endpoint, calls.get(0).method(), answer));
        }
        if (!answer.isArray()) {
            if (answer.isObject() && answer.hasNonNull("error") && !single) {
                JsonRpcException refusal = errorOf(what, answer.get("error"));
                if (isTransient(refusal)) {
                    return calls.stream().map(c -> new Answer(null, errorOf(c.method(), answer.get("error")))).toList();
                }
                log.debug("{}: {} refused a batch ({}); asking it call by call", network, endpoint.loggable,
                        refusal.rpcMessage());
                endpoint.refusesBatches = true;
                return oneByOne(endpoint, calls, timeout);
            }
            throw garbage(endpoint, "not a JSON-RPC batch answer");
        }
        Answer[] answers = new Answer[calls.size()];
        for (JsonNode item : answer) {
            JsonNode idNode = item.get("id");
            Integer index = idNode != null && idNode.canConvertToLong() ? indexById.get(idNode.asLong()) : null;
            if (index == null || answers[index] != null) {
                throw garbage(endpoint, "an answer with an unknown or repeated id");
            }
            answers[index] = answerOf(endpoint, calls.get(index).method(), item);
        }
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] == null) {
                throw garbage(endpoint, "no answer to " + calls.get(i).method());
            }
        }
        return List.of(answers);
    }

    private List<Answer> oneByOne(Endpoint endpoint, List<Call> calls, Duration timeout) throws TransportFailure {
        List<Answer> answers = new ArrayList<>(calls.size());
        for (Call c : calls) {
            answers.add(exchange(endpoint, List.of(c), timeout, c.method()).get(0));
        }
        return answers;
    }

    private static ObjectNode request(long id, Call call) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", id);
        o.put("method", call.method());
        o.set("params", JSON.valueToTree(call.params()));
        return o;
    }

    private JsonNode post(Endpoint endpoint, JsonNode body, String what, Duration timeout) throws TransportFailure {
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
                    + Math.min(timeout.toMillis(), options.connectTimeout().toMillis()) + " ms", e, null);
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

    private static Answer answerOf(Endpoint endpoint, String method, JsonNode item) throws TransportFailure {
        JsonNode error = item.get("error");
        if (error != null && !error.isNull()) {
            return new Answer(null, errorOf(method, error));
        }
        if (!item.has("result")) {
            throw garbage(endpoint, "an answer to " + method + " with neither result nor error");
        }
        JsonNode result = item.get("result");
        return new Answer(result == null ? NullNode.getInstance() : result, null);
    }

    private static JsonRpcException errorOf(String method, JsonNode error) {
        return new JsonRpcException(method, error.path("code").asInt(0), error.path("message").asText(""),
                error.get("data"));
    }

    private static TransportFailure garbage(Endpoint endpoint, String problem) {
        return new TransportFailure(endpoint.loggable + ": the node answered " + problem, null, null);
    }

    // ------------------------------------------------------------------------------------------ giving up

    /** Giving up after failures: the one endpoint's failure, or each endpoint's latest in order of preference. */
    private ChainUnavailableException gaveUp(String what, Failure[] failures, Failure last, int attempts, String why) {
        List<String> parts = Arrays.stream(failures).filter(Objects::nonNull).map(Failure::part).toList();
        String tries =
                " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + (why == null ? "" : "; " + why) + ")";
        String message = parts.size() == 1
                ? what + " to " + parts.get(0) + tries
                : what + " failed at " + parts.size() + " endpoints" + tries + ": " + String.join("; ", parts);
        return new ChainUnavailableException(network, message, last == null ? null : last.cause());
    }

    private ChainUnavailableException allDown(String what, Failure last) {
        List<String> states = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.misconfigured != null) {
                states.add(e.misconfigured);
            } else {
                Duration wait = e.health.untilProbe();
                states.add(e.loggable + " is skipped after " + failures(e.health.consecutiveFailures())
                        + " in a row" + (wait.isZero() ? " (being probed)"
                                : " (next probe in " + Math.max(1, (wait.toMillis() + 999) / 1000) + " s)"));
            }
        }
        boolean allMisconfigured = endpoints.stream().allMatch(e -> e.misconfigured != null);
        String message = what + " not sent: " + (allMisconfigured ? "" : "every RPC endpoint is down: ")
                + String.join("; ", states)
                + (last == null || allMisconfigured ? "" : "; last failure: " + what + " to " + last.part());
        return new ChainUnavailableException(network, message, last == null ? null : last.cause());
    }

    private void logChange(Endpoint endpoint, EndpointHealth.Change change) {
        switch (change) {
            case OPENED -> log.warn("{}: RPC endpoint {} is skipped for {} s after {} in a row", network,
                    endpoint.loggable, options.breakerCoolDown().toSeconds(),
                    failures(endpoint.health.consecutiveFailures()));
            case REOPENED -> log.warn("{}: RPC endpoint {} failed its probe; skipped for another {} s", network,
                    endpoint.loggable, options.breakerCoolDown().toSeconds());
            case CLOSED -> log.info("{}: RPC endpoint {} answers again", network, endpoint.loggable);
            case NONE -> {}
        }
    }

    private static String failures(int n) {
        return n + (n == 1 ? " transport failure" : " transport failures");
    }

    private void sleep(String what, long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException(network, what + " was interrupted while waiting to retry", e);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void checkUrl(String network, URI url) {
        if (url == null) {
            throw new IllegalArgumentException("an RPC endpoint of " + network + " is null");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the RPC endpoints of " + network + " must be http or https URLs");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("an RPC endpoint of " + network + " has no host");
        }
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

    private static String methods(List<Call> calls) {
        return calls.stream().map(Call::method).distinct().toList().toString();
    }

    @Override
    public String toString() {
        return "JsonRpcClient[" + network + ", " + endpoints() + "]";
    }
}
