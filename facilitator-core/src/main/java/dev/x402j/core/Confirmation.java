package dev.x402j.core;

/** What the chain says about a settlement transaction. */
public sealed interface Confirmation {
    String transaction();

    /** Included and successful at the required finality. */
    record Confirmed(String transaction) implements Confirmation {}

    /** Included but failed (reverted), or definitively dropped. */
    record Failed(String transaction, ErrorReason reason, String message) implements Confirmation {}

    /** Not final yet, or not seen: ask again later. */
    record Pending(String transaction) implements Confirmation {}
}
