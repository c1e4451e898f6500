package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** How Lettuce's exceptions are classified (no socket is opened here). */
class RedisGatewayTest {
    @Test
    void reachingRedisIsUnavailable() {
        assertThat(RedisGateway.translate("op", new RedisConnectionException("refused", new ConnectException("x"))))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.operation()).isEqualTo("op"))
                .hasMessage("op: refused");
        assertThat(RedisGateway.translate("op", new RedisCommandTimeoutException("Command timed out after 5 second(s)")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(RedisGateway.translate("op", new RedisException("Connection closed"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(RedisGateway.translate("op", new RedisLoadingException("LOADING Redis is loading the dataset in memory")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(RedisGateway.translate("op", new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down")))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void anErrorAnswerIsAStoreFault() {
        RuntimeException e = RedisGateway.translate("op", new RedisCommandExecutionException("WRONGTYPE Operation against a key"));
        assertThat(e).isExactlyInstanceOf(RedisStoreException.class).hasMessage("op: WRONGTYPE Operation against a key");
        assertThat(((RedisStoreException) e).operation()).isEqualTo("op");
    }

    @Test
    void aScriptRefusalCarriesItsCodeAndDetail() {
        RuntimeException e = RedisGateway.translate("op", new RedisCommandExecutionException("X402J_BAD_STATE SUBMITTED"));
        assertThat(e).isInstanceOf(ScriptRefusal.class);
        assertThat(((ScriptRefusal) e).code()).isEqualTo("BAD_STATE");
        assertThat(((ScriptRefusal) e).detail()).isEqualTo("SUBMITTED");
        // As Redis sends a reply without a space: "ERR " in front.
        RuntimeException bare = RedisGateway.translate("op", new RedisCommandExecutionException("ERR X402J_NO_RECORD"));
        assertThat(((ScriptRefusal) bare).code()).isEqualTo("NO_RECORD");
        assertThat(((ScriptRefusal) bare).detail()).isEmpty();
    }

    @Test
    void otherExceptionsPassThrough() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(RedisGateway.translate("op", bug)).isSameAs(bug);
    }
}
