package dev.x402j.store.redis;

import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.X402Exception;

/**
 * A Redis operation of x402j failed: Redis answered with an error, or with a reply x402j cannot read. The message
 * names the operation (e.g. {@code claim settlement eip155:8453/…}); the cause is Lettuce's exception.
 *
 * <p>When Redis cannot be reached at all (refused connection, lost connection, timeout) core's
 * {@link StoreUnavailableException} is thrown instead (with a message of the same form), so callers can tell "retry
 * later" from "something is wrong with the data or the server". Neither ever means the payment is invalid: a
 * facilitator maps both to {@code unexpected_settle_error}.
 */
public class RedisStoreException extends X402Exception {
    private final String operation;

    public RedisStoreException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
    }

    /** What x402j was doing, e.g. {@code mark confirmed <payment id>} or {@code acquire lock sweeper}. */
    public String operation() {
        return operation;
    }
}
