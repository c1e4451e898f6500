package dev.x402j.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reason code x402j puts on the wire, spelled exactly as the official x402 TypeScript SDK (v2) spells it, so that
 * clients and resource servers written against that SDK understand our answers.
 *
 * <p>The set is open: core defines the reasons every scheme shares (below); each chain family defines its own with
 * {@link #of(String, boolean)} and lists them in its {@code ChainFamily#reasons()}. Two reasons are equal when their
 * wire strings are. {@link #retryable()} says whether the same request may succeed later without the client changing
 * anything (an RPC outage, a settlement still in flight) as opposed to a payment that is simply wrong.
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorReason {

    private static final Pattern WIRE = Pattern.compile("[a-z][a-z0-9_]{0,127}");
    /** Core's reasons by wire string, filled by the constants below in declaration order. */
    private static final Map<String, ErrorReason> CORE = new LinkedHashMap<>();

    // Generic
    public static final ErrorReason INVALID_PAYLOAD = core("invalid_payload");
    public static final ErrorReason INVALID_PAYMENT_REQUIREMENTS = core("invalid_payment_requirements");
    public static final ErrorReason INVALID_NETWORK = core("invalid_network");
    public static final ErrorReason INVALID_SCHEME = core("invalid_scheme");
    public static final ErrorReason UNSUPPORTED_SCHEME = core("unsupported_scheme");
    public static final ErrorReason INVALID_X402_VERSION = core("invalid_x402_version");
    public static final ErrorReason INSUFFICIENT_FUNDS = core("insufficient_funds");
    public static final ErrorReason INVALID_TRANSACTION_STATE = core("invalid_transaction_state");
    public static final ErrorReason UNEXPECTED_VERIFY_ERROR = core("unexpected_verify_error", true);
    public static final ErrorReason UNEXPECTED_SETTLE_ERROR = core("unexpected_settle_error", true);
    public static final ErrorReason DUPLICATE_SETTLEMENT = core("duplicate_settlement");
    public static final ErrorReason SETTLEMENT_PENDING = core("settlement_pending", true);
    /** A before-hook of the facilitator refused the payment (policy, allow list, rate limit…). */
    public static final ErrorReason PAYMENT_REJECTED_BY_POLICY = core("payment_rejected_by_policy");

    // Solana (SVM) exact. Spelled as @x402/svm emits them (typescript/packages/mechanisms/svm, exact facilitator);
    // fee_payer_included_in_instruction_accounts comes from the legacy x402 TS package, signature_invalid from the
    // newer x402-foundation SDK (exact/facilitator/errors.ts).
    public static final ErrorReason NETWORK_MISMATCH = core("network_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER = core("invalid_exact_svm_payload_missing_fee_payer");
    public static final ErrorReason FEE_PAYER_NOT_MANAGED_BY_FACILITATOR = core("fee_payer_not_managed_by_facilitator");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED = core("invalid_exact_svm_payload_transaction_could_not_be_decoded");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH = core("invalid_exact_svm_payload_transaction_instructions_length");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION = core("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION = core("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH = core("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION = core("invalid_exact_svm_payload_no_transfer_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS = core("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS = core("invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH = core("invalid_exact_svm_payload_mint_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH = core("invalid_exact_svm_payload_recipient_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH = core("invalid_exact_svm_payload_amount_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION = core("invalid_exact_svm_payload_unknown_fourth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION = core("invalid_exact_svm_payload_unknown_fifth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION = core("invalid_exact_svm_payload_unknown_sixth_instruction");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT = core("invalid_exact_svm_payload_memo_count");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH = core("invalid_exact_svm_payload_memo_mismatch");
    public static final ErrorReason INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID = core("invalid_exact_svm_payload_signature_invalid");
    public static final ErrorReason TRANSACTION_SIMULATION_FAILED = core("transaction_simulation_failed");
    public static final ErrorReason TRANSACTION_FAILED = core("transaction_failed");

    // EVM exact (EIP-3009)
    public static final ErrorReason INVALID_EXACT_EVM_SCHEME = core("invalid_exact_evm_scheme");
    public static final ErrorReason INVALID_EXACT_EVM_NETWORK_MISMATCH = core("invalid_exact_evm_network_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN = core("invalid_exact_evm_missing_eip712_domain");
    public static final ErrorReason INVALID_EXACT_EVM_RECIPIENT_MISMATCH = core("invalid_exact_evm_recipient_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_SIGNATURE = core("invalid_exact_evm_signature");
    public static final ErrorReason INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE = core("invalid_exact_evm_payload_authorization_valid_before");
    public static final ErrorReason INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER = core("invalid_exact_evm_payload_authorization_valid_after");
    public static final ErrorReason INVALID_EXACT_EVM_AUTHORIZATION_VALUE = core("invalid_exact_evm_authorization_value");
    public static final ErrorReason INVALID_EXACT_EVM_TRANSACTION_FAILED = core("invalid_exact_evm_transaction_failed");
    public static final ErrorReason INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH = core("invalid_exact_evm_token_name_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH = core("invalid_exact_evm_token_version_mismatch");
    public static final ErrorReason INVALID_EXACT_EVM_NONCE_ALREADY_USED = core("invalid_exact_evm_nonce_already_used");
    public static final ErrorReason INVALID_EXACT_EVM_INSUFFICIENT_BALANCE = core("invalid_exact_evm_insufficient_balance");
    public static final ErrorReason INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED = core("invalid_exact_evm_transaction_simulation_failed");


    private final String wire;
    private final boolean retryable;

    private ErrorReason(String wire, boolean retryable) {
        if (wire == null || !WIRE.matcher(wire).matches()) {
            throw new IllegalArgumentException("a reason's wire string is lower-case snake case, 1 to 128 characters,"
                    + " not " + (wire == null ? "null" : "'" + wire + "'"));
        }
        this.wire = wire;
        this.retryable = retryable;
    }

    private static ErrorReason core(String wire) {
        return core(wire, false);
    }

    private static ErrorReason core(String wire, boolean retryable) {
        ErrorReason reason = new ErrorReason(wire, retryable);
        CORE.put(wire, reason);
        return reason;
    }

    /**
     * A reason of a chain family (or of an application's hook): its wire string, as the official SDK spells it, and
     * whether the same request may succeed later unchanged. A core reason's wire string gives that reason back.
     *
     * @throws IllegalArgumentException if the wire string is not lower-case snake case, or names a core reason with the
     *     other retryable flag
     */
    public static ErrorReason of(String wire, boolean retryable) {
        ErrorReason known = CORE.get(wire);
        if (known != null) {
            if (known.retryable != retryable) {
                throw new IllegalArgumentException("'" + wire + "' is a core reason, retryable=" + known.retryable);
            }
            return known;
        }
        return new ErrorReason(wire, retryable);
    }

    /** A reason that is not retryable: the payment itself is wrong. */
    public static ErrorReason of(String wire) {
        return of(wire, false);
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

    /** The core reason with this wire string (a family's reasons are listed by its {@code ChainFamily}). */
    public static Optional<ErrorReason> fromWire(String wire) {
        return Optional.ofNullable(CORE.get(wire));
    }

    /** Core's reasons, in declaration order. */
    public static List<ErrorReason> coreReasons() {
        return List.copyOf(CORE.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorReason other && wire.equals(other.wire);
    }

    @Override
    public int hashCode() {
        return wire.hashCode();
    }

    @Override
    public String toString() {
        return wire;
    }
}
