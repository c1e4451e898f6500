package dev.x402j.evm;

import dev.x402j.core.ChainSigner;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.web3j.crypto.ECKeyPair;

/**
 * The facilitator's EVM key held in memory: it signs settlement transactions (and so pays their gas).
 *
 * <p>Thread-safe. {@link #toString()} shows the address only; no method exposes the key. A KMS or HSM signer implements
 * {@link ChainSigner} instead.
 */
public final class EvmPrivateKeySigner implements ChainSigner {
    private static final Pattern KEY = Pattern.compile("(0[xX])?[0-9a-fA-F]{64}");

    private final ECKeyPair key;
    private final String address;

    private EvmPrivateKeySigner(ECKeyPair key) {
        this.key = key;
        this.address = Secp256k1.address(key);
    }

    /**
     * A signer for a secp256k1 private key given as 64 hex digits, with or without {@code 0x}.
     *
     * @throws IllegalArgumentException if it is not a valid key (the message never contains the input)
     */
    public static EvmPrivateKeySigner fromHex(String privateKeyHex) {
        return new EvmPrivateKeySigner(parseKey(privateKeyHex));
    }

    static ECKeyPair parseKey(String privateKeyHex) {
        String s = privateKeyHex == null ? "" : privateKeyHex.strip();
        if (!KEY.matcher(s).matches()) {
            throw new IllegalArgumentException(
                    "an EVM private key must be 32 bytes written as 64 hex digits, optionally prefixed with 0x");
        }
        BigInteger k = new BigInteger(s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s, 16);
        if (!Secp256k1.isValidPrivateKey(k)) {
            throw new IllegalArgumentException("an EVM private key must be between 1 and the secp256k1 group order");
        }
        return ECKeyPair.create(k);
    }

    /** The EIP-55 checksummed address of the key. */
    @Override
    public String address() {
        return address;
    }

    /**
     * Signs a 32-byte digest.
     *
     * @return 65 bytes {@code r ‖ s ‖ v} with a low {@code s} and {@code v} in {0,1}
     * @throws IllegalArgumentException if {@code digest} is not 32 bytes
     */
    @Override
    public byte[] sign(byte[] digest) {
        return Secp256k1.sign(key, digest);
    }

    @Override
    public String toString() {
        return "EvmPrivateKeySigner[" + address + "]";
    }
}
