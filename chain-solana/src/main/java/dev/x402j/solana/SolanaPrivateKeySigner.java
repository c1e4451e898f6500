package dev.x402j.solana;

import dev.x402j.core.ChainSigner;
import dev.x402j.solana.internal.Base58;
import dev.x402j.solana.internal.Ed25519;
import java.util.Arrays;

/**
 * A facilitator's Solana key held in memory: it signs settlement transactions as their fee payer (and so pays their
 * fees).
 *
 * <p>Thread-safe. {@link #toString()} shows the address only; no method exposes the key, and error messages never
 * contain it. A KMS or HSM signer implements {@link ChainSigner} instead ({@code sign} must answer the 64-byte ed25519
 * signature of the message bytes).
 */
public final class SolanaPrivateKeySigner implements ChainSigner {
    private final Ed25519.PrivateKey key;

    private SolanaPrivateKeySigner(Ed25519.PrivateKey key) {
        this.key = key;
    }

    /**
     * A signer for a secret key written in base58, as {@code SVM_PRIVATE_KEY} holds it: the 64-byte keypair encoding
     * of wallets and {@code solana-keygen} (seed ‖ public key), or a bare 32-byte seed.
     *
     * @throws IllegalArgumentException if it is not such a key (the message never contains the input)
     */
    public static SolanaPrivateKeySigner fromBase58(String secretKey) {
        return new SolanaPrivateKeySigner(parseKey(secretKey));
    }

    /**
     * A signer for a secret key given as bytes: 64 (seed ‖ public key, the content of a {@code solana-keygen} JSON
     * file) or 32 (the seed). The array is copied.
     *
     * @throws IllegalArgumentException if it is not such a key
     */
    public static SolanaPrivateKeySigner fromBytes(byte[] secretKey) {
        return new SolanaPrivateKeySigner(Ed25519.privateKey(secretKey));
    }

    static Ed25519.PrivateKey parseKey(String secretKey) {
        String s = secretKey == null ? "" : secretKey.strip();
        if (s.isEmpty() || s.length() > 100) {
            throw new IllegalArgumentException(
                    "a Solana secret key must be base58 of 64 bytes (keypair) or 32 bytes (seed)");
        }
        byte[] bytes;
        try {
            bytes = Base58.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "a Solana secret key must be base58 of 64 bytes (keypair) or 32 bytes (seed): " + e.getMessage());
        }
        try {
            return Ed25519.privateKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The base58 public key: the fee payer's address. */
    @Override
    public String address() {
        return key.publicKey().base58();
    }

    /** Signs {@code message} (a transaction's message bytes) with ed25519; 64 bytes. */
    @Override
    public byte[] sign(byte[] message) {
        return key.sign(message);
    }

    @Override
    public String toString() {
        return "SolanaPrivateKeySigner[" + address() + "]";
    }
}
