package dev.x402j.core;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import java.time.Duration;
import java.util.List;

/**
 * One payment scheme on one network (for example {@code exact} on {@code eip155:8453}). Chain modules implement it;
 * the {@link Facilitator} owns the flow around it (hooks, the settlement ledger, idempotency), so a scheme only
 * speaks to its chain. Implementations must be thread-safe.
 *
 * <p>Settlement is split in steps so the ledger can record each one before the next: {@link #prepareSettlement}
 * signs without sending, {@link #broadcast} sends those exact bytes (idempotent), {@link #confirm} waits for the
 * outcome.
 */
public interface Scheme {
    /** The scheme's name on the wire, e.g. {@code exact}. */
    String scheme();

    /** The network served, as a CAIP-2 id. */
    ChainId network();

    /** The kinds advertised by {@code /supported} for this scheme and network (usually one per protocol version). */
    List<SupportedKind> supported();

    /** The facilitator's signer addresses on this network, advertised in {@code /supported}. */
    List<String> signerAddresses();

    /**
     * Completes requirements for {@code /accepts}: fills {@code extra} (EVM token name and version, Solana fee payer…)
     * and anything else a client needs to pay without its own RPC. Leaves what the caller set.
     */
    PaymentRequirements enrich(PaymentRequirements requirements);

    /**
     * Checks every rule of the scheme and whether the payment would settle now (simulation). Returns
     * {@link VerifyResult.Invalid} with the official reason for a bad payment; throws only on faults (e.g.
     * {@link ChainUnavailableException}).
     */
    VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements);

    /**
     * The deterministic key of this payment.
     *
     * @throws InvalidPaymentException if the payload cannot be decoded
     */
    PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements);

    /**
     * Builds and signs the settlement transaction of a verified payment without sending it.
     *
     * @throws InvalidPaymentException if the payment would not settle (detected while preparing)
     */
    SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements);

    /**
     * Sends a prepared transaction. Sending the same bytes again is harmless.
     *
     * @throws BroadcastRejectedException if the node refused it for good (it will never be mined)
     * @throws ChainUnavailableException if it is unknown whether the node received it
     */
    void broadcast(SignedTransaction transaction);

    /** Waits up to {@code timeout} for the outcome of a sent transaction. */
    Confirmation confirm(String transaction, Duration timeout);
}
