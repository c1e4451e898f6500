package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import java.util.List;

/**
 * The reason codes of the EVM {@code exact} scheme (EIP-3009), spelled as the official x402 TypeScript SDK
 * ({@code @x402/evm}) emits them.
 */
public final class EvmReasons {
    private EvmReasons() {}

    public static final ErrorReason INVALID_EXACT_EVM_SCHEME = ErrorReason.of("invalid_exact_evm_scheme");
    public static final ErrorReason INVALID_EXACT_EVM_NETWORK_MISMATCH = ErrorReason.of("invalid_exact_evm_network_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN = ErrorReason.of("invalid_exact_evm_missing_eip712_domain");
    public static final ErrorReason INVALID_EXACT_EVM_RECIPIENT_MISMATCH = ErrorReason.of("invalid_exact_evm_recipient_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_SIGNATURE = ErrorReason.of("invalid_exact_evm_signature");
    public static final ErrorReason INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE = ErrorReason.of("invalid_exact_evm_payload_authorization_valid_before");
    public static final ErrorReason INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER = ErrorReason.of("invalid_exact_evm_payload_authorization_valid_after");
    public static final ErrorReason INVALID_EXACT_EVM_AUTHORIZATION_VALUE = ErrorReason.of("invalid_exact_evm_authorization_value");
    public static final ErrorReason INVALID_EXACT_EVM_TRANSACTION_FAILED = ErrorReason.of("invalid_exact_evm_transaction_failed");
    public static final ErrorReason INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH = ErrorReason.of("invalid_exact_evm_token_name_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH = ErrorReason.of("invalid_exact_evm_token_version_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_NONCE_ALREADY_USED = ErrorReason.of("invalid_exact_evm_nonce_already_used");
    public static final ErrorReason INVALID_EXACT_EVM_INSUFFICIENT_BALANCE = ErrorReason.of("invalid_exact_evm_insufficient_balance");
    public static final ErrorReason INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED = ErrorReason.of("invalid_exact_evm_transaction_simulation_failed");

    /** Every EVM reason, in a stable order. */
    public static List<ErrorReason> all() {
        return List.of(
                INVALID_EXACT_EVM_SCHEME,
                INVALID_EXACT_EVM_NETWORK_MISMATCH,
                INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN,
                INVALID_EXACT_EVM_RECIPIENT_MISMATCH,
                INVALID_EXACT_EVM_SIGNATURE,
                INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE,
                INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER,
                INVALID_EXACT_EVM_AUTHORIZATION_VALUE,
                INVALID_EXACT_EVM_TRANSACTION_FAILED,
                INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH,
                INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH,
                INVALID_EXACT_EVM_NONCE_ALREADY_USED,
                INVALID_EXACT_EVM_INSUFFICIENT_BALANCE,
                INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED);
    }
}
