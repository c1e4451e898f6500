package dev.x402j.store.postgres;

import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.X402Exception;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns an {@link SQLException} into a {@link PostgresStoreException} naming the operation, or, when the database is
 * unavailable, into core's {@link StoreUnavailableException}. The driver's message is only kept (as the cause) for
 * connection problems; server errors are described by SQLSTATE, constraint name and, for our own trigger, its message,
 * because PostgreSQL's detail lines quote the values of the row ({@code Key (payment_id)=(…)}).
 */
final class SqlErrors {
    /** Raised by the settlement guard trigger of the migrations. */
    static final String GUARD_VIOLATION = "XJ001";

    private SqlErrors() {}

    static X402Exception translate(String operation, SQLException e) {
        String state = e.getSQLState();
        if (isUnavailable(e, state)) {
            return PostgresStoreException.unavailable(operation, state, unavailableReason(state), e);
        }
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (GUARD_VIOLATION.equals(state)) {
            String reason = server != null && server.getMessage() != null ? server.getMessage() : "refused by the settlement guard";
            return new StoreConstraintViolationException(operation, state, "settlement_guard", reason);
        }
        if (state != null && state.startsWith("23")) {
            String constraint = server == null ? null : server.getConstraint();
            String reason = constraint == null ? "a constraint refused the change" : "constraint " + constraint + " refused the change";
            return new StoreConstraintViolationException(operation, state, constraint, reason);
        }
        if ("42P01".equals(state) || "3F000".equals(state) || "42883".equals(state)) {
            return new PostgresStoreException(
                    operation, state, "the x402j schema is missing or incomplete; run PostgresStores.migrate first", null);
        }
        return new PostgresStoreException(operation, state, "the database refused the statement", null);
    }

    /**
     * Connection exceptions (class 08), refused logins or databases (28, 3D000), insufficient resources (53), operator
     * intervention (57: shutdown, statement timeout) and the JDBC connection/timeout exception types a pool throws.
     */
    static boolean isUnavailable(SQLException e, String state) {
        if (e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTimeoutException) {
            return true;
        }
        if (state == null) {
            return false;
        }
        return state.startsWith("08")
                || state.startsWith("28")
                || state.equals("3D000")
                || state.startsWith("53")
                || state.startsWith("57");
    }

    /** Whether the statement lost a race to another transaction and may simply be run again. */
    static boolean isTransientConflict(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static String unavailableReason(String state) {
        if (state == null) {
            return "the database is unavailable";
        }
        if (state.startsWith("28")) {
            return "the database refused the login";
        }
        if (state.equals("3D000")) {
            return "the database does not exist";
        }
        if (state.equals("57014")) {
            return "the statement timed out or was cancelled";
        }
        if (state.startsWith("53")) {
            return "the database is out of resources";
        }
        return "the database is unavailable";
    }
}
