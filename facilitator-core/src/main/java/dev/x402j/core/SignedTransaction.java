package dev.x402j.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A settlement transaction, signed but perhaps not yet sent. Its {@code reference} (EVM transaction hash, Solana
 * signature) is known before broadcasting, so the ledger records it first: a broadcast is never forgotten, and
 * re-sending the same bytes can never pay twice.
 */
public record SignedTransaction(String reference, byte[] bytes) {
    public SignedTransaction {
        Objects.requireNonNull(reference, "reference");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTransaction t && t.reference.equals(reference) && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return "SignedTransaction[" + reference + ", " + bytes.length + " bytes]";
    }
}
