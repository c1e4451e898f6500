package dev.x402j.core;

/**
 * The facilitator's own key on one chain family: it pays gas (EVM) or fees (Solana). x402j ships private-key signers
 * in the chain modules; a KMS, HSM or custodial signer implements this port. Implementations must be thread-safe and
 * must never expose key material through {@code toString}.
 */
public interface ChainSigner {
    /** The signer's address as the chain writes it. */
    String address();

    /**
     * Signs a digest the chain module computed (EVM: keccak-256 of the transaction; Solana: the message bytes).
     *
     * @return the signature in the chain's own encoding (EVM: 65 bytes r ‖ s ‖ v with v in {0,1}; ed25519: 64 bytes)
     */
    byte[] sign(byte[] message);
}
