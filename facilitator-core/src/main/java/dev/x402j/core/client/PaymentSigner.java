package dev.x402j.core.client;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import java.time.Instant;

/**
 * A paying client's key on one chain family: it signs payments the client chose to make. Implementations live in
 * the chain modules (e.g. {@code EvmPaymentSigner}); keys never leave the client. Thread-safe.
 */
public interface PaymentSigner {
    /** Whether this signer can pay under these requirements (scheme and network family it knows). */
    boolean supports(PaymentRequirements requirements);

    /** Signs a payment meeting {@code requirements} exactly, valid from {@code now}. */
    PaymentPayload sign(PaymentRequirements requirements, ResourceInfo resource, Instant now);
}
