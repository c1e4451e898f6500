package dev.x402j.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.RpcOptions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvmNetworkConfigTest {
    private static final ChainId BASE = ChainId.eip155(8453);

    @Test
    void ofUsesATenSecondTimeout() {
        EvmNetworkConfig c = EvmNetworkConfig.of(BASE, URI.create("https://mainnet.base.org"));
        assertThat(c.rpcTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.chainId()).isEqualTo(8453);
    }

    @Test
    void rejectsWhatCannotWork() {
        URI ok = URI.create("http://127.0.0.1:8545");
        assertThatThrownBy(() -> EvmNetworkConfig.of(null, ok)).hasMessageContaining("network is required");
        assertThatThrownBy(() -> EvmNetworkConfig.of(ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"), ok))
                .hasMessageContaining("eip155");
        assertThatThrownBy(() -> EvmNetworkConfig.of(ChainId.parse("eip155:99999999999999999999"), ok))
                .hasMessageContaining("64 bits");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, (URI) null)).hasMessageContaining("rpcUrl is required");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, List.of())).hasMessageContaining("rpcUrl is required");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, List.of(ok, URI.create("ftp://x.example"))))
                .hasMessageContaining("rpcUrl 2 of 2 of eip155:8453 must be an http or https URL");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, List.of(ok, URI.create("https://b.example/k"), ok)))
                .hasMessageContaining("rpcUrl 3 of 3 of eip155:8453 repeats an earlier URL");
        assertThatThrownBy(() -> new EvmNetworkConfig(BASE, List.of(ok), null)).hasMessageContaining("rpcOptions");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, URI.create("ws://127.0.0.1:8545")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> EvmNetworkConfig.of(BASE, URI.create("/relative"))).hasMessageContaining("http or https");
        assertThatThrownBy(() -> new EvmNetworkConfig(BASE, ok, Duration.ZERO)).hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> new EvmNetworkConfig(BASE, ok, null)).hasMessageContaining("rpcTimeout");
    }

    @Test
    void severalEndpointsInOrderOfPreference() {
        URI primary = URI.create("https://base-mainnet.g.alchemy.com/v2/KEY");
        URI fallback = URI.create("https://mainnet.base.org");
        RpcOptions options = RpcOptions.defaults().withMaxAttempts(6);
        EvmNetworkConfig c = EvmNetworkConfig.of(BASE, List.of(primary, fallback)).withRpcOptions(options);

        assertThat(c.rpcUrls()).containsExactly(primary, fallback);
        assertThat(c.rpcUrl()).isEqualTo(primary);
        assertThat(c.rpcOptions()).isEqualTo(options);
        assertThat(c.toString()).contains("https://base-mainnet.g.alchemy.com, https://mainnet.base.org")
                .doesNotContain("KEY");
    }

    @Test
    void theSingleUrlConstructorSetsTheRequestTimeout() {
        EvmNetworkConfig c = new EvmNetworkConfig(BASE, URI.create("http://127.0.0.1:8545"), Duration.ofSeconds(2));
        assertThat(c.rpcTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.rpcOptions().maxAttempts()).isEqualTo(RpcOptions.defaults().maxAttempts());
    }

    @Test
    void toStringHidesTheApiKeyInPathAndQuery() {
        EvmNetworkConfig c = EvmNetworkConfig.of(
                BASE, URI.create("https://user:pw@base-mainnet.g.alchemy.com/v2/SECRETKEY?token=SECRET2"));
        assertThat(c.toString())
                .contains("https://base-mainnet.g.alchemy.com")
                .doesNotContain("SECRET")
                .doesNotContain("pw");
    }

    @Test
    void aFeeCapIsOptionalAndPositive() {
        EvmNetworkConfig c = EvmNetworkConfig.of(BASE, URI.create("https://mainnet.base.org"));
        assertThat(c.maxFeePerGas()).isNull();
        EvmNetworkConfig capped = c.withMaxFeePerGas(BigInteger.valueOf(50_000_000_000L));
        assertThat(capped.maxFeePerGas()).isEqualTo(50_000_000_000L);
        assertThat(capped.rpcUrl()).isEqualTo(c.rpcUrl());
        assertThat(capped.toString()).contains("maxFeePerGas=50000000000");
        assertThat(capped.withMaxFeePerGas(null).maxFeePerGas()).isNull();
        assertThatThrownBy(() -> c.withMaxFeePerGas(BigInteger.ZERO)).hasMessageContaining("maxFeePerGas");
        assertThatThrownBy(() -> c.withMaxFeePerGas(BigInteger.valueOf(-1))).hasMessageContaining("maxFeePerGas");
    }

    @Test
    void theGasCapDefaultsTo200000AndIsAtLeast21000() {
        EvmNetworkConfig c = EvmNetworkConfig.of(BASE, URI.create("https://mainnet.base.org"));
        assertThat(c.maxGas()).isEqualTo(200_000);
        assertThat(c.withMaxGas(90_000).withMaxFeePerGas(BigInteger.TEN).maxGas()).isEqualTo(90_000);
        assertThatThrownBy(() -> c.withMaxGas(20_999)).hasMessageContaining("maxGas").hasMessageContaining("21000");
    }

    @Test
    void assetsAreTokenAddressesWithADomainEachListedOnce() {
        String token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        EvmNetworkConfig c = EvmNetworkConfig.of(BASE, URI.create("https://mainnet.base.org"));
        assertThat(c.assets()).isEmpty();
        assertThat(c.withAssets(List.of(dev.x402j.core.Asset.eip712(token, "T", 6, "T", "1"))).withMaxGas(50_000).assets())
                .hasSize(1);
        assertThatThrownBy(() -> c.withAssets(List.of(dev.x402j.core.Asset.of(token, "T", 6))))
                .hasMessageContaining("EIP-712 name and version");
        assertThatThrownBy(() -> c.withAssets(List.of(dev.x402j.core.Asset.eip712("USDC", "T", 6, "T", "1"))))
                .hasMessageContaining("contract address");
        assertThatThrownBy(() -> c.withAssets(List.of(dev.x402j.core.Asset.eip712(token, "T", 6, "T", "1"),
                dev.x402j.core.Asset.eip712(token.toLowerCase(), "U", 6, "U", "1")))).hasMessageContaining("twice");
    }
}
