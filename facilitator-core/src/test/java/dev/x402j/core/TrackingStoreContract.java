package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link TrackingStore} must have; subclassed per store module. */
public abstract class TrackingStoreContract {
    /** A store holding no records in the time range these tests use. */
    protected abstract TrackingStore store();

    private final String network = "eip155:" + (100_000 + Math.abs(UUID.randomUUID().hashCode() % 100_000));
    private final Instant base = Instant.parse("2026-03-01T00:00:00Z");

    private TrackedPayment payment(int secondsIn, TrackedPayment.Status status, long amount, long latencyMs) {
        Instant start = base.plusSeconds(secondsIn);
        return new TrackedPayment(UUID.randomUUID().toString(), start, start.plusMillis(latencyMs), "GET", "/weather",
                "exact", network, "0xasset", BigInteger.valueOf(amount), "0xPayer" + (secondsIn % 2), status, null, "0xtx");
    }

    @Test
    void savesReplacesAndFinds() {
        TrackingStore s = store();
        TrackedPayment p = payment(1, TrackedPayment.Status.VERIFIED, 10, 5);
        s.save(p);
        TrackedPayment settled = new TrackedPayment(p.id(), p.startedAt(), p.finishedAt(), p.method(), p.resource(), p.scheme(),
                p.network(), p.asset(), p.amount(), p.payer(), TrackedPayment.Status.SETTLED, null, "0xfinal");
        s.save(settled);
        assertThat(s.find(p.id()).orElseThrow().status()).isEqualTo(TrackedPayment.Status.SETTLED);
        assertThat(s.find(p.id()).orElseThrow().transaction()).isEqualTo("0xfinal");
    }

    @Test
    void listsNewestFirstWithFiltersAndPaging() {
        TrackingStore s = store();
        for (int i = 0; i < 5; i++) {
            s.save(payment(i, i % 2 == 0 ? TrackedPayment.Status.SETTLED : TrackedPayment.Status.VERIFY_FAILED, 100, 10));
        }
        var settled = s.list(new TrackingStore.Query(network, null, TrackedPayment.Status.SETTLED, null, null, 2, 0));
        assertThat(settled.total()).isEqualTo(3);
        assertThat(settled.items()).hasSize(2);
        assertThat(settled.items().get(0).startedAt()).isEqualTo(base.plusSeconds(4));
        assertThat(settled.items().get(1).startedAt()).isEqualTo(base.plusSeconds(2));
        var page2 = s.list(new TrackingStore.Query(network, null, TrackedPayment.Status.SETTLED, null, null, 2, 2));
        assertThat(page2.items()).extracting(TrackedPayment::startedAt).containsExactly(base);
        var byPayer = s.list(new TrackingStore.Query(network, "0xpayer1", null, null, null, 10, 0));
        assertThat(byPayer.total()).isEqualTo(2);
    }

    @Test
    void statsCountVolumeRateAndLatencyPercentiles() {
        TrackingStore s = store();
        for (int i = 1; i <= 20; i++) {
            s.save(payment(i, TrackedPayment.Status.SETTLED, 1_000_000, i * 10L));
        }
        s.save(payment(30, TrackedPayment.Status.SETTLE_FAILED, 5, 500));
        s.save(payment(5000, TrackedPayment.Status.SETTLED, 7, 1)); // outside the window
        var stats = s.stats(base, base.plusSeconds(100));
        assertThat(stats.count()).isEqualTo(21);
        assertThat(stats.settled()).isEqualTo(20);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.successRate()).isEqualTo(20.0 / 21.0);
        assertThat(stats.volume()).containsEntry(network + "|0xasset", BigInteger.valueOf(20_000_000));
        assertThat(stats.p50Latency()).isEqualTo(Duration.ofMillis(110));
        assertThat(stats.p95Latency()).isEqualTo(Duration.ofMillis(200));
    }
}
