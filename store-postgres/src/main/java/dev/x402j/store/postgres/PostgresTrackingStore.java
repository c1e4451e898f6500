package dev.x402j.store.postgres;

import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records of paid requests in table {@code <schema>.tracked_payment}: an upsert per record, a filtered page with its
 * total in one query ({@code count(*) over ()}), and statistics computed by PostgreSQL in one statement (one snapshot).
 * Latency percentiles are nearest-rank ({@code percentile_disc}), the same figures as the in-memory store. Thread-safe.
 */
public final class PostgresTrackingStore implements TrackingStore {
    private static final String COLUMNS = "id, started_at, finished_at, method, resource, scheme, network, asset, amount, "
            + "payer, status, error_reason, transaction_ref";

    private final Jdbc jdbc;
    private final String table;
    private final String upsert;
    private final String selectOne;
    private final String count;
    private final String stats;

    PostgresTrackingStore(Jdbc jdbc, String schema) {
        this.jdbc = jdbc;
        this.table = PostgresStores.quote(schema) + ".tracked_payment";
        this.upsert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,"
                + " method = EXCLUDED.method, resource = EXCLUDED.resource, scheme = EXCLUDED.scheme,"
                + " network = EXCLUDED.network, asset = EXCLUDED.asset, amount = EXCLUDED.amount, payer = EXCLUDED.payer,"
                + " status = EXCLUDED.status, error_reason = EXCLUDED.error_reason, transaction_ref = EXCLUDED.transaction_ref";
        this.selectOne = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
        this.count = "SELECT count(*) FROM " + table;
        // Latencies in whole microseconds (what TIMESTAMPTZ holds). percentile_disc(f) returns the first value whose
        // cumulative position reaches f, i.e. the value at rank ceil(f * n): nearest-rank, as InMemoryTrackingStore.
        this.stats = "WITH w AS ("
                + "  SELECT status, network, asset, amount,"
                + "         ((EXTRACT(EPOCH FROM finished_at) - EXTRACT(EPOCH FROM started_at)) * 1000000)::bigint AS latency_us"
                + "  FROM " + table + " WHERE started_at >= ? AND started_at < ?"
                + "), totals AS ("
                + "  SELECT count(*) AS n,"
                + "         count(*) FILTER (WHERE status = 'SETTLED') AS settled,"
                + "         count(*) FILTER (WHERE status = 'SETTLE_FAILED') AS failed,"
                + "         percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_us) AS p50_us,"
                + "         percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_us) AS p95_us"
                + "  FROM w"
                + "), volume AS ("
                + "  SELECT network, asset, sum(amount) AS volume FROM w"
                + "  WHERE status = 'SETTLED' AND amount IS NOT NULL GROUP BY network, asset"
                + ")"
                + " SELECT t.n, t.settled, t.failed, t.p50_us, t.p95_us, v.network, v.asset, v.volume"
                + " FROM totals t LEFT JOIN volume v ON true";
    }

    @Override
    public void save(TrackedPayment payment) {
        Objects.requireNonNull(payment, "payment");
        jdbc.call("tracking save", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, upsert)) {
                ps.setString(1, payment.id());
                Jdbc.setInstant(ps, 2, payment.startedAt());
                Jdbc.setInstant(ps, 3, payment.finishedAt());
                Jdbc.setText(ps, 4, payment.method());
                Jdbc.setText(ps, 5, payment.resource());
                Jdbc.setText(ps, 6, payment.scheme());
                Jdbc.setText(ps, 7, payment.network());
                Jdbc.setText(ps, 8, payment.asset());
                Jdbc.setAmount(ps, 9, payment.amount());
                Jdbc.setText(ps, 10, payment.payer());
                ps.setString(11, payment.status().name());
                Jdbc.setText(ps, 12, payment.errorReason());
                Jdbc.setText(ps, 13, payment.transaction());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<TrackedPayment> find(String id) {
        Objects.requireNonNull(id, "id");
        return jdbc.call("tracking find", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, selectOne)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page list(Query query) {
        Objects.requireNonNull(query, "query");
        Filter filter = Filter.of(query);
        String page = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM " + table + filter.where()
                + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?";
        return jdbc.call("tracking list", c -> {
            List<TrackedPayment> items = new ArrayList<>();
            long total = 0;
            try (PreparedStatement ps = jdbc.prepare(c, page)) {
                int next = filter.bind(ps, 1);
                ps.setInt(next, query.limit());
                ps.setInt(next + 1, query.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                        total = rs.getLong("total");
                    }
                }
            }
            if (items.isEmpty() && query.offset() > 0) {
                // Past the last page: no row carried the total, so count on its own.
                try (PreparedStatement ps = jdbc.prepare(c, count + filter.where())) {
                    filter.bind(ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
            return new Page(items, total);
        });
    }

    @Override
    public Stats stats(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return jdbc.call("tracking stats", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, stats)) {
                Jdbc.setBound(ps, 1, from);
                Jdbc.setBound(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    long n = 0, settled = 0, failed = 0;
                    Duration p50 = Duration.ZERO, p95 = Duration.ZERO;
                    Map<String, BigInteger> volume = new TreeMap<>();
                    while (rs.next()) {
                        n = rs.getLong("n");
                        settled = rs.getLong("settled");
                        failed = rs.getLong("failed");
                        p50 = micros(rs, "p50_us");
                        p95 = micros(rs, "p95_us");
                        BigInteger sum = Jdbc.getAmount(rs, "volume");
                        if (sum != null) {
                            // Built like the in-memory store's key, "null" included for a missing part.
                            volume.put(rs.getString("network") + "|" + rs.getString("asset"), sum);
                        }
                    }
                    double rate = settled + failed == 0 ? 0.0 : (double) settled / (settled + failed);
                    return new Stats(n, settled, failed, rate, volume, p50, p95);
                }
            }
        });
    }

    private static Duration micros(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Duration.ZERO : Duration.of(value, ChronoUnit.MICROS);
    }

    private static TrackedPayment read(ResultSet rs) throws SQLException {
        return new TrackedPayment(
                rs.getString("id"),
                Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "finished_at"),
                rs.getString("method"),
                rs.getString("resource"),
                rs.getString("scheme"),
                rs.getString("network"),
                rs.getString("asset"),
                Jdbc.getAmount(rs, "amount"),
                rs.getString("payer"),
                TrackedPayment.Status.valueOf(rs.getString("status")),
                rs.getString("error_reason"),
                rs.getString("transaction_ref"));
    }

    /** The WHERE clause of a query: fixed SQL fragments for the filters present, their values bound in order. */
    private record Filter(String where, List<Binder> binders) {
        @FunctionalInterface
        interface Binder {
            void bind(PreparedStatement ps, int index) throws SQLException;
        }

        static Filter of(Query q) {
            List<String> conditions = new ArrayList<>();
            List<Binder> binders = new ArrayList<>();
            if (q.network() != null) {
                conditions.add("network = ?");
                binders.add((ps, i) -> ps.setString(i, q.network()));
            }
            if (q.payer() != null) {
                // Payers match case-insensitively (addresses in mixed-case checksums); indexed on lower(payer).
                conditions.add("lower(payer) = lower(?)");
                binders.add((ps, i) -> ps.setString(i, q.payer()));
            }
            if (q.status() != null) {
                conditions.add("status = ?");
                binders.add((ps, i) -> ps.setString(i, q.status().name()));
            }
            if (q.from() != null) {
                conditions.add("started_at >= ?");
                binders.add((ps, i) -> Jdbc.setBound(ps, i, q.from()));
            }
            if (q.to() != null) {
                conditions.add("started_at < ?");
                binders.add((ps, i) -> Jdbc.setBound(ps, i, q.to()));
            }
            return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), List.copyOf(binders));
        }

        /** Binds the filter's values from {@code first}; returns the next free index. */
        int bind(PreparedStatement ps, int first) throws SQLException {
            int index = first;
            for (Binder b : binders) {
                b.bind(ps, index++);
            }
            return index;
        }
    }
}
