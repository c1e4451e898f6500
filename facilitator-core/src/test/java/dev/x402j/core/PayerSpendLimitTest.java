package dev.x402j.core;

import static dev.x402j.core.FacilitatorTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.examples.PayerSpendLimit;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.SettleResponse;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked example of docs/policy-hooks.md, run through a real {@link Facilitator}. */
class PayerSpendLimitTest {
    private final FakeChainScheme chain = new FakeChainScheme();

    private Facilitator facilitator(PayerSpendLimit limit) {
        return Facilitator.builder().scheme(chain).settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofMillis(200)).hook(limit).build();
    }

    private static PayerSpendLimit limit(long atomic, Clock clock) {
        return new PayerSpendLimit(BigInteger.valueOf(atomic), Duration.ofDays(1), clock,
                c -> Optional.of(c.payload().payload().path("payer").asText()));
    }

    @Test
    void aPayerIsRefusedOnceItsBudgetForTheWindowIsSpentAndNothingIsSent() {
        Clock day1 = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        PayerSpendLimit limit = limit(25_000, day1); // each request settles 10 000
        Facilitator f = facilitator(limit);
        String network = FakeChainScheme.NETWORK.toString();

        assertThat(f.settle(request("p1", true)).success()).isTrue();
        assertThat(f.settle(request("p2", true)).success()).isTrue();
        SettleResponse third = f.settle(request("p3", true));

        assertThat(third.success()).isFalse();
        assertThat(third.errorReason()).isEqualTo("payment_rejected_by_policy");
        assertThat(third.errorMessage()).contains("0xpayer").contains("25000");
        assertThat(limit.spent(network, "0xpayer")).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(chain.broadcasts.get()).as("nothing was sent for the refused payment").isEqualTo(2);
    }

    @Test
    void aFailedSettlementGivesItsBudgetBack() {
        PayerSpendLimit limit = limit(10_000, Clock.systemUTC());
        Facilitator f = facilitator(limit);
        String network = FakeChainScheme.NETWORK.toString();

        chain.revert = true;
        FacilitatorRequest reverted = request("r1", true);
        assertThat(f.settle(reverted).success()).isFalse();
        assertThat(limit.spent(network, "0xpayer")).isZero();

        chain.revert = false;
        assertThat(f.settle(request("r2", true)).success()).isTrue();
        assertThat(limit.spent(network, "0xpayer")).isEqualTo(BigInteger.valueOf(10_000));
    }

    @Test
    void theEvmPayerIsReadFromTheAuthorization() {
        var payload = dev.x402j.core.wire.X402Json.mapper().createObjectNode();
        payload.putObject("authorization").put("from", "0xAbC0000000000000000000000000000000000001");
        var req = FacilitatorTest.requirements("eip155:8453");
        var context = new PaymentContext(2, new dev.x402j.core.model.PaymentPayload(2,
                dev.x402j.core.model.ResourceInfo.of("https://api.example/x"), req, payload, null), req, Instant.now());

        assertThat(PayerSpendLimit.evmPayer(context)).hasValue("0xabc0000000000000000000000000000000000001");
    }
}
