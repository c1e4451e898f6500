package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.rpc.JsonRpcException;
import org.junit.jupiter.api.Test;

/** Node wordings of a refused eth_sendRawTransaction, and the cause each names. */
class BroadcastErrorTest {
    private static BroadcastError of(int code, String message) {
        return BroadcastError.of(new JsonRpcException("eth_sendRawTransaction", code, message, null));
    }

    @Test
    void eachWordingNamesItsCause() {
        assertThat(of(-32000, "already known")).isEqualTo(BroadcastError.ALREADY_KNOWN);
        assertThat(of(-32010, "AlreadyKnown")).isEqualTo(BroadcastError.ALREADY_KNOWN);
        assertThat(of(429, "slow down")).isEqualTo(BroadcastError.TRANSIENT);
        assertThat(of(-32000, "txpool is full")).isEqualTo(BroadcastError.TRANSIENT);
        assertThat(of(-32000, "nonce too low: next nonce 5, tx nonce 4")).isEqualTo(BroadcastError.NONCE_TAKEN);
        assertThat(of(-32000, "replacement transaction underpriced")).isEqualTo(BroadcastError.NONCE_TAKEN);
        assertThat(of(-32000, "nonce too high")).isEqualTo(BroadcastError.NONCE_TOO_HIGH);
        assertThat(of(-32000, "insufficient funds for gas * price + value")).isEqualTo(BroadcastError.REFUSED);
    }

    @Test
    void theFirstCauseInOrderWins() {
        // A rate limit that quotes a nonce says nothing about the nonce.
        assertThat(of(-32005, "nonce too low, try again")).isEqualTo(BroadcastError.TRANSIENT);
        assertThat(of(-32000, "already known (nonce too low)")).isEqualTo(BroadcastError.ALREADY_KNOWN);
        assertThat(of(-32000, "nonce too low or nonce too high")).isEqualTo(BroadcastError.NONCE_TOO_HIGH);
    }
}
