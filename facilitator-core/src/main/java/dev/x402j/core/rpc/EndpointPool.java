package dev.x402j.core.rpc;

import dev.x402j.core.ChainUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of one network in order of preference, each behind its breaker: which one a call may use next, and
 * the log of each breaker's changes. Thread-safe; a call's own turns are a {@link Selection}.
 */
final class EndpointPool {
    // The client's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);
    /** A longer {@code Retry-After} is as good as never, within any deadline. */
    private static final long MAX_RETRY_AFTER_NANOS = Duration.ofDays(1).toNanos();

    private final String network;
    private final List<Endpoint> endpoints;
    private final Duration coolDown;
    private final LongSupplier nanoTime;

    /**
     * @throws IllegalArgumentException when there is no endpoint, or one is not an http(s) URL with a host, or is
     *                                  listed twice (the message names endpoints by scheme, host and port only)
     */
    EndpointPool(String network, List<URI> urls, RpcOptions options, LongSupplier nanoTime) {
        this.network = network;
        this.coolDown = options.breakerCoolDown();
        this.nanoTime = nanoTime;
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC endpoint is required for " + network);
        }
        List<Endpoint> list = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        for (URI url : urls) {
            checkUrl(network, url);
            if (!seen.add(url)) {
                throw new IllegalArgumentException(
                        "the RPC endpoints of " + network + " list " + JsonRpcClient.loggable(url) + " twice");
            }
            EndpointHealth health =
                    new EndpointHealth(options.breakerThreshold(), options.breakerCoolDown(), nanoTime);
            list.add(new Endpoint(url, health));
        }
        this.endpoints = List.copyOf(list);
    }

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

    /** The endpoints in order of preference, as they may be logged. */
    List<String> loggables() {
        return endpoints.stream().map(e -> e.loggable).toList();
    }

    int size() {
        return endpoints.size();
    }

    boolean anyUsable() {
        return endpoints.stream().anyMatch(Endpoint::usable);
    }

    Selection newSelection() {
        return new Selection();
    }

    /** One call's turns at the endpoints, round after round. Not thread-safe: one per call. */
    final class Selection {
        private final boolean[] tried = new boolean[endpoints.size()];
        private final boolean[] rateLimited = new boolean[endpoints.size()];
        private final long[] notBefore = new long[endpoints.size()];

        /**
         * The index of the first endpoint, in order of preference, not tried in this round, not waiting for its
         * {@code Retry-After}, and whose breaker lets a request through (taking that right), now tried; -1 when none.
         */
        int next() {
            long now = nanoTime.getAsLong();
            for (int i = 0; i < endpoints.size(); i++) {
                Endpoint e = endpoints.get(i);
                if (tried[i] || e.misconfigured != null || (rateLimited[i] && now - notBefore[i] < 0)) {
                    continue;
                }
                if (e.health.tryAcquire()) {
                    tried[i] = true;
                    return i;
                }
            }
            return -1;
        }

        Endpoint get(int i) {
            return endpoints.get(i);
        }

        /** Endpoint {@code i} asked not to be called again before {@code retryAfter} from now. */
        void retryAfter(int i, Duration retryAfter) {
            rateLimited[i] = true;
            notBefore[i] = nanoTime.getAsLong() + Math.min(Backoff.nanos(retryAfter), MAX_RETRY_AFTER_NANOS);
        }

        /**
         * How long until the earliest usable endpoint's {@code Retry-After} has passed (zero for one not waiting);
         * {@code Long.MAX_VALUE} when no endpoint is usable.
         */
        long nanosUntilOneMayBeCalled() {
            long now = nanoTime.getAsLong();
            long earliest = Long.MAX_VALUE;
            for (int i = 0; i < endpoints.size(); i++) {
                if (!endpoints.get(i).usable()) {
                    continue;
                }
                long left = rateLimited[i] ? notBefore[i] - now : 0;
                earliest = Math.min(earliest, Math.max(0, left));
            }
            return earliest;
        }

        void newRound() {
            Arrays.fill(tried, false);
        }
    }

    /** The endpoint answered JSON-RPC (an error included). */
    void answered(Endpoint endpoint) {
        logChange(endpoint, endpoint.health.success());
    }

    void transportFailed(Endpoint endpoint) {
        logChange(endpoint, endpoint.health.failure());
    }

    private void logChange(Endpoint endpoint, EndpointHealth.Change change) {
        switch (change) {
            case OPENED -> log.warn("{}: RPC endpoint {} is skipped for {} s after {} in a row", network,
                    endpoint.loggable, coolDown.toSeconds(), failures(endpoint.health.consecutiveFailures()));
            case REOPENED -> log.warn("{}: RPC endpoint {} failed its probe; skipped for another {} s", network,
                    endpoint.loggable, coolDown.toSeconds());
            case CLOSED -> log.info("{}: RPC endpoint {} answers again", network, endpoint.loggable);
            case NONE -> {}
        }
    }

    /** {@code what} is not sent because no endpoint is usable: each one's state, and {@code last} failure if any. */
    ChainUnavailableException allDown(String what, AttemptFailure last) {
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

    private static String failures(int n) {
        return n + (n == 1 ? " transport failure" : " transport failures");
    }
}
