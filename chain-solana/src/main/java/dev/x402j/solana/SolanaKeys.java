package dev.x402j.solana;

import dev.x402j.solana.internal.Base58;
import java.util.Arrays;

/**
 * Solana secret keys in the text forms {@code SVM_PRIVATE_KEY} and wallets take: base58 of a 32-byte seed, or of the
 * 64-byte keypair ({@code solana-keygen}'s seed ‖ public key). For tools and tests that write keys; the facilitator
 * reads them with {@link SolanaPrivateKeySigner#fromBase58(String)}.
 */
public final class SolanaKeys {
    private SolanaKeys() {}

    /** Base58 of these bytes (a seed, or a keypair). */
    public static String base58(byte[] bytes) {
        return Base58.encode(bytes);
    }

    /** Base58 of the 64-byte keypair of a 32-byte seed: seed ‖ its public key. */
    public static String keypair(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("a Solana seed is 32 bytes, not " + seed.length);
        }
        byte[] publicKey = Base58.decode(SolanaPrivateKeySigner.fromBytes(seed).address());
        byte[] both = Arrays.copyOf(seed, 64);
        System.arraycopy(publicKey, 0, both, 32, 32);
        try {
            return Base58.encode(both);
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }
}
