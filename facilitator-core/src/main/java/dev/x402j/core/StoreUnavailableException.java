package dev.x402j.core;

/**
 * A store ({@link SettlementStore}, {@link SessionStore}, {@link TrackingStore}, or a store module's lock or rate
 * limiter) could not be reached or could not serve the call right now: connection refused or lost, pool exhausted,
 * overloaded, a command or statement that timed out. The same call may succeed later; it says nothing about the
 * payment, so it must never be reported as an invalid one. Every store module throws this one type, so that callers
 * (the server answers 503 {@code store_unavailable}) need not know which store is configured.
 *
 * <p>A write that timed out may or may not have been applied; the stores' writes are atomic and state-checked, so
 * retrying it is safe. The message names the store and the operation, never a value the operation carried, a
 * password or a URL; the driver's exception is kept as the cause.
 */
public class StoreUnavailableException extends X402Exception {
    private final String operation;

    /**
     * @param operation what the store was doing, e.g. {@code settlement claim}
     * @param message   the whole message, naming the store and the operation
     * @param cause     the driver's exception, or {@code null}
     */
    public StoreUnavailableException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** What the store was doing, e.g. {@code settlement claim} or {@code acquire lock reconciler}. */
    public String operation() {
        return operation;
    }
}
