package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.X402Exception;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** Translation of driver errors, on hand-made exceptions (no database). */
class SqlErrorsTest {
    @Test
    void aUniqueViolationNamesItsConstraintButNotTheDuplicateValue() {
        // What PostgreSQL sends for a duplicate key: the detail line quotes the row's value.
        ServerErrorMessage server = new ServerErrorMessage("SERROR\0C23505\0Mduplicate key value violates unique constraint"
                + " \"settlement_pkey\"\0DKey (payment_id)=(eip155:1/0xsecret) already exists.\0nsettlement_pkey\0");
        X402Exception e = SqlErrors.translate("settlement claim", new PSQLException(server));

        assertThat(e).isInstanceOfSatisfying(StoreConstraintViolationException.class,
                v -> assertThat(v.constraint()).contains("settlement_pkey"));
        assertThat(e.getMessage())
                .isEqualTo("PostgreSQL store: settlement claim failed: constraint settlement_pkey refused the change (SQLSTATE 23505)")
                .doesNotContain("0xsecret");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void theGuardTriggerIsAConstraintViolationWithItsOwnMessage() {
        ServerErrorMessage server =
                new ServerErrorMessage("SERROR\0CXJ001\0Mx402j settlement: a CONFIRMED row is final and cannot change\0");
        X402Exception e = SqlErrors.translate("settlement mark failed", new PSQLException(server));
        assertThat(e).isInstanceOf(StoreConstraintViolationException.class);
        assertThat(e.getMessage()).contains("a CONFIRMED row is final").contains("XJ001");
    }

    @Test
    void connectionFailuresAreUnavailableAndKeepTheDriversException() {
        var refused = new PSQLException("Connection to 127.0.0.1:1 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        X402Exception e = SqlErrors.translate("session reserve", refused);
        assertThat(e).isInstanceOfSatisfying(StoreUnavailableException.class,
                u -> assertThat(u.operation()).isEqualTo("session reserve"));
        assertThat(e.getMessage()).isEqualTo(
                "PostgreSQL store: session reserve failed: the database is unavailable (SQLSTATE 08001)");
        assertThat(e.getCause()).isSameAs(refused);

        var poolTimeout = new SQLTransientConnectionException("pool - Connection is not available, request timed out");
        assertThat(SqlErrors.translate("tracking save", poolTimeout)).isInstanceOf(StoreUnavailableException.class);
        assertThat(SqlErrors.translate("tracking save", new SQLException("too many clients", "53300")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(SqlErrors.translate("tracking save", new SQLException("shutting down", "57P01")))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void otherServerErrorsKeepOnlyTheirSqlState() {
        ServerErrorMessage server =
                new ServerErrorMessage("SERROR\0C22P02\0Minvalid input syntax for type numeric: \"0xsecret\"\0");
        X402Exception e = SqlErrors.translate("tracking save", new PSQLException(server));
        assertThat(e).isExactlyInstanceOf(PostgresStoreException.class).isNotInstanceOf(StoreUnavailableException.class);
        assertThat(((PostgresStoreException) e).sqlState()).contains("22P02");
        assertThat(e.getMessage()).doesNotContain("0xsecret");
    }

    @Test
    void serializationConflictsAreRetriedNotReported() {
        assertThat(SqlErrors.isTransientConflict(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(SqlErrors.isTransientConflict(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(SqlErrors.isTransientConflict(new SQLException("dup", "23505"))).isFalse();
    }
}
