package dev.x402j.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic: the figures it prints are only as good as this. */
class LatenciesTest {
    private static final long MS = 1_000_000;

    @Test
    void percentilesAreNearestRankOverTheSortedLatencies() {
        // 1 ms … 100 ms, shuffled: pN is exactly N ms.
        long[] nanos = LongStream.rangeClosed(1, 100).map(i -> ((i * 37) % 100 + 1) * MS).toArray();
        Latencies l = new Latencies(nanos, 1_000 * MS);

        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(95)).isEqualTo(95.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(l.percentileMillis(100)).isEqualTo(100.0);
        assertThat(l.minMillis()).isEqualTo(1.0);
        assertThat(l.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void aFewSamplesRoundTheRankUp() {
        Latencies l = new Latencies(new long[] {30 * MS, 10 * MS, 20 * MS}, 30 * MS);

        assertThat(l.percentileMillis(50)).isEqualTo(20.0); // rank ceil(1.5) = 2
        assertThat(l.percentileMillis(99)).isEqualTo(30.0);
        assertThat(l.percentileMillis(0.1)).isEqualTo(10.0);
    }

    @Test
    void throughputIsOperationsPerSecondOfWallTime() {
        Latencies l = new Latencies(new long[] {5 * MS, 5 * MS, 5 * MS, 5 * MS}, 500 * MS);

        assertThat(l.perSecond()).isCloseTo(8.0, within(1e-9));
        assertThat(l.wallSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(l.count()).isEqualTo(4);
    }

    @Test
    void refusesWhatWouldPrintNonsense() {
        assertThatThrownBy(() -> new Latencies(new long[0], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Latencies(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Latencies(new long[] {1}, 1).percentileMillis(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
