package dev.x402j.store.postgres;

import dev.x402j.core.X402Exception;
import java.util.Optional;

/**
 * A PostgreSQL store operation failed. The message names the operation and the SQLSTATE, never a value the operation
 * carried (payment ids, payers, amounts stay out of logs). Subclasses tell the two cases callers act on apart:
 * {@link StoreUnavailableException} (the database could not be reached or is overloaded; retry later) and
 * {@link StoreConstraintViolationException} (the database refused a change that would break the ledger's rules).
 * Anything else (a schema that was never migrated, a bug) is this class itself.
 */
public class PostgresStoreException extends X402Exception {
    private final String operation;
    private final String sqlState;

    PostgresStoreException(String operation, String sqlState, String reason, Throwable cause) {
        super("PostgreSQL store: " + operation + " failed: " + reason + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")"), cause);
        this.operation = operation;
        this.sqlState = sqlState;
    }

    /** The store operation that failed, e.g. {@code settlement claim}. */
    public String operation() {
        return operation;
    }

    /** The five-character SQLSTATE PostgreSQL or the driver reported, if any. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /** Whether the same call may succeed later without anything changing (only when the database was unavailable). */
    public boolean retryable() {
        return false;
    }
}
