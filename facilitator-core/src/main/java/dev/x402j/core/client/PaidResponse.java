package dev.x402j.core.client;

import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The final response of a request made through {@link X402Client}, with what was paid and the server's decoded
 * settlement ({@code PAYMENT-RESPONSE}) when a payment was made.
 */
public record PaidResponse<T>(HttpResponse<T> response, Optional<PaymentRequirements> paid, Optional<SettleResponse> settlement) {
    public int statusCode() {
        return response.statusCode();
    }

    public T body() {
        return response.body();
    }
}
