package dev.x402j.core;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records of paid requests, for audit and statistics. Writing is best effort for callers: a tracking failure must
 * never block a payment. Implementations must be thread-safe.
 */
public interface TrackingStore {
    /** Inserts or replaces the record with this id. */
    void save(TrackedPayment payment);

    Optional<TrackedPayment> find(String id);

    /** Records matching {@code query}, newest first. */
    Page list(Query query);

    /** Figures over the records started in {@code [from, to)}. */
    Stats stats(Instant from, Instant to);

    /** Filters for {@link #list}; {@code null} means any. */
    record Query(
            String network, String payer, TrackedPayment.Status status, Instant from, Instant to, int limit, int offset) {
        public Query {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be 1..1000");
            }
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
        }

        public static Query all(int limit) {
            return new Query(null, null, null, null, null, limit, 0);
        }

        boolean matches(TrackedPayment p) {
            return (network == null || network.equals(p.network()))
                    && (payer == null || payer.equalsIgnoreCase(p.payer()))
                    && (status == null || status == p.status())
                    && (from == null || !p.startedAt().isBefore(from))
                    && (to == null || p.startedAt().isBefore(to));
        }
    }

    record Page(List<TrackedPayment> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * @param volume settled atomic amounts by {@code network|asset}
     * @param successRate settled / (settled + settle failures), 0 when nothing was settled
     */
    record Stats(
            long count,
            long settled,
            long failed,
            double successRate,
            Map<String, BigInteger> volume,
            Duration p50Latency,
            Duration p95Latency) {
        public Stats {
            volume = Map.copyOf(volume);
        }
    }
}
