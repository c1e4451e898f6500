package dev.x402j.core.client;

import dev.x402j.core.X402Exception;
import java.util.List;

/** The server asked for payment, but none of its offers can or may be paid; {@link #reasons()} says why, per offer. */
public class PaymentRefusedException extends X402Exception {
    private final List<String> reasons;

    public PaymentRefusedException(String message, List<String> reasons) {
        super(message + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
