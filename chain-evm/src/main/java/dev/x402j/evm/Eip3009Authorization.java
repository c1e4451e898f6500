package dev.x402j.evm;

import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An EIP-3009 {@code TransferWithAuthorization}: {@code from} allows anyone holding the signature to move
 * {@code value} atomic units to {@code to}, once (the {@code nonce}), between {@code validAfter} and
 * {@code validBefore} (Unix seconds, exclusive bounds on-chain).
 *
 * @param from        the payer, {@code 0x} + 40 hex digits
 * @param to          the recipient, {@code 0x} + 40 hex digits
 * @param value       atomic units, a uint256
 * @param validAfter  Unix seconds, a uint256
 * @param validBefore Unix seconds, a uint256
 * @param nonceHex    32 random bytes as {@code 0x} + 64 hex digits
 */
public record Eip3009Authorization(
        String from, String to, BigInteger value, BigInteger validAfter, BigInteger validBefore, String nonceHex) {

    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    public Eip3009Authorization {
        if (!Hex.isAddress(from)) {
            throw new IllegalArgumentException("from must be 0x followed by 40 hex digits");
        }
        if (!Hex.isAddress(to)) {
            throw new IllegalArgumentException("to must be 0x followed by 40 hex digits");
        }
        uint256(value, "value");
        uint256(validAfter, "validAfter");
        uint256(validBefore, "validBefore");
        if (!Hex.isBytes(nonceHex) || nonceHex.length() != 66) {
            throw new IllegalArgumentException("nonceHex must be 0x followed by 64 hex digits (32 bytes)");
        }
    }

    private static void uint256(BigInteger v, String field) {
        Objects.requireNonNull(v, field);
        if (v.signum() < 0 || v.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException(field + " must be a uint256");
        }
    }
}
