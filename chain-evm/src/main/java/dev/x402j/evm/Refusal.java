package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.VerifyResult;

/**
 * Why a payment will not settle: a reason and the message that explains it. Verify hands it to the client as a
 * result; settlement, which finds the same causes while preparing, throws it.
 */
record Refusal(ErrorReason reason, String message) {
    VerifyResult asResult(String payer) {
        return VerifyResult.invalid(reason, message, payer);
    }

    InvalidPaymentException asException() {
        return new InvalidPaymentException(reason, message);
    }
}
