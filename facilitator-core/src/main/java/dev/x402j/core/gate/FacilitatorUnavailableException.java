package dev.x402j.core.gate;

import dev.x402j.core.X402Exception;

/** The facilitator could not be reached or gave an answer that is not x402. */
public class FacilitatorUnavailableException extends X402Exception {
    private final int status;

    public FacilitatorUnavailableException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status received, or 0 when none was. */
    public int status() {
        return status;
    }
}
