package dev.x402j.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.core.wire.X402Json;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A node's refusals of sendTransaction, and what each means: success, never to land, or unknown. No socket. */
class SendErrorsTest {
    private final Cluster cluster =
            new Cluster(SolanaNetworkConfig.of(SolanaFixtures.DEVNET, URI.create("http://127.0.0.1:9")));

    private static JsonRpcException refusal(int code, String message, String data) throws Exception {
        JsonNode json = data == null ? null : X402Json.mapper().readTree(data);
        return new JsonRpcException("sendTransaction", code, message, json);
    }

    @Test
    void alreadyProcessedIsASuccess() throws Exception {
        assertThat(SendErrors.alreadyProcessed(refusal(-32002, "preflight failed", "{\"err\":\"AlreadyProcessed\"}")))
                .isTrue();
        assertThat(SendErrors.alreadyProcessed(refusal(-32002, "This transaction has already been processed", null)))
                .isTrue();
        assertThat(SendErrors.alreadyProcessed(refusal(-32002, "preflight failed", "{\"err\":\"BlockhashNotFound\"}")))
                .isFalse();
    }

    @Test
    void aPreflightFailureIsDefiniteAndNamesTheTokensInsufficientFunds() throws Exception {
        var poor = SendErrors.fault(cluster, "sig", refusal(-32002, "preflight failed",
                "{\"err\":{\"InstructionError\":[2,{\"Custom\":1}]}}"));
        assertThat(poor).isInstanceOf(BroadcastRejectedException.class);
        assertThat(((BroadcastRejectedException) poor).reason()).isEqualTo(ErrorReason.INSUFFICIENT_FUNDS);

        var other = SendErrors.fault(cluster, "sig", refusal(-32002, "preflight failed",
                "{\"err\":{\"InstructionError\":[1,{\"Custom\":1}]}}"));
        assertThat(((BroadcastRejectedException) other).reason()).isEqualTo(SolanaReasons.TRANSACTION_SIMULATION_FAILED);
    }

    @Test
    void signaturesAndUnreadableBytesAreDefiniteTheRestIsUnknown() throws Exception {
        var badSignature = SendErrors.fault(cluster, "sig", refusal(-32003, "signature verification failure", null));
        assertThat(((BroadcastRejectedException) badSignature).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID);
        var unreadable = SendErrors.fault(cluster, "sig", refusal(-32602, "invalid transaction", null));
        assertThat(((BroadcastRejectedException) unreadable).reason()).isEqualTo(SolanaReasons.TRANSACTION_FAILED);

        assertThat(SendErrors.fault(cluster, "sig", refusal(-32005, "node is behind", null)))
                .isInstanceOf(ChainUnavailableException.class);
        assertThat(SendErrors.fault(cluster, "sig", refusal(-32099, "something new", null)))
                .isInstanceOf(ChainUnavailableException.class);
    }
}
