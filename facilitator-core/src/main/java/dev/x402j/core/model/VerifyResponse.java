package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer of {@code POST /verify}, as the x402 v2 spec words it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyResponse(boolean isValid, String invalidReason, String invalidMessage, String payer) {
    public static VerifyResponse valid(String payer) {
        return new VerifyResponse(true, null, null, payer);
    }

    public static VerifyResponse invalid(String reason, String message, String payer) {
        return new VerifyResponse(false, reason, message, payer);
    }
}
