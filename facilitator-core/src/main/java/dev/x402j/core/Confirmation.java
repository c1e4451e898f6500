package dev.x402j.core;

/** What the chain says about a settlement transaction. */
public sealed interface Confirmation {
    String transaction();

    /** Included and successful at the required finality. */
    record Confirmed(String transaction) implements Confirmation {}

    /** Included but failed (reverted), or definitively dropped. */
    record Failed(String transaction, ErrorReason reason, String message) implements Confirmation {}

    /**
     * Not final yet, or not seen: ask again later.
     *
     * @param seen whether the node has the transaction (in its mempool, or in a block not final yet). {@code false}
     *     when it does not, or when the scheme cannot tell: the {@link Facilitator} then sends the very same bytes
     *     again, which is harmless; it never re-sends a transaction the node says it has.
     */
    record Pending(String transaction, boolean seen) implements Confirmation {
        /** Pending, without knowing whether the node has it (so a reconciler re-sends it). */
        public Pending(String transaction) {
            this(transaction, false);
        }
    }
}
