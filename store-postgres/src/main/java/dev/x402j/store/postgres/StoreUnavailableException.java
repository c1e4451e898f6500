package dev.x402j.store.postgres;

/**
 * PostgreSQL could not be reached or could not serve the call: connection refused or lost, pool exhausted, too many
 * clients, server shutting down, statement timeout. Says nothing about the payment; retry later. The driver's own
 * exception is kept as the cause (its connection messages name host and port, never statement parameters).
 */
public final class StoreUnavailableException extends PostgresStoreException {
    StoreUnavailableException(String operation, String sqlState, String reason, Throwable cause) {
        super(operation, sqlState, reason, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
