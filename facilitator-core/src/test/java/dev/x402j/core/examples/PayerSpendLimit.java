package dev.x402j.core.examples;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.FacilitatorHook;
import dev.x402j.core.HookDecision;
import dev.x402j.core.PaymentContext;
import dev.x402j.core.model.SettleResponse;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The worked example of docs/policy-hooks.md: at most {@code limit} atomic units settled per payer and network in each
 * window (a day, say). The budget is reserved before settling, atomically per payer, and given back when a settlement
 * fails (but not when it is only pending: the money may still move). One JVM's memory: an operator running several
 * instances keeps the counters in Redis instead, with the same shape.
 */
public final class PayerSpendLimit implements FacilitatorHook {
    private record Budget(Instant windowStart, BigInteger spent) {}

    private final BigInteger limit;
    private final Duration window;
    private final Clock clock;
    private final Function<PaymentContext, Optional<String>> payerOf;
    private final ConcurrentHashMap<String, Budget> budgets = new ConcurrentHashMap<>();
    /** Payments whose budget is reserved and not yet settled: only these are given back on failure. */
    private final ConcurrentHashMap<dev.x402j.core.model.PaymentPayload, String> reserved = new ConcurrentHashMap<>();

    /**
     * @param payerOf who pays, read from the payload (EVM exact: {@code payload.authorization.from}); a payment whose
     *                payer cannot be read is refused, since it cannot be counted
     */
    public PayerSpendLimit(BigInteger limit, Duration window, Clock clock, Function<PaymentContext, Optional<String>> payerOf) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.payerOf = payerOf;
    }

    /** The payer of an EVM {@code exact} payment: its authorization's {@code from}, lower case. */
    public static Optional<String> evmPayer(PaymentContext c) {
        String from = c.payload().payload().path("authorization").path("from").asText("");
        return from.isEmpty() ? Optional.empty() : Optional.of(from.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public HookDecision beforeSettle(PaymentContext c) {
        Optional<String> payer = payerOf.apply(c);
        if (payer.isEmpty()) {
            return HookDecision.abort("the payer of this payment cannot be read, so it cannot be held to its limit");
        }
        BigInteger amount = c.requirements().amount();
        Instant now = clock.instant();
        boolean[] allowed = {false};
        budgets.compute(key(c, payer.get()), (k, b) -> {
            Budget current = b == null || !now.isBefore(b.windowStart().plus(window)) ? new Budget(now, BigInteger.ZERO) : b;
            if (current.spent().add(amount).compareTo(limit) > 0) {
                return current;
            }
            allowed[0] = true;
            return new Budget(current.windowStart(), current.spent().add(amount));
        });
        if (allowed[0]) {
            reserved.put(c.payload(), key(c, payer.get()));
            return HookDecision.proceed();
        }
        return HookDecision.abort(ErrorReason.PAYMENT_REJECTED_BY_POLICY,
                "payer " + payer.get() + " would pass its limit of " + limit + " per " + window + " on " + c.requirements().network());
    }

    @Override
    public void afterSettle(PaymentContext c, SettleResponse r) {
        reserved.remove(c.payload());
    }

    @Override
    public void onSettleFailure(PaymentContext c, SettleResponse r) {
        if ("settlement_pending".equals(r.errorReason())) {
            return; // the transaction is out there: the money may still move
        }
        String key = reserved.remove(c.payload());
        if (key != null) { // refused by this very hook, or by another before it reserved: nothing to give back
            budgets.computeIfPresent(key, (k, b) ->
                    new Budget(b.windowStart(), b.spent().subtract(c.requirements().amount()).max(BigInteger.ZERO)));
        }
    }

    /** What {@code payer} has spent in its current window on the payment's network. */
    public BigInteger spent(String network, String payer) {
        Budget b = budgets.get(network + "|" + payer);
        return b == null ? BigInteger.ZERO : b.spent();
    }

    private static String key(PaymentContext c, String payer) {
        return c.requirements().network() + "|" + payer;
    }
}
