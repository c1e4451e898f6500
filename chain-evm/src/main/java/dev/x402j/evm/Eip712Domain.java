package dev.x402j.evm;

import dev.x402j.evm.internal.Hex;
import java.util.Objects;

/**
 * The EIP-712 domain an EIP-3009 authorization is signed under: the token's {@code name} and {@code version} (as the
 * contract's {@code DOMAIN_SEPARATOR} uses them; USDC's version is {@code "2"}), the chain id, and the token contract.
 *
 * @param name              the token's EIP-712 name, e.g. {@code "USD Coin"}
 * @param version           the token's EIP-712 version, e.g. {@code "2"}
 * @param chainId           the EVM chain id, e.g. {@code 8453}
 * @param verifyingContract the token contract, {@code 0x} + 40 hex digits
 */
public record Eip712Domain(String name, String version, long chainId, String verifyingContract) {
    public Eip712Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive, got " + chainId);
        }
        if (!Hex.isAddress(verifyingContract)) {
            throw new IllegalArgumentException("verifyingContract must be 0x followed by 40 hex digits");
        }
    }
}
