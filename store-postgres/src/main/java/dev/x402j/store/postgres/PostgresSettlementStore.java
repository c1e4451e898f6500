package dev.x402j.store.postgres;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.SignedTransaction;
import java.sql.Array;
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
 * The settlement ledger in table {@code <schema>.settlement}. A claim is an {@code INSERT … ON CONFLICT DO NOTHING}
 * on the payment id, the primary key; every change is one {@code UPDATE} guarded by the states it may leave (and, for
 * {@code markSubmitted}, the claim token; for {@code markReplaced}, the current transaction), so concurrent writers on
 * any number of facilitator instances cannot both win. Column {@code transactions} (a {@code text[]}) keeps every
 * transaction of a settlement, oldest first. The table's trigger refuses any change of a final row, whoever issues it. Thread-safe; no lock is held
 * between calls.
 */
public final class PostgresSettlementStore implements SettlementStore {
    private static final String COLUMNS = "payment_id, claim_token, fingerprint, state, scheme, network, payer, amount, "
            + "transaction_ref, signed_transaction, error_reason, error_message, created_at, updated_at, transactions";
    /** A claim that keeps being released between our insert and our read is given up on after this many tries. */
    private static final int CLAIM_ATTEMPTS = 10;

    private final Jdbc jdbc;
    private final String insertClaim;
    private final String selectOne;
    private final String submit;
    private final String replace;
    private final String confirm;
    private final String fail;
    private final String delete;
    /** Package-private for the test that checks the query plan. */
    final String unfinished;

    PostgresSettlementStore(Jdbc jdbc, String schema) {
        this.jdbc = jdbc;
        String table = PostgresStores.quote(schema) + ".settlement";
        this.insertClaim = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (payment_id) DO NOTHING RETURNING " + COLUMNS;
        this.selectOne = "SELECT " + COLUMNS + " FROM " + table + " WHERE payment_id = ?";
        this.submit = "UPDATE " + table + " SET state = 'SUBMITTED', transaction_ref = ?, signed_transaction = ?,"
                + " transactions = ARRAY[?]::text[], updated_at = ?"
                + " WHERE payment_id = ? AND state = 'CLAIMED' AND claim_token = ? RETURNING " + COLUMNS;
        // The current transaction is the guard: of several replacers (or a replacer and a confirmation) one wins.
        this.replace = "UPDATE " + table + " SET transaction_ref = ?, signed_transaction = ?, transactions = transactions || ?::text,"
                + " updated_at = ? WHERE payment_id = ? AND state = 'SUBMITTED' AND transaction_ref = ?"
                + " AND NOT (?::text = ANY (transactions)) RETURNING " + COLUMNS;
        this.confirm = "UPDATE " + table + " SET state = 'CONFIRMED', transaction_ref = ?, error_reason = NULL, error_message = NULL,"
                + " updated_at = ? WHERE payment_id = ? AND state = 'SUBMITTED' AND ?::text = ANY (transactions) RETURNING " + COLUMNS;
        this.fail = "UPDATE " + table + " SET state = 'FAILED', error_reason = ?, error_message = ?, updated_at = ?"
                + " WHERE payment_id = ? AND state IN ('CLAIMED', 'SUBMITTED') RETURNING " + COLUMNS;
        this.delete = "DELETE FROM " + table + " WHERE payment_id = ? AND state = 'CLAIMED' AND claim_token = ?";
        // Same predicate as the partial index settlement_unfinished_idx, so the planner uses it.
        this.unfinished = "SELECT " + COLUMNS + " FROM " + table
                + " WHERE state IN ('CLAIMED', 'SUBMITTED') AND updated_at < ? ORDER BY updated_at, payment_id LIMIT ?";
    }

    @Override
    public Claim claim(SettlementRecord claim) {
        if (claim.state() != SettlementState.CLAIMED) {
            throw new IllegalArgumentException("a claim must be in state CLAIMED, not " + claim.state());
        }
        return jdbc.call("settlement claim", c -> {
            for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
                try (PreparedStatement ps = jdbc.prepare(c, insertClaim)) {
                    bindAll(ps, claim);
                    Optional<SettlementRecord> won = readOne(ps);
                    if (won.isPresent()) {
                        return new Claim.Won(won.get());
                    }
                }
                // Someone holds the id. A separate statement sees the committed holder (a new snapshot); if it is
                // gone again, its claimer released it in between and the id is free to claim once more.
                Optional<SettlementRecord> existing = find(c, claim.id());
                if (existing.isPresent()) {
                    return new Claim.AlreadyClaimed(existing.get());
                }
            }
            throw new PostgresStoreException(
                    "settlement claim", null, "the payment was claimed and released " + CLAIM_ATTEMPTS + " times meanwhile", null);
        });
    }

    @Override
    public Optional<SettlementRecord> find(PaymentId id) {
        Objects.requireNonNull(id, "id");
        return jdbc.call("settlement find", c -> find(c, id));
    }

    @Override
    public SettlementRecord markSubmitted(PaymentId id, String claimToken, SignedTransaction transaction, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(now, "now");
        return jdbc.call("settlement mark submitted", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, submit)) {
                ps.setString(1, transaction.reference());
                ps.setBytes(2, transaction.bytes());
                ps.setString(3, transaction.reference());
                Jdbc.setInstant(ps, 4, now);
                ps.setString(5, id.value());
                ps.setString(6, claimToken);
                Optional<SettlementRecord> updated = readOne(ps);
                if (updated.isPresent()) {
                    return updated.get();
                }
            }
            SettlementRecord current = find(c, id).orElseThrow(() -> new InvalidTransitionException(id, "mark submitted"));
            if (current.state() == SettlementState.CLAIMED) {
                throw new InvalidTransitionException("payment " + id + " is claimed by another settle call");
            }
            throw new InvalidTransitionException(id, current.state(), "mark submitted");
        });
    }

    @Override
    public SettlementRecord markReplaced(PaymentId id, String currentTransaction, SignedTransaction replacement, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currentTransaction, "currentTransaction");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(now, "now");
        return jdbc.call("settlement mark replaced", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, replace)) {
                ps.setString(1, replacement.reference());
                ps.setBytes(2, replacement.bytes());
                ps.setString(3, replacement.reference());
                Jdbc.setInstant(ps, 4, now);
                ps.setString(5, id.value());
                ps.setString(6, currentTransaction);
                ps.setString(7, replacement.reference());
                Optional<SettlementRecord> updated = readOne(ps);
                if (updated.isPresent()) {
                    return updated.get();
                }
            }
            SettlementRecord current = find(c, id).orElseThrow(() -> new InvalidTransitionException(id, "mark replaced"));
            if (current.state() != SettlementState.SUBMITTED) {
                throw new InvalidTransitionException(id, current.state(), "mark replaced");
            }
            if (replacement.reference().equals(current.transaction()) && current.hasTransaction(currentTransaction)) {
                return current; // this very replacement is already recorded
            }
            if (!currentTransaction.equals(current.transaction())) {
                throw InvalidTransitionException.notCurrent(id, current.transaction(), currentTransaction);
            }
            throw InvalidTransitionException.alreadyRecorded(id, replacement.reference());
        });
    }

    @Override
    public SettlementRecord markConfirmed(PaymentId id, String transaction, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(now, "now");
        return jdbc.call("settlement mark confirmed", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, confirm)) {
                ps.setString(1, transaction);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, id.value());
                ps.setString(4, transaction);
                Optional<SettlementRecord> updated = readOne(ps);
                if (updated.isPresent()) {
                    return updated.get();
                }
            }
            SettlementRecord current = find(c, id).orElseThrow(() -> new InvalidTransitionException(id, "mark confirmed"));
            return switch (current.state()) {
                case CONFIRMED -> {
                    if (!transaction.equals(current.transaction())) {
                        throw InvalidTransitionException.confirmedByAnother(id, current.transaction(), transaction);
                    }
                    yield current;
                }
                case SUBMITTED -> throw InvalidTransitionException.notATransactionOf(id, transaction);
                case CLAIMED, FAILED -> throw new InvalidTransitionException(id, current.state(), "mark confirmed");
            };
        });
    }

    @Override
    public SettlementRecord markFailed(PaymentId id, ErrorReason reason, String message, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        return jdbc.call("settlement mark failed", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, fail)) {
                ps.setString(1, reason.wire());
                Jdbc.setText(ps, 2, message);
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, id.value());
                Optional<SettlementRecord> updated = readOne(ps);
                if (updated.isPresent()) {
                    return updated.get();
                }
            }
            SettlementRecord current = find(c, id).orElseThrow(() -> new InvalidTransitionException(id, "mark failed"));
            if (current.state() == SettlementState.FAILED) {
                return current;
            }
            throw new InvalidTransitionException(id, current.state(), "mark failed");
        });
    }

    @Override
    public void release(PaymentId id, String claimToken) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        jdbc.call("settlement release", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, delete)) {
                ps.setString(1, id.value());
                ps.setString(2, claimToken);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<SettlementRecord> findUnfinished(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        return jdbc.call("settlement find unfinished", c -> {
            try (PreparedStatement ps = jdbc.prepare(c, unfinished)) {
                Jdbc.setBound(ps, 1, before);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<SettlementRecord> records = new ArrayList<>();
                    while (rs.next()) {
                        records.add(read(rs));
                    }
                    return List.copyOf(records);
                }
            }
        });
    }

    private Optional<SettlementRecord> find(Connection c, PaymentId id) throws SQLException {
        try (PreparedStatement ps = jdbc.prepare(c, selectOne)) {
            ps.setString(1, id.value());
            return readOne(ps);
        }
    }

    private static void bindAll(PreparedStatement ps, SettlementRecord r) throws SQLException {
        ps.setString(1, r.id().value());
        ps.setString(2, r.claimToken());
        ps.setString(3, r.fingerprint());
        ps.setString(4, r.state().name());
        ps.setString(5, r.scheme());
        ps.setString(6, r.network());
        Jdbc.setText(ps, 7, r.payer());
        Jdbc.setAmount(ps, 8, r.amount());
        Jdbc.setText(ps, 9, r.transaction());
        ps.setBytes(10, r.signedTransaction());
        Jdbc.setText(ps, 11, r.errorReason());
        Jdbc.setText(ps, 12, r.errorMessage());
        Jdbc.setInstant(ps, 13, r.createdAt());
        Jdbc.setInstant(ps, 14, r.updatedAt());
        ps.setArray(15, ps.getConnection().createArrayOf("text", r.transactions().toArray()));
    }

    private static Optional<SettlementRecord> readOne(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static SettlementRecord read(ResultSet rs) throws SQLException {
        return new SettlementRecord(
                new PaymentId(rs.getString("payment_id")),
                rs.getString("claim_token"),
                rs.getString("fingerprint"),
                SettlementState.valueOf(rs.getString("state")),
                rs.getString("scheme"),
                rs.getString("network"),
                rs.getString("payer"),
                Jdbc.getAmount(rs, "amount"),
                rs.getString("transaction_ref"),
                rs.getBytes("signed_transaction"),
                rs.getString("error_reason"),
                rs.getString("error_message"),
                Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at"),
                texts(rs, "transactions"));
    }

    private static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
