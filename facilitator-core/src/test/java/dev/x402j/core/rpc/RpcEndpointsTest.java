package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcEndpointsTest {
    private static final ChainId BASE = ChainId.parse("eip155:8453");
    private static final URI KEYED = URI.create("https://base-mainnet.g.alchemy.com/v2/SECRETKEY");
    private static final URI PUBLIC = URI.create("https://mainnet.base.org");

    @Test
    void keepsTheOrderAndNamesABadEndpointByPositionWithoutQuotingIt() {
        assertThat(RpcEndpoints.checked(BASE, List.of(KEYED, PUBLIC))).containsExactly(KEYED, PUBLIC);
        assertThatThrownBy(() -> RpcEndpoints.checked(BASE, List.of(PUBLIC, URI.create("ftp://x.org/SECRETKEY"))))
                .hasMessage("rpcUrl 2 of 2 of eip155:8453 must be an http or https URL");
        assertThatThrownBy(() -> RpcEndpoints.checked(BASE, List.of(KEYED, KEYED)))
                .hasMessageContaining("rpcUrl 2 of 2")
                .hasMessageContaining("https://base-mainnet.g.alchemy.com")
                .hasMessageNotContaining("SECRETKEY");
        assertThatThrownBy(() -> RpcEndpoints.checked(BASE, Arrays.asList(PUBLIC, null)))
                .hasMessage("rpcUrl 2 of 2 of eip155:8453 is null");
        assertThatThrownBy(() -> RpcEndpoints.checked(BASE, List.of(URI.create("http:///path"))))
                .hasMessage("rpcUrl of eip155:8453 has no host");
        assertThatThrownBy(() -> RpcEndpoints.checked(BASE, List.of())).hasMessageContaining("at least one");
    }

    @Test
    void logsOnlySchemeHostAndPort() {
        assertThat(RpcEndpoints.forLogs(List.of(KEYED, URI.create("http://127.0.0.1:8545/x?key=SECRETKEY"))))
                .isEqualTo("https://base-mainnet.g.alchemy.com, http://127.0.0.1:8545");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThat(RpcEndpoints.withTimeout(BASE, Duration.ofSeconds(2)).requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> RpcEndpoints.withTimeout(BASE, Duration.ZERO)).hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> RpcEndpoints.single(BASE, null)).hasMessage("rpcUrl is required for eip155:8453");
    }
}
