package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * An instance killed (SIGKILL, a real process kill) between broadcasting a settlement and seeing it mined: anvil's
 * automine is off, so the transaction waits in the pool while the ledger (PostgreSQL) says SUBMITTED. Either the chain
 * mines it without the instance, and the restarted instance's start-up reconciler marks it CONFIRMED with the same
 * transaction; or it is still in the pool when the instance comes back, and the reconciler leaves it there (the node
 * has it, so nothing is sent again) until it is mined and a retried {@code /settle} answers success. Each test has its
 * own database.
 */
class CrashRecoveryIT {
    private static LocalChain chain;
    private TestStores.Postgres postgres;
    private Map<String, String> env;

    @BeforeAll
    static void startChain() {
        chain = new LocalChain();
    }

    @BeforeEach
    void startDatabase() {
        postgres = new TestStores.Postgres();
        env = new HashMap<>(chain.serverEnvironment(0));
        env.put("DATABASE_URL", postgres.databaseUrl());
        // Take over a settlement left unfinished after 1 s (the default, 2 minutes, would make the test wait), and
        // keep the periodic pass out of the way before the kill: only the start-up pass is under test.
        env.put("X402J_RECONCILE_STALE_AFTER", "1s");
        env.put("X402J_RECONCILE_INTERVAL", "10m");
    }

    @AfterEach
    void dropDatabase() {
        chain.chain.rpc("evm_setAutomine", true);
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aRestartedInstanceFinishesTheSettlementItWasKilledInTheMiddleOf() throws Exception {
        ObjectNode payment = chain.newPayment();
        BigInteger payerBefore = chain.payerBalance();
        BigInteger payeeBefore = chain.payeeBalance();

        ServerProcess first = ServerProcess.start("crash-A", env);
        String transaction;
        try {
            chain.proxy.reset();
            chain.chain.rpc("evm_setAutomine", false);
            CompletableFuture<TestServer.Answer> inFlight =
                    CompletableFuture.supplyAsync(() -> first.postJson("/settle", payment), runnable -> Thread.ofVirtual().start(runnable));

            // The ledger says SUBMITTED (the signed transaction is recorded before it is sent) and the chain got it.
            TestStores.Postgres.Settlement submitted = awaitState("SUBMITTED", Duration.ofSeconds(60));
            chain.proxy.awaitCount(LocalChain.SEND_RAW, 1, Duration.ofSeconds(60));
            transaction = submitted.transaction();
            assertThat(Hash.sha3(chain.proxy.calls(LocalChain.SEND_RAW).get(0).params().get(0).asText()))
                    .isEqualTo(transaction);
            assertThat(chain.receipt(transaction)).as("not mined yet: automine is off").isNull();
            assertThat(inFlight).isNotDone();

            first.kill();
            assertThat(first.isAlive()).isFalse();
            assertThat(first.process().exitCode()).contains(128 + 9);
            // The caller of the killed instance got no answer, only a broken connection.
            assertThat(catchCause(inFlight)).isInstanceOf(UncheckedIOException.class);
        } finally {
            first.close();
        }

        // The chain mines the transaction while no instance runs; the ledger still says SUBMITTED.
        chain.chain.mine();
        chain.chain.rpc("evm_setAutomine", true);
        assertThat(chain.receipt(transaction).path("status").asText()).isEqualTo("0x1");
        assertThat(postgres.settlements()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("SUBMITTED"));

        ServerProcess restarted = ServerProcess.start("crash-A-restarted", env);
        try {
            TestStores.Postgres.Settlement confirmed = awaitState("CONFIRMED", Duration.ofSeconds(60));
            assertThat(confirmed.transaction()).isEqualTo(transaction);
            assertThat(restarted.process().awaitLine(
                    java.util.regex.Pattern.compile("start-up reconcile: 1 confirmed"), Duration.ofSeconds(30)))
                    .isNotNull();

            JsonNode retry = restarted.postJson("/settle", payment).json();
            assertThat(retry.path("success").asBoolean()).as(retry.toString()).isTrue();
            assertThat(retry.path("transaction").asText()).isEqualTo(transaction);

            // Exactly one transfer, and the transaction was never sent a second time.
            assertThat(chain.proxy.count(LocalChain.SEND_RAW)).as("calls: %s", chain.proxy.counts()).isEqualTo(1);
            assertThat(chain.payerBalance()).isEqualTo(payerBefore.subtract(LocalChain.AMOUNT));
            assertThat(chain.payeeBalance()).isEqualTo(payeeBefore.add(LocalChain.AMOUNT));
            assertThat(restarted.output()).doesNotContain(postgres.password);
        } finally {
            restarted.close();
        }
        // A normal stop (SIGTERM) closes the pool.
        assertThat(restarted.output()).contains("store connections closed");
    }

    @Test
    void aRestartedInstanceLeavesATransactionTheNodeStillHoldsAndAnswersItOnceMined() throws Exception {
        ObjectNode payment = chain.newPayment();
        BigInteger payerBefore = chain.payerBalance();
        BigInteger payeeBefore = chain.payeeBalance();

        ServerProcess first = ServerProcess.start("crash-B", env);
        String transaction;
        try {
            chain.proxy.reset();
            chain.chain.rpc("evm_setAutomine", false);
            CompletableFuture<TestServer.Answer> inFlight =
                    CompletableFuture.supplyAsync(() -> first.postJson("/settle", payment), runnable -> Thread.ofVirtual().start(runnable));
            transaction = awaitState("SUBMITTED", Duration.ofSeconds(60)).transaction();
            chain.proxy.awaitCount(LocalChain.SEND_RAW, 1, Duration.ofSeconds(60));
            first.kill();
            assertThat(catchCause(inFlight)).isInstanceOf(UncheckedIOException.class);
        } finally {
            first.close();
        }

        // Back while the transaction still waits in the pool: the start-up pass finds it known to the node.
        ServerProcess restarted = ServerProcess.start("crash-B-restarted", env);
        try {
            assertThat(restarted.process().awaitLine(
                    java.util.regex.Pattern.compile("start-up reconcile: 0 confirmed, 0 failed, 0 released, 1 still pending"),
                    Duration.ofSeconds(30))).isNotNull();
            assertThat(chain.proxy.count(LocalChain.SEND_RAW)).as("the node has it: not sent again").isEqualTo(1);
            assertThat(postgres.settlements()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("SUBMITTED"));
            assertThat(chain.receipt(transaction)).isNull();

            chain.chain.mine();
            chain.chain.rpc("evm_setAutomine", true);
            JsonNode retry = restarted.postJson("/settle", payment).json();

            assertThat(retry.path("success").asBoolean()).as(retry.toString()).isTrue();
            assertThat(retry.path("transaction").asText()).isEqualTo(transaction);
            assertThat(awaitState("CONFIRMED", Duration.ofSeconds(10)).transaction()).isEqualTo(transaction);
            assertThat(chain.proxy.count(LocalChain.SEND_RAW)).as("calls: %s", chain.proxy.counts()).isEqualTo(1);
            assertThat(chain.payerBalance()).isEqualTo(payerBefore.subtract(LocalChain.AMOUNT));
            assertThat(chain.payeeBalance()).isEqualTo(payeeBefore.add(LocalChain.AMOUNT));
        } finally {
            restarted.close();
        }
    }

    /** Polls the ledger until its one record is in {@code state}. */
    private TestStores.Postgres.Settlement awaitState(String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<TestStores.Postgres.Settlement> rows = postgres.settlements();
            if (rows.size() == 1 && rows.get(0).state().equals(state)) {
                return rows.get(0);
            }
            assertThat(System.nanoTime()).as("ledger never showed %s; it holds %s", state, rows).isLessThan(deadline);
            TwoInstancesOnRedisIT.sleep(50);
        }
    }

    private static Throwable catchCause(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the request to the killed instance neither answered nor failed", e);
        }
    }
}
