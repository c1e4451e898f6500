package dev.x402j.micronaut;

import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.HttpFacilitatorClient;
import dev.x402j.core.gate.PaymentGate;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binding's beans: a {@link FacilitatorClient} over HTTP from {@code x402j.facilitator.*} (only when the
 * application defines no client of its own), and the one {@link PaymentGate} of the application's paid routes.
 */
@Factory
final class X402jFactory {

    @Singleton
    @Secondary
    @Requires(property = "x402j.facilitator.url")
    FacilitatorClient httpFacilitatorClient(X402jFacilitatorProperties properties) {
        URI url = properties.getUrl();
        Duration timeout = properties.getTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("x402j.facilitator.timeout must be a positive duration, got " + timeout);
        }
        Map<String, String> headers = new LinkedHashMap<>(properties.getHeaders());
        String apiKey = properties.getApiKey();
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey.strip());
        }
        Map<String, String> fixed = Map.copyOf(headers);
        try {
            return HttpFacilitatorClient.builder(url).timeout(timeout).authHeaders(endpoint -> fixed).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("x402j.facilitator.url: " + e.getMessage(), e);
        }
    }

    /** The gate of every paid route; there is none (and injecting it fails, saying why) when no route is paid. */
    @Singleton
    PaymentGate paymentGate(PaidRoutes routes) {
        return routes.gate().orElseThrow(() -> new ConfigurationException(
                "x402j has no paid routes: annotate a controller method with @Paid or configure x402j.paid-routes"));
    }
}
