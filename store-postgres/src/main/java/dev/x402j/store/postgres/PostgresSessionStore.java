package dev.x402j.store.postgres;

import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.SessionStore;
import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Batched {@code upto} sessions in table {@code <schema>.upto_session}. A reservation is one {@code UPDATE} that
 * checks the status and the cap in its {@code WHERE} clause, so concurrent reservations on any number of instances
 * can never together exceed the cap (and the table's check constraint {@code pending + settled <= cap} backs it up).
 * Thread-safe; no lock is held between calls.
 */
public final class PostgresSessionStore implements SessionStore {
    private static final String COLUMNS =
            "id, network, asset, owner, spender, cap, pending, settled, status, deadline, created_at, last_activity_at";
    /** A reservation refused while the session changed under it is tried again at most this often. */
    private static final int RESERVE_ATTEMPTS = 10;

    private final Jdbc jdbc;
    private final String insert;
    private final String selectOne;
    private final String reserve;
    private final String beginSettling;
    private final String finishSettling;
    /** Package-private for the test that checks the query plan. */
    final String active;

    PostgresSessionStore(Jdbc jdbc, String schema) {
        this.jdbc = jdbc;
        String table = PostgresStores.quote(schema) + ".upto_session";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS;
        this.selectOne = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
        this.reserve = "UPDATE " + table + " SET pending = pending + ?, last_activity_at = ?"
                + " WHERE id = ? AND status = 'OPEN' AND pending + settled + ? <= cap RETURNING " + COLUMNS;
        this.beginSettling = "UPDATE " + table + " SET status = 'SETTLING', last_activity_at = ?"
                + " WHERE id = ? AND status = 'OPEN' AND pending > 0 RETURNING " + COLUMNS;
        this.finishSettling = "UPDATE " + table + " SET pending = pending - ?, settled = settled + ?, status = ?, last_activity_at = ?"
                + " WHERE id = ? AND status = 'SETTLING' AND ? <= pending RETURNING " + COLUMNS;
        // Same predicate as the partial index upto_session_active_idx.
        this.active = "SELECT " + COLUMNS + " FROM " + table
                + " WHERE status <> 'CLOSED' ORDER BY last_activity_at, id LIMIT ?";
    }

    @Override
    public UptoSession openIfAbsent(UptoSession session) {
        Objects.requireNonNull(session.createdAt(), "createdAt");
        Objects.requireNonNull(session.lastActivityAt(), "lastActivityAt");
        return jdbc.call("session open", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, insert)) {
                bindAll(ps, session);
                Optional<UptoSession> inserted = readOne(ps);
                if (inserted.isPresent()) {
                    return inserted.get();
                }
            }
            // Sessions are never deleted: the one that conflicted is there to read.
            return find(c, session.id())
                    .orElseThrow(() -> new PostgresStoreException("session open", null, "the conflicting session vanished", null));
        });
    }

    @Override
    public Optional<UptoSession> find(String id) {
        Objects.requireNonNull(id, "id");
        return jdbc.call("session find", c -> find(c, id));
    }

    @Override
    public Reservation reserve(String id, BigInteger amount, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot reserve a negative amount");
        }
        return jdbc.call("session reserve", c -> {
            for (int attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
                try (PreparedStatement ps = jdbc.prepare(c, reserve)) {
                    Jdbc.setAmount(ps, 1, amount);
                    Jdbc.setInstant(ps, 2, now);
                    ps.setString(3, id);
                    Jdbc.setAmount(ps, 4, amount);
                    Optional<UptoSession> reserved = readOne(ps);
                    if (reserved.isPresent()) {
                        return new Reservation.Reserved(reserved.get());
                    }
                }
                UptoSession current = find(c, id).orElseThrow(() -> new IllegalArgumentException("no upto session " + id));
                if (current.status() != UptoSession.Status.OPEN) {
                    return new Reservation.NotOpen(current);
                }
                if (current.remaining().compareTo(amount) < 0) {
                    return new Reservation.CapExhausted(current);
                }
                // Open with room now: it finished settling between our two statements. Try again.
            }
            throw new PostgresStoreException(
                    "session reserve", null, "the session changed state " + RESERVE_ATTEMPTS + " times meanwhile", null);
        });
    }

    @Override
    public Optional<UptoSession> beginSettling(String id, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        return jdbc.call("session begin settling", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, beginSettling)) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, id);
                return readOne(ps);
            }
        });
    }

    @Override
    public UptoSession finishSettling(String id, BigInteger amountSettled, boolean close, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amountSettled, "amountSettled");
        Objects.requireNonNull(now, "now");
        return jdbc.call("session finish settling", c -> {
            if (amountSettled.signum() >= 0) {
                try (PreparedStatement ps = jdbc.prepare(c, finishSettling)) {
                    Jdbc.setAmount(ps, 1, amountSettled);
                    Jdbc.setAmount(ps, 2, amountSettled);
                    ps.setString(3, (close ? UptoSession.Status.CLOSED : UptoSession.Status.OPEN).name());
                    Jdbc.setInstant(ps, 4, now);
                    ps.setString(5, id);
                    Jdbc.setAmount(ps, 6, amountSettled);
                    Optional<UptoSession> finished = readOne(ps);
                    if (finished.isPresent()) {
                        return finished.get();
                    }
                }
            }
            UptoSession current = find(c, id).orElseThrow(() -> new IllegalArgumentException("no upto session " + id));
            if (current.status() != UptoSession.Status.SETTLING) {
                throw new InvalidTransitionException("session " + id + " is " + current.status() + "; cannot finish settling it");
            }
            throw new IllegalArgumentException("settled amount " + amountSettled + " is outside 0.." + current.pending());
        });
    }

    @Override
    public List<UptoSession> findActive(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        return jdbc.call("session find active", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, active)) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UptoSession> sessions = new ArrayList<>();
                    while (rs.next()) {
                        sessions.add(read(rs));
                    }
                    return List.copyOf(sessions);
                }
            }
        });
    }

    private Optional<UptoSession> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = jdbc.prepare(c, selectOne)) {
            ps.setString(1, id);
            return readOne(ps);
        }
    }

    private static void bindAll(PreparedStatement ps, UptoSession s) throws SQLException {
        ps.setString(1, s.id());
        Jdbc.setText(ps, 2, s.network());
        Jdbc.setText(ps, 3, s.asset());
        Jdbc.setText(ps, 4, s.owner());
        Jdbc.setText(ps, 5, s.spender());
        Jdbc.setAmount(ps, 6, s.cap());
        Jdbc.setAmount(ps, 7, s.pending());
        Jdbc.setAmount(ps, 8, s.settled());
        ps.setString(9, s.status().name());
        Jdbc.setInstant(ps, 10, s.deadline());
        Jdbc.setInstant(ps, 11, s.createdAt());
        Jdbc.setInstant(ps, 12, s.lastActivityAt());
    }

    private static Optional<UptoSession> readOne(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static UptoSession read(ResultSet rs) throws SQLException {
        return new UptoSession(
                rs.getString("id"),
                rs.getString("network"),
                rs.getString("asset"),
                rs.getString("owner"),
                rs.getString("spender"),
                Jdbc.getAmount(rs, "cap"),
                Jdbc.getAmount(rs, "pending"),
                Jdbc.getAmount(rs, "settled"),
                UptoSession.Status.valueOf(rs.getString("status")),
                Jdbc.getInstant(rs, "deadline"),
                Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "last_activity_at"));
    }
}
