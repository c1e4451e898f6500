package dev.x402j.core;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TrackingStore} in this JVM's memory. Thread-safe; forgets everything on restart. */
public final class InMemoryTrackingStore implements TrackingStore {
    private final ConcurrentHashMap<String, TrackedPayment> payments = new ConcurrentHashMap<>();

    @Override
    public void save(TrackedPayment payment) {
        payments.put(payment.id(), payment);
    }

    @Override
    public Optional<TrackedPayment> find(String id) {
        return Optional.ofNullable(payments.get(id));
    }

    @Override
    public Page list(Query query) {
        List<TrackedPayment> matching = payments.values().stream()
                .filter(query::matches)
                .sorted(Comparator.comparing(TrackedPayment::startedAt).reversed().thenComparing(TrackedPayment::id))
                .toList();
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new Page(matching.subList(from, to), matching.size());
    }

    @Override
    public Stats stats(Instant from, Instant to) {
        List<TrackedPayment> window = payments.values().stream()
                .filter(p -> !p.startedAt().isBefore(from) && p.startedAt().isBefore(to))
                .toList();
        long settled = window.stream().filter(p -> p.status() == TrackedPayment.Status.SETTLED).count();
        long failed = window.stream().filter(p -> p.status() == TrackedPayment.Status.SETTLE_FAILED).count();
        Map<String, BigInteger> volume = new TreeMap<>();
        window.stream()
                .filter(p -> p.status() == TrackedPayment.Status.SETTLED && p.amount() != null)
                .forEach(p -> volume.merge(p.network() + "|" + p.asset(), p.amount(), BigInteger::add));
        List<Duration> latencies = window.stream()
                .map(TrackedPayment::latency)
                .filter(d -> d != null)
                .sorted()
                .toList();
        double rate = settled + failed == 0 ? 0.0 : (double) settled / (settled + failed);
        return new Stats(window.size(), settled, failed, rate, volume, percentile(latencies, 50), percentile(latencies, 95));
    }

    /** Nearest-rank percentile; zero when there is nothing to rank. */
    static Duration percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
