package dev.x402j.core;

/**
 * A chain could not be reached or answered with a transport-level error. The operation may succeed if retried; it
 * says nothing about the payment itself, so it must never be reported as, say, {@code insufficient_funds}.
 */
public class ChainUnavailableException extends X402Exception {
    private final String network;

    public ChainUnavailableException(String network, String message, Throwable cause) {
        super(network + ": " + message, cause);
        this.network = network;
    }

    /** The CAIP-2 id of the network whose node failed. */
    public String network() {
        return network;
    }
}
