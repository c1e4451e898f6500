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
