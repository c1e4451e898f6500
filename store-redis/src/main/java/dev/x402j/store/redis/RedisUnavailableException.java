package dev.x402j.store.redis;

/**
 * Redis could not be reached: the connection was refused or lost, or a command timed out. The operation may succeed
 * if retried once Redis is back; nothing is known about whether a write that timed out was applied, which is why every
 * write of the stores is an idempotent, state-checked script.
 */
public class RedisUnavailableException extends RedisStoreException {
    public RedisUnavailableException(String operation, String message, Throwable cause) {
        super(operation, message, cause);
    }
}
