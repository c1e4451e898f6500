package dev.x402j.store.postgres;

import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.X402Exception;
import java.util.Optional;

/**
 * A PostgreSQL store operation failed, and retrying it would fail the same way. The message names the operation and
 * the SQLSTATE, never a value the operation carried (payment ids, payers, amounts stay out of logs). The subclass
 * {@link StoreConstraintViolationException} is the database refusing a change that would break the ledger's rules;
 * anything else (a schema that was never migrated, a bug) is this class itself. A database that could not be reached
 * or is overloaded (retry later) is core's {@link StoreUnavailableException} instead, with a message of the same form.
 */
public class PostgresStoreException extends X402Exception {
    private final String operation;
    private final String sqlState;

    PostgresStoreException(String operation, String sqlState, String reason, Throwable cause) {
        super(message(operation, sqlState, reason), cause);
        this.operation = operation;
        this.sqlState = sqlState;
    }

    /** The database could not be reached or could not serve the call: core's exception, in this store's words. */
    static StoreUnavailableException unavailable(String operation, String sqlState, String reason, Throwable cause) {
        return new StoreUnavailableException(operation, message(operation, sqlState, reason), cause);
    }

    private static String message(String operation, String sqlState, String reason) {
        return "PostgreSQL store: " + operation + " failed: " + reason + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")");
    }

    /** The store operation that failed, e.g. {@code settlement claim}. */
    public String operation() {
        return operation;
    }

    /** The five-character SQLSTATE PostgreSQL or the driver reported, if any. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
