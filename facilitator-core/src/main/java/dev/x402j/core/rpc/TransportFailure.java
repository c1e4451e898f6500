package dev.x402j.core.rpc;

import java.time.Duration;

/**
 * The endpoint could not be reached or did not answer JSON-RPC. The message starts with the endpoint's loggable
 * form and is safe to show.
 */
final class TransportFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** What the endpoint asked for ({@code Retry-After}), or null. */
    final transient Duration retryAfter;

    TransportFailure(String message, Throwable cause, Duration retryAfter) {
        super(message, cause, false, false);
        this.retryAfter = retryAfter;
    }
}
