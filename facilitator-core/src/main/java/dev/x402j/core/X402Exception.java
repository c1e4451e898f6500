package dev.x402j.core;

/**
 * The root of every exception x402j throws. Exceptions are for faults (an RPC or a store that is down, a broken
 * configuration); an invalid payment is never an exception but a result ({@link VerifyResult.Invalid}).
 */
public class X402Exception extends RuntimeException {
    public X402Exception(String message) {
        super(message);
    }

    public X402Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
