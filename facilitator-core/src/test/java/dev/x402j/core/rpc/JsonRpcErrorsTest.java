package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonRpcErrorsTest {
    private static JsonRpcException error(int code, String message) {
        return new JsonRpcException("eth_call", code, message, null);
    }

    @Test
    void overloadedOrBehindNodesAreTransient() {
        assertThat(JsonRpcErrors.isTransient(error(-32005, "limit exceeded"))).isTrue();
        assertThat(JsonRpcErrors.isTransient(error(-32005, "Node is behind by 42 slots"))).isTrue();
        assertThat(JsonRpcErrors.isTransient(error(429, "Too Many Requests"))).isTrue();
        assertThat(JsonRpcErrors.isTransient(error(-32000, "Your app has exceeded its compute units per second "
                + "capacity; see our rate limit docs"))).isTrue();
        assertThat(JsonRpcErrors.isTransient(error(-32000, "header not found"))).isTrue();
        assertThat(JsonRpcErrors.isTransient(error(-32603, "Too many requests, slow down"))).isTrue();
    }

    @Test
    void aNodesJudgementOfTheCallIsPermanent() {
        assertThat(JsonRpcErrors.isTransient(error(-32000, "nonce too low"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(3, "execution reverted"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32000, "execution reverted"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32000, "insufficient funds for gas * price + value"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32000, "already known"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32602, "invalid params"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32601, "the method does not exist"))).isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32002, "Transaction simulation failed: Blockhash not found")))
                .isFalse();
        assertThat(JsonRpcErrors.isTransient(error(-32603, "internal error"))).as("a chain may add it").isFalse();
    }

    @Test
    void httpStatusesAndBodies() {
        assertThat(JsonRpcErrors.isTransportFailure(200, true)).as("a JSON-RPC answer").isFalse();
        assertThat(JsonRpcErrors.isTransportFailure(400, true)).as("an error object with HTTP 400").isFalse();
        assertThat(JsonRpcErrors.isTransportFailure(200, false)).as("HTML or JSON that is not JSON-RPC").isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(401, false)).isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(404, false)).isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(301, false)).isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(429, true)).as("429 whatever the body").isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(500, true)).isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(502, false)).isTrue();
        assertThat(JsonRpcErrors.isTransportFailure(503, true)).isTrue();
        assertThat(JsonRpcErrors.mayRetryAfter(429)).isTrue();
        assertThat(JsonRpcErrors.mayRetryAfter(503)).isTrue();
        assertThat(JsonRpcErrors.mayRetryAfter(500)).isFalse();
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(JsonRpcErrors.retryAfter("7", now)).contains(Duration.ofSeconds(7));
        assertThat(JsonRpcErrors.retryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(JsonRpcErrors.retryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(JsonRpcErrors.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).as("in the past").contains(Duration.ZERO);
        assertThat(JsonRpcErrors.retryAfter("99999999999999999999999", now)).hasValueSatisfying(d -> assertThat(d)
                .isGreaterThan(Duration.ofDays(365)));
        assertThat(JsonRpcErrors.retryAfter("soon", now)).isEqualTo(Optional.empty());
        assertThat(JsonRpcErrors.retryAfter("-5", now)).isEmpty();
        assertThat(JsonRpcErrors.retryAfter("", now)).isEmpty();
        assertThat(JsonRpcErrors.retryAfter(null, now)).isEmpty();
    }
}
