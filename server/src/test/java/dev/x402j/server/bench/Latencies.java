package dev.x402j.server.bench;

import java.util.Arrays;

/**
 * The latencies of one measured batch of operations and the wall time the batch took: throughput and nearest-rank
 * percentiles. Immutable.
 */
final class Latencies {
    private final long[] sortedNanos;
    private final long wallNanos;

    /**
     * @param nanos one duration per operation, in any order
     * @param wallNanos from the release of the first caller until the last answer
     */
    Latencies(long[] nanos, long wallNanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wall time must be positive");
        }
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
        this.wallNanos = wallNanos;
    }

    int count() {
        return sortedNanos.length;
    }

    /** Operations per second of wall time. */
    double perSecond() {
        return sortedNanos.length * 1e9 / wallNanos;
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    /** The nearest-rank percentile: the smallest latency that at least {@code p} % of the operations did not exceed. */
    double percentileMillis(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }

    double maxMillis() {
        return sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    double minMillis() {
        return sortedNanos[0] / 1e6;
    }
}
