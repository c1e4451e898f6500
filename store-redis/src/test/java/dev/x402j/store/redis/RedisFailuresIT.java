package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.X402Exception;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How Redis failures reach callers: an unreachable or silent Redis is core's {@link StoreUnavailableException}, an
 * error answer a plain {@link RedisStoreException}; both name the operation, neither leaks a password.
 */
class RedisFailuresIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static RedisStores stores;

    @BeforeAll
    static void connect() {
        stores = RedisTestSupport.open(RedisTestSupport.prefix(RedisFailuresIT.class));
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(stores);
        stores.close();
    }

    @Test
    void aRefusedConnectionIsUnavailableAndKeepsThePasswordOut() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        assertThatThrownBy(() -> RedisStores.connect("redis://user:s3cret-pass@127.0.0.1:" + closedPort + "/2"))
                .isInstanceOf(StoreUnavailableException.class)
                .isInstanceOf(X402Exception.class)
                .hasMessageStartingWith("connect to Redis at 127.0.0.1:" + closedPort + "/2: ")
                .satisfies(e -> assertThat(((StoreUnavailableException) e).operation()).startsWith("connect to Redis"))
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("s3cret-pass"));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsUnavailable() throws Exception {
        // Not a Redis double: a socket that accepts and stays silent, as a hung Redis would.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> RedisStores.builder()
                            .url("redis://127.0.0.1:" + silent.getLocalPort())
                            .commandTimeout(Duration.ofMillis(300))
                            .build())
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            silent.close();
            acceptor.join();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void anErrorAnswerIsAStoreFaultNamingTheOperation() {
        PaymentId id = new PaymentId("wrongtype/" + UUID.randomUUID());
        stores.gateway().call("test", c -> c.set(stores.settlements().recordKey(id), "not a hash"));
        assertThatThrownBy(() -> stores.settlements().find(id))
                .isExactlyInstanceOf(RedisStoreException.class)
                .hasMessageStartingWith("find settlement " + id + ": WRONGTYPE");
        assertThatThrownBy(() -> stores.settlements().claim(
                        SettlementRecord.claimed(id, "t", "fp", "exact", "eip155:1", null, BigInteger.ONE, T0)))
                .isExactlyInstanceOf(RedisStoreException.class)
                .hasMessageContaining("claim settlement " + id);
    }

    @Test
    void anUnreadableRecordIsAStoreFault() {
        PaymentId id = new PaymentId("corrupt/" + UUID.randomUUID());
        stores.gateway().call("test", c -> c.hset(stores.settlements().recordKey(id), "state", "CLAIMED"));
        assertThatThrownBy(() -> stores.settlements().find(id))
                .isExactlyInstanceOf(RedisStoreException.class)
                .hasMessageContaining("not a readable settlement record");
    }

    @Test
    void aClosedConnectionIsUnavailable() {
        RedisStores closed = RedisTestSupport.open(stores.keyPrefix() + "closed:");
        closed.close();
        assertThatThrownBy(() -> closed.settlements().find(new PaymentId("x")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("find settlement x: RedisStores was closed");
    }

    @Test
    void aKilledConnectionFailsFastThenReconnectsByItself() throws InterruptedException {
        RedisStores victim = RedisTestSupport.open(stores.keyPrefix() + "victim:");
        try {
            assertThat(victim.clientOptions().getDisconnectedBehavior())
                    .as("at-most-once: nothing is re-sent after a reconnect")
                    .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            long clientId = victim.gateway().call("test", c -> c.clientId());
            stores.gateway().call("test", c -> c.clientKill(KillArgs.Builder.id(clientId)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    assertThat(victim.settlements().find(new PaymentId("after-kill/" + UUID.randomUUID()))).isEmpty();
                    break;
                } catch (StoreUnavailableException whileReconnecting) {
                    assertThat(System.nanoTime()).as("reconnected within 10 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
        } finally {
            victim.close();
        }
    }

    @Test
    void aScriptRedisHasNotCachedIsSentInFull() {
        // A source no one ran before: EVALSHA answers NOSCRIPT, the gateway falls back to EVAL.
        LuaScript fresh = new LuaScript("fresh", "return 'ran' -- " + UUID.randomUUID());
        String first = stores.gateway().script("test", fresh, ScriptOutputType.VALUE, new String[0]);
        String second = stores.gateway().script("test", fresh, ScriptOutputType.VALUE, new String[0]);
        assertThat(first).isEqualTo("ran");
        assertThat(second).isEqualTo("ran");
    }

    @Test
    void pingAnswers() {
        stores.ping();
    }

    private static String fullText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
