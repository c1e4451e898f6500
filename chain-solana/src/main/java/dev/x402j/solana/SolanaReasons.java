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

    /** Every Solana reason, in a stable order. */
    public static List<ErrorReason> all() {
        return List.of(
                ErrorReason.NETWORK_MISMATCH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER,
                ErrorReason.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH,
                ErrorReason.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                ErrorReason.TRANSACTION_SIMULATION_FAILED,
                ErrorReason.TRANSACTION_FAILED);
    }
}
