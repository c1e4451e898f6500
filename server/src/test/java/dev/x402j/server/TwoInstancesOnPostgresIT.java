package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two instances sharing one PostgreSQL ({@code DATABASE_URL}, with a password that must never be printed). */
class TwoInstancesOnPostgresIT extends AbstractTwoInstancesIT {
    private TestStores.Postgres postgres;

    @Override
    Map<String, String> openStores() {
        postgres = new TestStores.Postgres();
        return Map.of("DATABASE_URL", postgres.databaseUrl());
    }

    @Override
    void assertLedgerConfirmed(String transaction) {
        assertThat(postgres.settlements()).filteredOn(s -> transaction.equals(s.transaction()))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo("CONFIRMED");
                    assertThat(s.network()).isEqualTo(LocalChain.NETWORK);
                });
    }

    @Override
    void closeStores() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    List<String> secrets() {
        return List.of(postgres.password);
    }

    @Test
    void eachInstanceSaysAtStartUpThatPostgresHoldsItsRecords() {
        for (ServerProcess server : List.of(a, b)) {
            assertThat(server.output()).contains("stores: settlement ledger, upto sessions and tracking in postgres"
                    + " 127.0.0.1:5432/" + postgres.database + " as postgres (pool 10); reconciler unlocked");
        }
    }
}
