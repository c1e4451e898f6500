package dev.x402j.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reason codes x402j puts on the wire, spelled exactly as the official x402 TypeScript SDK (v2) spells them, so
 * that clients and resource servers written against that SDK understand our answers.
 *
 * <p>{@link #retryable()} says whether the same request may succeed later without the client changing anything
 * (an RPC outage, a settlement still in flight) as opposed to a payment that is simply wrong.
 */
public enum ErrorReason {
    // Generic
    INVALID_PAYLOAD("invalid_payload"),
    INVALID_PAYMENT_REQUIREMENTS("invalid_payment_requirements"),
    INVALID_NETWORK("invalid_network"),
    INVALID_SCHEME("invalid_scheme"),
    UNSUPPORTED_SCHEME("unsupported_scheme"),
    INVALID_X402_VERSION("invalid_x402_version"),
    INSUFFICIENT_FUNDS("insufficient_funds"),
    INVALID_TRANSACTION_STATE("invalid_transaction_state"),
    UNEXPECTED_VERIFY_ERROR("unexpected_verify_error", true),
    UNEXPECTED_SETTLE_ERROR("unexpected_settle_error", true),
    DUPLICATE_SETTLEMENT("duplicate_settlement"),
    SETTLEMENT_PENDING("settlement_pending", true),
    /** A before-hook of the facilitator refused the payment (policy, allow list, rate limit…). */
    PAYMENT_REJECTED_BY_POLICY("payment_rejected_by_policy"),

    // Solana (SVM) exact. Spelled as @x402/svm emits them (typescript/packages/mechanisms/svm, exact facilitator);
    // fee_payer_included_in_instruction_accounts comes from the legacy x402 TS package, signature_invalid from the
    // newer x402-foundation SDK (exact/facilitator/errors.ts).
    NETWORK_MISMATCH("network_mismatch"),
    INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER("invalid_exact_svm_payload_missing_fee_payer"),
    FEE_PAYER_NOT_MANAGED_BY_FACILITATOR("fee_payer_not_managed_by_facilitator"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED(
            "invalid_exact_svm_payload_transaction_could_not_be_decoded"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH(
            "invalid_exact_svm_payload_transaction_instructions_length"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION(
            "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION(
            "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH(
            "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high"),
    INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION("invalid_exact_svm_payload_no_transfer_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS(
            "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds"),
    INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS(
            "invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts"),
    INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH("invalid_exact_svm_payload_mint_mismatch"),
    INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH("invalid_exact_svm_payload_recipient_mismatch"),
    INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH("invalid_exact_svm_payload_amount_mismatch"),
    INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION("invalid_exact_svm_payload_unknown_fourth_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION("invalid_exact_svm_payload_unknown_fifth_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION("invalid_exact_svm_payload_unknown_sixth_instruction"),
    INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT("invalid_exact_svm_payload_memo_count"),
    INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH("invalid_exact_svm_payload_memo_mismatch"),
    INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID("invalid_exact_svm_payload_signature_invalid"),
    TRANSACTION_SIMULATION_FAILED("transaction_simulation_failed"),
    TRANSACTION_FAILED("transaction_failed"),

    // EVM exact (EIP-3009)
    INVALID_EXACT_EVM_SCHEME("invalid_exact_evm_scheme"),
    INVALID_EXACT_EVM_NETWORK_MISMATCH("invalid_exact_evm_network_mismatch"),
    INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN("invalid_exact_evm_missing_eip712_domain"),
    INVALID_EXACT_EVM_RECIPIENT_MISMATCH("invalid_exact_evm_recipient_mismatch"),
    INVALID_EXACT_EVM_SIGNATURE("invalid_exact_evm_signature"),
    INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE("invalid_exact_evm_payload_authorization_valid_before"),
    INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER("invalid_exact_evm_payload_authorization_valid_after"),
    INVALID_EXACT_EVM_AUTHORIZATION_VALUE("invalid_exact_evm_authorization_value"),
    INVALID_EXACT_EVM_TRANSACTION_FAILED("invalid_exact_evm_transaction_failed"),
    INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH("invalid_exact_evm_token_name_mismatch"),
    INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH("invalid_exact_evm_token_version_mismatch"),
    INVALID_EXACT_EVM_NONCE_ALREADY_USED("invalid_exact_evm_nonce_already_used"),
    INVALID_EXACT_EVM_INSUFFICIENT_BALANCE("invalid_exact_evm_insufficient_balance"),
    INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED("invalid_exact_evm_transaction_simulation_failed");

    private static final Map<String, ErrorReason> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorReason::wire, Function.identity()));

    private final String wire;
    private final boolean retryable;

    ErrorReason(String wire) {
        this(wire, false);
    }

    ErrorReason(String wire, boolean retryable) {
        this.wire = wire;
        this.retryable = retryable;
    }

    /** The string on the wire, e.g. {@code invalid_exact_evm_signature}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Whether the same request may succeed later unchanged. */
    public boolean retryable() {
        return retryable;
    }

    /** The reason with this wire string, if x402j knows it. */
    public static Optional<ErrorReason> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    @Override
    public String toString() {
        return wire;
    }
}
