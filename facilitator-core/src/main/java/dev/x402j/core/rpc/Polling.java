package dev.x402j.core.rpc;

import dev.x402j.core.ChainUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * "Ask the chain until it answers or time is up": the loop behind every scheme's {@code confirm}.
 *
 * <pre>{@code
 * return Polling.until(network, timeout, Duration.ofMillis(150), deadline -> {
 *     JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
 *     return receipt.isObject() ? Optional.of(outcome(receipt)) : Optional.empty();
 * }).orElseGet(() -> new Confirmation.Pending(hash));
 * }</pre>
 */
public final class Polling {
    private Polling() {}

    /** One look at the chain. */
    @FunctionalInterface
    public interface Probe<T> {
        /**
         * @param deadline the poll's deadline, for a last check once it has passed
         * @return the answer, or empty to look again later
         * @throws ChainUnavailableException or {@link JsonRpcException} when the chain could not tell
         */
        Optional<T> poll(Deadline deadline);
    }

    /**
     * Calls {@code probe} at once, then every {@code interval} (less when less time is left) until it answers or
     * {@code timeout} has passed. It is called at least once, even with a zero timeout. A probe that fails (a
     * {@link ChainUnavailableException}, or a {@link JsonRpcException}, which becomes one) is tried again like one that
     * had no answer.
     *
     * @param network the CAIP-2 id, for the message of a node's error
     * @return the answer; empty when time ran out with the last probe answering "not yet", or when the thread was
     *         interrupted while waiting (its interrupt flag set again)
     * @throws ChainUnavailableException the last probe's failure, when time ran out right after it
     */
    public static <T> Optional<T> until(String network, Duration timeout, Duration interval, Probe<T> probe) {
        Objects.requireNonNull(probe, "probe");
        Deadline deadline = Deadline.after(timeout.isNegative() ? Duration.ZERO : timeout);
        long intervalNanos = Math.max(1, Backoff.nanos(interval));
        while (true) {
            ChainUnavailableException fault = null;
            try {
                Optional<T> answer = probe.poll(deadline);
                if (answer.isPresent()) {
                    return answer;
                }
            } catch (JsonRpcException e) {
                fault = new ChainUnavailableException(network, e.getMessage(), e);
            } catch (ChainUnavailableException e) {
                fault = e;
            }
            long left = deadline.leftNanos();
            if (left <= 0) {
                if (fault != null) {
                    throw fault;
                }
                return Optional.empty();
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, intervalNanos)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
