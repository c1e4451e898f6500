package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import java.util.List;

/**
 * The reason codes of the EVM {@code exact} scheme (EIP-3009), spelled as the official x402 TypeScript SDK
 * ({@code @x402/evm}) emits them.
 */
public final class EvmReasons {
    private EvmReasons() {}

    /** Every EVM reason, in a stable order. */
    public static List<ErrorReason> all() {
        return List.of(
                ErrorReason.INVALID_EXACT_EVM_SCHEME,
                ErrorReason.INVALID_EXACT_EVM_NETWORK_MISMATCH,
                ErrorReason.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN,
                ErrorReason.INVALID_EXACT_EVM_RECIPIENT_MISMATCH,
                ErrorReason.INVALID_EXACT_EVM_SIGNATURE,
                ErrorReason.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE,
                ErrorReason.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER,
                ErrorReason.INVALID_EXACT_EVM_AUTHORIZATION_VALUE,
                ErrorReason.INVALID_EXACT_EVM_TRANSACTION_FAILED,
                ErrorReason.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH,
                ErrorReason.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH,
                ErrorReason.INVALID_EXACT_EVM_NONCE_ALREADY_USED,
                ErrorReason.INVALID_EXACT_EVM_INSUFFICIENT_BALANCE,
                ErrorReason.INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED);
    }
}
