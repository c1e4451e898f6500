package dev.x402j.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.Facilitator;
import dev.x402j.core.rpc.RpcOptions;
import org.junit.jupiter.api.Test;

/**
 * A gate's facilitator call must outlast the facilitator's wait for the chain: otherwise a slow confirmation becomes a
 * client timeout (502, nothing served) while the payer is charged, instead of a {@code settlement_pending} answer.
 */
class TimeoutsAgreeTest {
    @Test
    void theGatesDefaultTimeoutOutlastsTheFacilitatorsConfirmTimeoutAndOneRpcCall() {
        assertThat(HttpFacilitatorClient.DEFAULT_TIMEOUT)
                .isGreaterThan(Facilitator.DEFAULT_CONFIRM_TIMEOUT.plus(RpcOptions.defaults().requestTimeout()));
    }
}
