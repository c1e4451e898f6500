package dev.x402j.store.postgres;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Borrowing connections and binding values, shared by the three stores. Each call takes a connection from the
 * {@link DataSource}, runs its statements in auto-commit (every statement its own short transaction, with its own
 * snapshot under PostgreSQL's default READ COMMITTED) and gives the connection back. Thread-safe.
 */
final class Jdbc {
    /** A statement that lost a serialization race (only possible under a stricter default isolation) is rerun. */
    private static final int CONFLICT_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    Jdbc(DataSource dataSource, Duration queryTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, (queryTimeout.toMillis() + 999) / 1000);
    }

    /**
     * Runs {@code work} on one connection; any {@link SQLException} becomes a {@link PostgresStoreException} or a
     * {@link dev.x402j.core.StoreUnavailableException}.
     */
    <T> T call(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                if (!autoCommit) {
                    c.setAutoCommit(true);
                }
                try {
                    return work.run(c);
                } finally {
                    if (!autoCommit) {
                        c.setAutoCommit(false);
                    }
                }
            } catch (SQLException e) {
                if (attempt < CONFLICT_ATTEMPTS && SqlErrors.isTransientConflict(e)) {
                    continue;
                }
                throw SqlErrors.translate(operation, e);
            }
        }
    }

    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (queryTimeoutSeconds > 0) {
            ps.setQueryTimeout(queryTimeoutSeconds);
        }
        return ps;
    }

    // ---- values ----

    /** Stored times have microsecond precision: anything finer is cut off, as PostgreSQL would round it. */
    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    /**
     * A bound of a range ({@code column >= from}, {@code column < to}) on microsecond values: rounding the bound up
     * keeps the comparison exactly what it is on the original {@link Instant}.
     */
    static void setBound(PreparedStatement ps, int index, Instant bound) throws SQLException {
        Instant micros = bound.truncatedTo(ChronoUnit.MICROS);
        setInstant(ps, index, micros.equals(bound) ? bound : micros.plus(1, ChronoUnit.MICROS));
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setAmount(PreparedStatement ps, int index, BigInteger value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, new BigDecimal(value));
        }
    }

    static BigInteger getAmount(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
