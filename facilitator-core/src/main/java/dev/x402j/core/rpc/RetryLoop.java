package dev.x402j.core.rpc;

import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a call or a batch until an endpoint answers it: the first usable endpoint in order of preference; on a
 * transport failure or a transient answer the next one; once every endpoint was tried a pause (backoff with jitter, at
 * least what a {@code Retry-After} asked) and another round, within {@link RpcOptions#maxAttempts()} and
 * {@link RpcOptions#callTimeout()}. Giving up is a {@link ChainUnavailableException} that says what failed where.
 * Thread-safe.
 */
final class RetryLoop {
    // The client's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);

    private final String network;
    private final RpcOptions options;
    private final EndpointPool pool;
    private final EndpointCheck check;
    private final JsonRpcExchange exchange;
    private final Predicate<JsonRpcException> isTransient;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;

    RetryLoop(String network, RpcOptions options, EndpointPool pool, EndpointCheck check, JsonRpcExchange exchange,
            Predicate<JsonRpcException> isTransient, LongSupplier nanoTime, DoubleSupplier random) {
        this.network = network;
        this.options = options;
        this.pool = pool;
        this.check = check;
        this.exchange = exchange;
        this.isTransient = isTransient;
        this.nanoTime = nanoTime;
        this.random = random;
    }

    /** The answers to {@code calls} (not empty), in their order. */
    List<Answer> send(List<Call> calls) {
        String what = calls.size() == 1 ? calls.get(0).method() : "batch of " + methods(calls);
        Deadline deadline = Deadline.after(options.callTimeout(), nanoTime);
        EndpointPool.Selection turns = pool.newSelection();
        // each endpoint's latest failure, in order of preference, for the message when giving up
        AttemptFailure[] failures = new AttemptFailure[pool.size()];
        AttemptFailure last = null;
        int attempts = 0;
        int round = 0;
        while (true) {
            int i = turns.next();
            if (i < 0) {
                if (!pool.anyUsable()) {
                    throw attempts == 0
                            ? pool.allDown(what, last)
                            : gaveUp(what, failures, last, attempts, "every endpoint is now skipped");
                }
                round++;
                long wait = pauseBeforeRound(round, turns);
                if (wait >= deadline.leftNanos()) {
                    throw gaveUp(what, failures, last, attempts, "the next attempt would start after the call's "
                            + "deadline of " + options.callTimeout().toMillis() + " ms");
                }
                sleep(what, wait);
                turns.newRound();
                continue;
            }
            Endpoint endpoint = turns.get(i);
            attempts++;
            long timeoutNanos = attempts == 1
                    ? Backoff.nanos(options.requestTimeout())
                    : Math.min(Backoff.nanos(options.requestTimeout()), deadline.leftNanos());
            if (timeoutNanos <= 0) {
                endpoint.health.release();
                throw gaveUp(what, failures, last, attempts - 1, deadlinePassed());
            }
            Duration timeout = Duration.ofNanos(timeoutNanos);
            List<Answer> answers;
            try {
                EndpointCheck.Verdict verdict = check.before(endpoint, timeout);
                if (verdict instanceof EndpointCheck.Verdict.WrongChain) {
                    attempts--; // a configuration problem, not a failed attempt
                    continue;
                }
                answers = verdict instanceof EndpointCheck.Verdict.Busy busyCheck
                        ? List.of(busyCheck.answer()) // retried below like any transient answer
                        : exchange.exchange(endpoint, calls, timeout, what);
            } catch (TransportFailure f) {
                pool.transportFailed(endpoint);
                last = failures[i] = new AttemptFailure(f.getMessage(), f.getCause());
                if (f.retryAfter != null) {
                    turns.retryAfter(i, f.retryAfter);
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
            pool.answered(endpoint);
            JsonRpcException busy = answers.stream()
                    .map(Answer::error)
                    .filter(e -> e != null && isTransient.test(e))
                    .findFirst()
                    .orElse(null);
            if (busy == null) {
                return answers;
            }
            last = failures[i] = new AttemptFailure(endpoint.loggable + ": " + busy.rpcMessage() + " (JSON-RPC error "
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
     * The backoff of this round, lengthened to the earliest {@code Retry-After} when every usable endpoint is waiting
     * for one.
     */
    private long pauseBeforeRound(int round, EndpointPool.Selection turns) {
        long wait = Backoff.nanos(
                Backoff.delay(round, options.backoffBase(), options.backoffCap(), random.getAsDouble()));
        long earliest = turns.nanosUntilOneMayBeCalled();
        return earliest == Long.MAX_VALUE ? wait : Math.max(wait, earliest);
    }

    private void sleep(String what, long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailableException(network, what + " was interrupted while waiting to retry", e);
        }
    }

    /** Giving up after failures: the one endpoint's failure, or each endpoint's latest in order of preference. */
    private ChainUnavailableException gaveUp(
            String what, AttemptFailure[] failures, AttemptFailure last, int attempts, String why) {
        List<String> parts = Arrays.stream(failures).filter(Objects::nonNull).map(AttemptFailure::part).toList();
        String tries =
                " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + (why == null ? "" : "; " + why) + ")";
        String message = parts.size() == 1
                ? what + " to " + parts.get(0) + tries
                : what + " failed at " + parts.size() + " endpoints" + tries + ": " + String.join("; ", parts);
        return new ChainUnavailableException(network, message, last == null ? null : last.cause());
    }

    private static String methods(List<Call> calls) {
        return calls.stream().map(Call::method).distinct().toList().toString();
    }
}
