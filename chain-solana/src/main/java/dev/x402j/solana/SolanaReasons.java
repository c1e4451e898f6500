package dev.x402j.solana;

import dev.x402j.core.ErrorReason;
import java.util.List;

/**
 * The reason codes of the Solana {@code exact} scheme, spelled as {@code @x402/svm} emits them
 * ({@code typescript/packages/mechanisms/svm}, exact facilitator); {@code
 * fee_payer_included_in_instruction_accounts} comes from the legacy x402 TS package, {@code signature_invalid} from the
 * newer x402-foundation SDK ({@code exact/facilitator/errors.ts}).
 */
public final class SolanaReasons {
    private SolanaReasons() {}

    public static final ErrorReason NETWORK_MISMATCH = ErrorReason.of("network_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER = ErrorReason.of("invalid_exact_svm_payload_missing_fee_payer");
    public static final ErrorReason FEE_PAYER_NOT_MANAGED_BY_FACILITATOR = ErrorReason.of("fee_payer_not_managed_by_facilitator");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED = ErrorReason.of("invalid_exact_svm_payload_transaction_could_not_be_decoded");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH = ErrorReason.of("invalid_exact_svm_payload_transaction_instructions_length");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH = ErrorReason.of("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high");
    // Ours: the official SDK caps only the compute unit price; these bound what else the fee payer would pay.
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH = ErrorReason.of("invalid_exact_svm_payload_compute_unit_limit_too_high");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES = ErrorReason.of("invalid_exact_svm_payload_too_many_signatures");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH = ErrorReason.of("invalid_exact_svm_payload_fee_too_high");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_no_transfer_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS = ErrorReason.of("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS = ErrorReason.of("invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH = ErrorReason.of("invalid_exact_svm_payload_mint_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH = ErrorReason.of("invalid_exact_svm_payload_recipient_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH = ErrorReason.of("invalid_exact_svm_payload_amount_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_unknown_fourth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_unknown_fifth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION = ErrorReason.of("invalid_exact_svm_payload_unknown_sixth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT = ErrorReason.of("invalid_exact_svm_payload_memo_count");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH = ErrorReason.of("invalid_exact_svm_payload_memo_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID = ErrorReason.of("invalid_exact_svm_payload_signature_invalid");
    public static final ErrorReason TRANSACTION_SIMULATION_FAILED = ErrorReason.of("transaction_simulation_failed");
    public static final ErrorReason TRANSACTION_FAILED = ErrorReason.of("transaction_failed");

    /** Every Solana reason, in a stable order. */
    public static List<ErrorReason> all() {
        return List.of(
                NETWORK_MISMATCH,
                INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER,
                FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH,
                INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH,
                INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES,
                INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH,
                INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS,
                INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH,
                INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH,
                INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH,
                INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION,
                INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT,
                INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH,
                INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                TRANSACTION_SIMULATION_FAILED,
                TRANSACTION_FAILED);
    }
}
