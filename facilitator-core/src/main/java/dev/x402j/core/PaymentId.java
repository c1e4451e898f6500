package dev.x402j.core;

/**
 * The deterministic key of one payment, the same however often the client submits it: EVM uses chain, asset, payer
 * and authorization nonce; Solana and Sui the transaction signature or digest. The settlement ledger is keyed by it,
 * which is what makes a second settle of the same payment impossible.
 */
public record PaymentId(String value) {
    public PaymentId {
        if (value == null || value.isBlank() || value.length() > 512) {
            throw new IllegalArgumentException("payment id must be 1 to 512 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
