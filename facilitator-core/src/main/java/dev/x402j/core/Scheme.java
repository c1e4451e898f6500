package dev.x402j.core;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One payment scheme on one network (for example {@code exact} on {@code eip155:8453}). Chain modules implement it;
 * the {@link Facilitator} owns the flow around it (hooks, the settlement ledger, idempotency), so a scheme only
 * speaks to its chain. Implementations must be thread-safe.
 *
 * <p>Settlement is split in steps so the ledger can record each one before the next: {@link #prepareSettlement}
 * signs without sending, {@link #broadcast} sends those exact bytes (idempotent), {@link #confirm} waits for the
 * outcome.
 *
 * <p>Optional capabilities, with defaults that do nothing: {@link #replaceStuck} (a fee-bumped replacement of a
 * transaction that has been pending too long), {@link #resign} (the payment signed anew after the node refused its
 * transaction because the nonce is taken) and {@link #abandon} (give back what a prepared transaction reserved).
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

    /**
     * A replacement of {@code stuck}, a sent transaction that has been pending for long: the same transaction (same
     * nonce, same effect) at a higher fee, signed but not sent, so that it replaces {@code stuck} on the node. Empty
     * when the scheme has no such thing, when the fee is not what holds it back, or when the fee it would need passes
     * the configured cap. The facilitator records the replacement before sending it; if that loses a race, it calls
     * {@link #abandon} with it and never sends it.
     */
    default Optional<SignedTransaction> replaceStuck(SignedTransaction stuck) {
        return Optional.empty();
    }

    /**
     * The payment of {@code refused} signed anew as a fresh transaction, not sent: for a transaction the node refused
     * with {@link BroadcastRejectedException#nonceConsumed()} (its nonce is taken by another transaction, so it can
     * never land). The facilitator asks for it only when none of the payment's transactions is known to the node. Empty
     * when the scheme cannot build one from the transaction alone.
     *
     * @throws InvalidPaymentException if the payment can no longer settle (e.g. its authorization is used or expired)
     */
    default Optional<SignedTransaction> resign(SignedTransaction refused) {
        return Optional.empty();
    }

    /**
     * The facilitator will never send {@code transaction}, which {@link #prepareSettlement}, {@link #resign} or
     * {@link #replaceStuck} returned (its claim was lost, recording it failed, or another replacement won). A scheme that
     * reserved something for it, such as an EVM nonce, takes it back so that no gap is left. Never throws.
     */
    default void abandon(SignedTransaction transaction) {}
}
