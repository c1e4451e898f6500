package dev.x402j.core;

/** A fault's description for the wire (the {@code message} of an {@code unexpected_*} answer). */
final class FaultMessage {
    private FaultMessage() {}

    /** Its kind and message, never a stack trace; an {@link X402Exception}'s message is written to be shown as is. */
    static String of(RuntimeException e) {
        return e instanceof X402Exception ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
