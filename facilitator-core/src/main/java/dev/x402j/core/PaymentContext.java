package dev.x402j.core;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import java.time.Instant;

/** What hooks see of a verify or settle call. Immutable. */
public record PaymentContext(int x402Version, PaymentPayload payload, PaymentRequirements requirements, Instant receivedAt) {}
