package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Networks;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworksCatalogueTest {

    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    @Test
    void baseSepoliaFacts() {
        Network n = Networks.byName("base-sepolia").orElseThrow();
        assertThat(n.chainId()).isEqualTo(ChainId.parse("eip155:84532"));
        assertThat(n.testnet()).isTrue();
        Asset usdc = n.usdc().orElseThrow();
        assertThat(usdc.address()).isEqualTo("0x036CbD53842c5426634e7929541eC2318f3dCF7e");
        assertThat(usdc.decimals()).isEqualTo(6);
        assertThat(usdc.eip712Name()).isEqualTo("USDC");
        assertThat(usdc.eip712Version()).isEqualTo("2");
    }

    @Test
    void baseMainnetDomainNameDiffersFromSepolia() {
        Asset usdc = Networks.byName("base").orElseThrow().usdc().orElseThrow();
        assertThat(usdc.address()).isEqualTo("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
        assertThat(usdc.eip712Name()).isEqualTo("USD Coin");
        assertThat(usdc.eip712Version()).isEqualTo("2");
        assertThat(Networks.byName("base").orElseThrow().testnet()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "base,               eip155:8453,      0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913, USD Coin",
            "base-sepolia,       eip155:84532,     0x036CbD53842c5426634e7929541eC2318f3dCF7e, USDC",
            "ethereum,           eip155:1,         0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48, USD Coin",
            "sepolia,            eip155:11155111,  0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238, USDC",
            "optimism,           eip155:10,        0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85, USD Coin",
            "optimism-sepolia,   eip155:11155420,  0x5fd84259d66Cd46123540766Be93DFE6D43130D7, USDC",
            "arbitrum,           eip155:42161,     0xaf88d065e77c8cC2239327C5EDb3A432268e5831, USD Coin",
            "arbitrum-sepolia,   eip155:421614,    0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d, USD Coin",
            "polygon,            eip155:137,       0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359, USD Coin",
            "polygon-amoy,       eip155:80002,     0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582, USDC",
            "avalanche,          eip155:43114,     0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E, USD Coin",
            "avalanche-fuji,     eip155:43113,     0x5425890298aed601595a70AB815c96711a31Bc65, USD Coin",
            "abstract,           eip155:2741,      0x84A71ccD554Cc1b02749b35d22F684CC8ec987e1, Bridged USDC",
            "abstract-testnet,   eip155:11124,     0xe4C7fBB0a626ed208021ccabA6Be1566905E2dFc, Bridged USDC",
            "sei,                eip155:1329,      0xe15fC38F6D8c56aF07bbCBe3BAf5708A2Bf42392, USDC",
            "sei-testnet,        eip155:1328,      0x4fCF1784B31630811181f670Aea7A7bEF803eaED, USDC",
            "iotex,              eip155:4689,      0xcDf79194C6C285077A58da47641D4dBe51F63542, Bridged USDC",
            "peaq,               eip155:3338,      0xbbA60da06c2c5424f03f7434542280FCAd453d10, USDC",
            "story,              eip155:1514,      0xF1815bd50389c46847f0Bda824eC8da914045D14, Bridged USDC",
            "educhain,           eip155:41923,     0x12a272A581feE5577A5dFa371afEB4b2F3a8C2F8, Bridged USDC (Stargate)",
            "skale-base-sepolia, eip155:324705682, 0x2e08028E3C4c2356572E096d8EF835cD5C6030bD, Bridged USDC (SKALE Bridge)",
            "monad,              eip155:143,       0x754704Bc059F8C67012fEd69BC8A327a5aafb603, USD Coin",
    })
    void evmUsdcFacts(String name, String caip2, String address, String eip712Name) {
        Network n = Networks.byName(name).orElseThrow();
        assertThat(n.chainId()).hasToString(caip2);
        Asset usdc = n.usdc().orElseThrow();
        assertThat(usdc.address()).isEqualTo(address);
        assertThat(usdc.symbol()).isEqualTo("USDC");
        assertThat(usdc.decimals()).isEqualTo(6);
        assertThat(usdc.eip712Name()).isEqualTo(eip712Name);
        assertThat(usdc.eip712Version()).isEqualTo("2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "solana,           solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp, EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "solana-devnet,    solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1, 4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
            "solana-testnet,   solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z, 4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
            "starknet,         starknet:SN_MAIN, 0x033068F6539f8e6e6b131e6B2B814e6c34A5224bC66947c47DaB9dFeE93b35fb",
            "sui,              sui:mainnet, 0xdba34672e30cb065b1f93e3ab55318768fd6fef66c15942c9f7cb846e2f900e7::usdc::USDC",
            "sui-testnet,      sui:testnet, 0xa1ec7fc00a6f40db9693ad1415d0c193ad3906494428cf252621037bd7117e29::usdc::USDC",
            "aptos,            aptos:1, 0xbae207659db88bea0cbead6da0ed00aac12edcdda169e591cd41c94180b46f3b",
            "aptos-testnet,    aptos:2, 0x69091fbab5f7d635ee7ac5098cf0c1efbe31d68fec0f2cd565e8d168daf52832",
    })
    void nonEvmUsdcFacts(String name, String caip2, String address) {
        Network n = Networks.byName(name).orElseThrow();
        assertThat(n.chainId()).hasToString(caip2);
        Asset usdc = n.usdc().orElseThrow();
        assertThat(usdc.address()).isEqualTo(address);
        assertThat(usdc.decimals()).isEqualTo(6);
        assertThat(usdc.eip712Name()).isNull();
        assertThat(usdc.eip712Version()).isNull();
        assertThat(usdc.hasEip712Domain()).isFalse();
    }

    @Test
    void networksWithoutAKnownUsdc() {
        for (String name : List.of("starknet-sepolia", "megaeth", "stable", "stable-testnet")) {
            assertThat(Networks.byName(name)).as(name).get().extracting(Network::usdc).isEqualTo(java.util.Optional.empty());
        }
        assertThat(Networks.byName("starknet-sepolia").orElseThrow().chainId())
                .isEqualTo(new ChainId("starknet", "SN_SEPOLIA"));
    }

    @Test
    void everyNetworkTheBriefNamesIsPresent() {
        assertThat(Networks.all()).extracting(Network::name).contains(
                "base", "base-sepolia", "ethereum", "sepolia", "optimism", "optimism-sepolia", "arbitrum",
                "arbitrum-sepolia", "polygon", "polygon-amoy", "avalanche", "avalanche-fuji", "abstract",
                "abstract-testnet", "solana", "solana-devnet", "solana-testnet", "starknet", "starknet-sepolia",
                "sui", "sui-testnet", "aptos", "aptos-testnet");
    }

    @Test
    void everyEvmUsdcIsA20ByteAddressWithAnEip712Domain() {
        for (Network n : Networks.all()) {
            if (n.isEvm()) {
                assertThat(n.chainId().evmChainId()).as(n.name()).isPresent();
                n.usdc().ifPresent(usdc -> {
                    assertThat(usdc.address()).as(n.name()).matches(EVM_ADDRESS);
                    // a mixed-case address is checksummed; none of the catalogue is all lower case
                    assertThat(usdc.address().substring(2)).as(n.name()).isNotEqualTo(usdc.address().substring(2).toLowerCase());
                    assertThat(usdc.hasEip712Domain()).as(n.name()).isTrue();
                });
            } else {
                n.usdc().ifPresent(usdc -> assertThat(usdc.hasEip712Domain()).as(n.name()).isFalse());
            }
        }
    }

    @Test
    void namesAndIdsAreUnique() {
        Set<String> names = new HashSet<>();
        Set<ChainId> ids = new HashSet<>();
        for (Network n : Networks.all()) {
            assertThat(names.add(n.name())).as("name " + n.name()).isTrue();
            assertThat(ids.add(n.chainId())).as("id " + n.chainId()).isTrue();
        }
    }

    @Test
    void resolvesBothWays() {
        assertThat(Networks.resolve("base-sepolia")).map(Network::chainId).hasValue(ChainId.eip155(84532));
        assertThat(Networks.resolve("Base-Sepolia")).map(Network::name).hasValue("base-sepolia");
        assertThat(Networks.resolve(" BASE ")).map(Network::name).hasValue("base");
        assertThat(Networks.resolve("eip155:84532")).map(Network::name).hasValue("base-sepolia");
        assertThat(Networks.resolve("starknet:SN_MAIN")).map(Network::name).hasValue("starknet");
        assertThat(Networks.resolve("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1")).map(Network::name)
                .hasValue("solana-devnet");
        assertThat(Networks.resolve("eip155:31337")).isEmpty();
        assertThat(Networks.resolve("eip155:nope")).isEmpty();
        assertThat(Networks.resolve("nowhere")).isEmpty();
        assertThat(Networks.resolve("")).isEmpty();
        assertThat(Networks.resolve(null)).isEmpty();

        for (Network n : Networks.all()) {
            assertThat(Networks.resolve(n.name())).as(n.name()).hasValue(n);
            assertThat(Networks.resolve(n.chainId().toString())).as(n.name()).hasValue(n);
            assertThat(Networks.byChainId(n.chainId())).hasValue(n);
            assertThat(Networks.v1Name(n.chainId())).isEqualTo(n.name());
            assertThat(Networks.chainIdOf(n.name())).isEqualTo(n.chainId());
        }
    }

    @Test
    void chainIdOfAcceptsAnyWellFormedCaip2ButNotUnknownNames() {
        assertThat(Networks.chainIdOf("polygon-amoy")).isEqualTo(ChainId.eip155(80002));
        assertThat(Networks.chainIdOf("eip155:31337")).isEqualTo(ChainId.eip155(31337));
        assertThatThrownBy(() -> Networks.chainIdOf("basse"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown network 'basse' (known: base, base-sepolia, ")
                .hasMessageContaining("aptos-testnet");
        assertThatThrownBy(() -> Networks.chainIdOf("eip155:base"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown network 'eip155:base'");
    }

    @Test
    void v1NameThrowsForUnknownChain() {
        assertThat(Networks.v1Name(ChainId.eip155(8453))).isEqualTo("base");
        assertThat(Networks.v1Name(ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"))).isEqualTo("solana");
        assertThatThrownBy(() -> Networks.v1Name(ChainId.eip155(31337)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eip155:31337");
    }

    @Test
    void registryWithACustomChain() {
        Network anvil = Network.of("anvil", ChainId.eip155(31337), true,
                Asset.eip712("0x5FbDB2315678afecb367f032d93F642f64180aa3", "USDC", 6, "USDC", "2"));
        NetworkRegistry registry = NetworkRegistry.defaults().with(anvil);
        assertThat(registry.resolve("anvil")).hasValue(anvil);
        assertThat(registry.resolve("eip155:31337")).hasValue(anvil);
        assertThat(registry.v1Name(ChainId.eip155(31337))).isEqualTo("anvil");
        assertThat(registry.all()).hasSize(Networks.all().size() + 1);
        // the defaults are untouched
        assertThat(NetworkRegistry.defaults().resolve("anvil")).isEmpty();
        assertThat(Networks.all()).doesNotContain(anvil);
        assertThatThrownBy(() -> registry.all().add(anvil)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void registryRejectsClashesNamingThem() {
        assertThatThrownBy(() -> NetworkRegistry.defaults().with(Network.withoutUsdc("base", ChainId.eip155(31337), true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate network name 'base'");
        assertThatThrownBy(() -> NetworkRegistry.defaults().with(Network.withoutUsdc("my-base", ChainId.eip155(8453), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'base'").hasMessageContaining("'my-base'").hasMessageContaining("eip155:8453");
    }

    @Test
    void networkAndAssetValidation() {
        assertThatThrownBy(() -> Network.withoutUsdc("Base", ChainId.eip155(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Base'");
        assertThatThrownBy(() -> Network.withoutUsdc("eip155:1", ChainId.eip155(1), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Asset.of(" ", "USDC", 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Asset.of("0xabc", "USDC", 37)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("37");
        assertThatThrownBy(() -> Asset.of("0xabc", "USDC", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Asset("0xabc", "USDC", 6, "USD Coin", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThat(Asset.of("0xabc", "X", 36).decimals()).isEqualTo(36);
        assertThat(Asset.of("0xabc", "X", 0).decimals()).isZero();
    }
}
