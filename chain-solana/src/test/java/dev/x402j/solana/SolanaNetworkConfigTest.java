package dev.x402j.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.RpcOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SolanaNetworkConfigTest {
    private static final ChainId MAINNET = ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp");

    @Test
    void defaultsFollowTheOfficialSdk() {
        SolanaNetworkConfig c = SolanaNetworkConfig.of(MAINNET, URI.create("https://api.mainnet-beta.solana.com"));
        assertThat(c.rpcTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.commitment()).isEqualTo("confirmed");
        assertThat(c.maxComputeUnitPriceMicroLamports()).isEqualTo(5_000_000L);
        assertThat(c.withCommitment("finalized").commitment()).isEqualTo("finalized");
        assertThat(c.withMaxComputeUnitPriceMicroLamports(1).maxComputeUnitPriceMicroLamports()).isEqualTo(1);
    }

    @Test
    void whatTheFeePayerPaysIsCappedByDefaultAndEachCapSurvivesTheOtherCopies() {
        SolanaNetworkConfig c = SolanaNetworkConfig.of(MAINNET, URI.create("https://api.mainnet-beta.solana.com"));
        assertThat(c.maxComputeUnitLimit()).isEqualTo(200_000L);
        assertThat(c.maxSignatures()).isEqualTo(2);
        assertThat(c.maxFeeLamports()).isEqualTo(110_000L);

        SolanaNetworkConfig d = c.withMaxComputeUnitLimit(300_000).withMaxSignatures(3).withMaxFeeLamports(7)
                .withCommitment("finalized").withMaxComputeUnitPriceMicroLamports(9)
                .withRpcOptions(RpcOptions.defaults());
        assertThat(d.maxComputeUnitLimit()).isEqualTo(300_000L);
        assertThat(d.maxSignatures()).isEqualTo(3);
        assertThat(d.maxFeeLamports()).isEqualTo(7);
        assertThat(d.toString()).contains("maxComputeUnitLimit=300000", "maxSignatures=3", "maxFeeLamports=7");

        assertThatThrownBy(() -> c.withMaxComputeUnitLimit(0)).hasMessageContaining("maxComputeUnitLimit");
        assertThatThrownBy(() -> c.withMaxComputeUnitLimit(1_400_001)).hasMessageContaining("1400000");
        assertThatThrownBy(() -> c.withMaxSignatures(0)).hasMessageContaining("maxSignatures");
        assertThatThrownBy(() -> c.withMaxFeeLamports(-1)).hasMessageContaining("maxFeeLamports");
    }

    @Test
    void extraAssetsAreMintAddressesAndSurviveTheCopies() {
        SolanaNetworkConfig c = SolanaNetworkConfig.of(MAINNET, URI.create("https://api.mainnet-beta.solana.com"));
        assertThat(c.assets()).isEmpty();
        Asset usdt = Asset.of("Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", "USDT", 6);
        SolanaNetworkConfig d = c.withAssets(List.of(usdt)).withMaxSignatures(3).withCommitment("finalized");
        assertThat(d.assets()).containsExactly(usdt);
        assertThat(d.toString()).contains("Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB");
        assertThatThrownBy(() -> c.withAssets(List.of(Asset.of("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC",
                6)))).hasMessageContaining("not a Solana mint address");
    }

    @Test
    void severalEndpointsInOrderOfPreferenceSurviveTheCopies() {
        URI helius = URI.create("https://mainnet.helius-rpc.com/?api-key=SECRET");
        URI publicRpc = URI.create("https://api.mainnet-beta.solana.com");
        RpcOptions options = RpcOptions.defaults().withBreaker(2, Duration.ofSeconds(5));
        SolanaNetworkConfig c = SolanaNetworkConfig.of(MAINNET, List.of(helius, publicRpc))
                .withRpcOptions(options)
                .withCommitment("finalized")
                .withMaxComputeUnitPriceMicroLamports(7);

        assertThat(c.rpcUrls()).containsExactly(helius, publicRpc);
        assertThat(c.rpcUrl()).isEqualTo(helius);
        assertThat(c.rpcOptions()).isEqualTo(options);
        assertThat(c.commitment()).isEqualTo("finalized");
        assertThat(c.toString()).contains("https://mainnet.helius-rpc.com, https://api.mainnet-beta.solana.com")
                .doesNotContain("SECRET");
    }

    @Test
    void toStringHidesTheApiKeyInPathAndQuery() {
        SolanaNetworkConfig c = SolanaNetworkConfig.of(MAINNET,
                URI.create("https://mainnet.helius-rpc.com/v0/secret-path?api-key=SECRET"));
        assertThat(c.toString()).contains("https://mainnet.helius-rpc.com").doesNotContain("SECRET", "secret-path");
    }

    @Test
    void rejectsWhatCannotWork() {
        URI url = URI.create("http://127.0.0.1:8899");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(null, url)).hasMessageContaining("network is required");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(ChainId.eip155(8453), url)).hasMessageContaining("solana");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(MAINNET, URI.create("ws://127.0.0.1:8900")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(MAINNET, (URI) null)).hasMessageContaining("rpcUrl");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(MAINNET, List.of())).hasMessageContaining("rpcUrl is required");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(MAINNET, List.of(url, URI.create("ws://127.0.0.1:8900"))))
                .hasMessageContaining("rpcUrl 2 of 2")
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> SolanaNetworkConfig.of(MAINNET, List.of(url, url)))
                .hasMessageContaining("repeats an earlier URL");
        assertThatThrownBy(() -> new SolanaNetworkConfig(MAINNET, url, Duration.ZERO, "confirmed", 1))
                .hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> new SolanaNetworkConfig(MAINNET, url, Duration.ofSeconds(1), "recent", 1))
                .hasMessageContaining("processed, confirmed or finalized");
        assertThatThrownBy(() -> new SolanaNetworkConfig(MAINNET, url, Duration.ofSeconds(1), "confirmed", -1))
                .hasMessageContaining("negative");
    }
}
