package dev.x402j.store.postgres;

import java.util.Optional;

/**
 * The database refused a change that breaks one of its rules: a check or unique constraint (SQLSTATE class 23) or the
 * settlement guard trigger (SQLSTATE {@code XJ001}: a final record cannot change, a submitted transaction cannot be
 * dropped). Retrying the same call fails the same way.
 */
public final class StoreConstraintViolationException extends PostgresStoreException {
    private final String constraint;

    StoreConstraintViolationException(String operation, String sqlState, String constraint, String reason) {
        super(operation, sqlState, reason, null);
        this.constraint = constraint;
    }

    /** The name of the constraint that refused the change, when PostgreSQL reported one. */
    public Optional<String> constraint() {
        return Optional.ofNullable(constraint);
    }
}
