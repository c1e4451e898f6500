package dev.x402j.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fake of the {@link Scheme} port with an in-memory "chain", for testing the facilitator's flow (ledger, hooks,
 * idempotency) in isolation. Real chains are tested in the chain modules. A payment's payload is
 * {@code {"id": "...", "payer": "...", "valid": true}}; the chain's behaviour can be scripted per test.
 */
final class FakeChainScheme implements Scheme {
    static final ChainId NETWORK = ChainId.parse("eip155:31337");

    final AtomicInteger broadcasts = new AtomicInteger();
    final AtomicInteger prepares = new AtomicInteger();
    final Map<String, Boolean> mined = new ConcurrentHashMap<>();
    volatile boolean broadcastTimesOut;
    volatile boolean broadcastRejected;
    volatile boolean prepareFails;
    volatile boolean revert;
    volatile boolean confirmSlowly;
    volatile Duration broadcastDelay = Duration.ZERO;

    // Replacement transactions. A transaction is "in the mempool" (seen, not mined) while holdInMempool is set.
    final Set<String> mempool = ConcurrentHashMap.newKeySet();
    /** References whose nonce another sender took: broadcasting them is refused with nonceConsumed. */
    final Set<String> nonceTaken = ConcurrentHashMap.newKeySet();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> abandoned = new CopyOnWriteArrayList<>();
    final Map<String, Integer> prepared = new ConcurrentHashMap<>();
    volatile boolean holdInMempool;
    /** The node acknowledges the next send but keeps nothing of it (dropped from its pool at once). */
    volatile boolean dropNextSend;
    volatile boolean offerBump;
    volatile boolean offerResign;
    volatile InvalidPaymentException resignFails;
    /** Called with each transaction before it is sent (to look at the ledger at that moment). */
    volatile Consumer<SignedTransaction> beforeSend = tx -> {};

    @Override
    public String scheme() {
        return "exact";
    }

    @Override
    public ChainId network() {
        return NETWORK;
    }

    @Override
    public List<SupportedKind> supported() {
        return List.of(new SupportedKind(2, "exact", NETWORK.toString(), null));
    }

    @Override
    public List<String> signerAddresses() {
        return List.of("0xfacilitator");
    }

    @Override
    public PaymentRequirements enrich(PaymentRequirements requirements) {
        ObjectNode extra = requirements.extra();
        if (!extra.has("name")) {
            extra.put("name", "USD Coin");
        }
        return requirements.withExtra(extra);
    }

    @Override
    public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
        var p = payload.payload();
        if (!p.path("valid").asBoolean(false)) {
            return VerifyResult.invalid(ErrorReason.of("invalid_exact_evm_signature"), "bad signature", p.path("payer").asText());
        }
        if (mined.containsKey(p.path("id").asText())) {
            return VerifyResult.invalid(ErrorReason.of("invalid_exact_evm_nonce_already_used"), "used", p.path("payer").asText());
        }
        return VerifyResult.valid(p.path("payer").asText());
    }

    @Override
    public PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements) {
        String id = payload.payload().path("id").asText("");
        if (id.isEmpty()) {
            throw new InvalidPaymentException(ErrorReason.INVALID_PAYLOAD, "payload.id is missing");
        }
        return new PaymentId("fake/" + id);
    }

    @Override
    public SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements) {
        prepares.incrementAndGet();
        if (prepareFails) {
            throw new ChainUnavailableException(NETWORK.toString(), "node down", null);
        }
        String id = payload.payload().path("id").asText();
        int n = prepared.merge(id, 1, Integer::sum);
        String reference = n == 1 ? "0xtx-" + id : "0xtx-" + id + "#" + n;
        return new SignedTransaction(reference, reference.getBytes());
    }

    @Override
    public void broadcast(SignedTransaction transaction) {
        broadcasts.incrementAndGet();
        beforeSend.accept(transaction);
        sent.add(transaction.reference());
        if (nonceTaken.contains(transaction.reference())) {
            throw BroadcastRejectedException.nonceConsumed(ErrorReason.UNEXPECTED_SETTLE_ERROR, "nonce too low");
        }
        if (broadcastRejected) {
            throw new BroadcastRejectedException(ErrorReason.INVALID_TRANSACTION_STATE, "insufficient funds for gas");
        }
        sleep(broadcastDelay);
        if (transaction.reference().endsWith("+bump")) {
            // Same nonce, higher fee: it takes the place of the transaction it replaces.
            mempool.remove(transaction.reference().substring(0, transaction.reference().length() - "+bump".length()));
        }
        if (dropNextSend) {
            dropNextSend = false;
            return;
        }
        if (holdInMempool) {
            mempool.add(transaction.reference());
            return;
        }
        // The transaction reaches the chain even when the answer is lost.
        mined.putIfAbsent(transaction.reference(), !revert);
        if (broadcastTimesOut) {
            throw new ChainUnavailableException(NETWORK.toString(), "timeout", null);
        }
    }

    @Override
    public Confirmation confirm(String transaction, Duration timeout) {
        Boolean ok = mined.get(transaction);
        if (ok == null || confirmSlowly) {
            return new Confirmation.Pending(transaction, mempool.contains(transaction) || (ok != null));
        }
        return ok
                ? new Confirmation.Confirmed(transaction)
                : new Confirmation.Failed(transaction, ErrorReason.of("invalid_exact_evm_transaction_failed"), "reverted");
    }

    /** Mines a transaction held in the mempool. */
    void mine(String reference) {
        mempool.remove(reference);
        mined.putIfAbsent(reference, !revert);
    }

    @Override
    public Optional<SignedTransaction> replaceStuck(SignedTransaction stuck) {
        if (!offerBump) {
            return Optional.empty();
        }
        String reference = stuck.reference() + "+bump";
        return Optional.of(new SignedTransaction(reference, reference.getBytes()));
    }

    @Override
    public Optional<SignedTransaction> resign(SignedTransaction refused) {
        if (resignFails != null) {
            throw resignFails;
        }
        if (!offerResign) {
            return Optional.empty();
        }
        String reference = refused.reference() + "+resign";
        return Optional.of(new SignedTransaction(reference, reference.getBytes()));
    }

    @Override
    public void abandon(SignedTransaction transaction) {
        abandoned.add(transaction.reference());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
