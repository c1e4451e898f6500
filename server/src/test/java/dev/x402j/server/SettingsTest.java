package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.evm.EvmServedNetwork;
import dev.x402j.evm.EvmFamily;
import dev.x402j.solana.SolanaFamily;
import dev.x402j.solana.SolanaServing;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.server.ServerSettings.Mode;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.solana.SolanaKeys;
import dev.x402j.solana.SolanaPrivateKeySigner;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    /** Anvil's public dev key 0; the address it signs as. */
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String KEY_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String ALCHEMY = "alchemyKey_123-abc";
    private static final String INFURA = "0123456789abcdef0123456789abcdef";
    /** Two Solana keys: base58 of a 32-byte seed, and base58 of a 64-byte keypair (seed ‖ public key). */
    private static final byte[] SEED_1 = seed(1);
    private static final byte[] SEED_2 = seed(2);
    private static final String SVM_ADDRESS_1 = SolanaPrivateKeySigner.fromBytes(SEED_1).address();
    private static final String SVM_ADDRESS_2 = SolanaPrivateKeySigner.fromBytes(SEED_2).address();
    private static final String SVM_KEY_1 = SolanaKeys.base58(SEED_1);
    private static final String SVM_KEY_2 = SolanaKeys.keypair(SEED_2);
    private static final String HELIUS = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    private static byte[] seed(int n) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (n * 31 + i * 7);
        }
        return seed;
    }

    private static ServedNetwork svmNetwork(ServerSettings s, String name) {
        return ResolvedFamilies.svmNetworks(s).stream().filter(n -> n.network().name().equals(name)).findFirst().orElseThrow();
    }

    private static ServerSettings resolve(Map<String, String> env, SettingsFile file) {
        return file.resolve(env);
    }

    private static ServerSettings resolve(Map<String, String> env) {
        return resolve(env, new SettingsFile());
    }

    /** The EVM family's fee-cap parser, throwing its one-sentence problem as the server's start-up would. */
    private static BigInteger parseWeiPerGas(String setting, String text) {
        dev.x402j.evm.EvmFeeCap.Result r = dev.x402j.evm.EvmFeeCap.parse(setting, text);
        return r.wei().orElseThrow(() -> new SettingsException(r.problem().orElseThrow() + "."));
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static EvmServedNetwork network(ServerSettings s, String name) {
        return ResolvedFamilies.evmNetworks(s).stream().filter(n -> n.network().name().equals(name)).findFirst().orElseThrow();
    }

    private static String failure(Map<String, String> env, SettingsFile props) {
        try {
            resolve(env, props);
        } catch (SettingsException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a SettingsException");
    }

    private static String failure(Map<String, String> env) {
        return failure(env, new SettingsFile());
    }

    // ------------------------------------------------------------------------------------------------ defaults

    @Test
    void withNothingConfiguredItRunsInDevModeOnPort8090() {
        ServerSettings s = resolve(Map.of());
        assertThat(s.mode()).isEqualTo(Mode.DEV);
        assertThat(s.port()).isEqualTo(8090);
        assertThat(ResolvedFamilies.evmSigner(s)).isEmpty();
        assertThat(ResolvedFamilies.evmNetworks(s)).isEmpty();
        assertThat(ResolvedFamilies.svmSigners(s)).isEmpty();
        assertThat(ResolvedFamilies.svmNetworks(s)).isEmpty();
        assertThat(s.confirmTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aKeyAloneServesBaseAndBaseSepoliaOnTheirPublicEndpoints() {
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY));
        assertThat(s.mode()).isEqualTo(Mode.LIVE);
        assertThat(ResolvedFamilies.evmSigner(s).orElseThrow().address()).isEqualTo(KEY_ADDRESS);
        assertThat(ResolvedFamilies.evmNetworks(s)).extracting(n -> n.network().name()).containsExactly("base", "base-sepolia");
        assertThat(network(s, "base").rpcUrl()).hasToString("https://mainnet.base.org");
        assertThat(network(s, "base-sepolia").rpcUrl()).hasToString("https://sepolia.base.org");
        assertThat(ResolvedFamilies.evmNetworks(s)).allMatch(n -> n.rpcSource() == RpcSource.PUBLIC);
        assertThat(ResolvedFamilies.svmSigners(s)).as("no Solana key, no Solana").isEmpty();
        assertThat(ResolvedFamilies.svmNetworks(s)).isEmpty();
    }

    @Test
    void devModeCanBeForcedEvenWithAKey() {
        assertThat(resolve(env("EVM_PRIVATE_KEY", KEY, "X402J_MODE", "dev")).mode()).isEqualTo(Mode.DEV);
        SettingsFile props = new SettingsFile();
        props.set("x402j.mode", "dev");
        assertThat(resolve(env("EVM_PRIVATE_KEY", KEY), props).mode()).isEqualTo(Mode.DEV);
    }

    // ------------------------------------------------------------------------------------------------ precedence

    @Test
    void rpcUrlResolutionOrderIsExplicitThenAlchemyThenInfuraThenPublic() {
        String networks = "base-sepolia";
        // public only
        assertThat(network(resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", networks)), "base-sepolia"))
                .extracting(EvmServedNetwork::rpcSource).isEqualTo(RpcSource.PUBLIC);
        // Infura beats public
        EvmServedNetwork infura = network(resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", networks,
                "INFURA_API_KEY", INFURA)), "base-sepolia");
        assertThat(infura.rpcSource()).isEqualTo(EvmFamily.INFURA);
        assertThat(infura.rpcUrl()).hasToString("https://base-sepolia.infura.io/v3/" + INFURA);
        // Alchemy beats Infura
        EvmServedNetwork alchemy = network(resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", networks,
                "INFURA_API_KEY", INFURA, "ALCHEMY_API_KEY", ALCHEMY)), "base-sepolia");
        assertThat(alchemy.rpcSource()).isEqualTo(EvmFamily.ALCHEMY);
        assertThat(alchemy.rpcUrl()).hasToString("https://base-sepolia.g.alchemy.com/v2/" + ALCHEMY);
        // an explicit URL beats everything
        EvmServedNetwork explicit = network(resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", networks,
                "INFURA_API_KEY", INFURA, "ALCHEMY_API_KEY", ALCHEMY,
                "EVM_RPC_URL_BASE_SEPOLIA", "http://127.0.0.1:8545")), "base-sepolia");
        assertThat(explicit.rpcSource()).isEqualTo(RpcSource.EXPLICIT);
        assertThat(explicit.rpcUrl()).hasToString("http://127.0.0.1:8545");
    }

    @Test
    void aProviderIsSkippedForANetworkItDoesNotServe() {
        // Alchemy and Infura do not serve Abstract: its public endpoint is used.
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "abstract,base",
                "ALCHEMY_API_KEY", ALCHEMY, "INFURA_API_KEY", INFURA));
        assertThat(network(s, "abstract").rpcSource()).isEqualTo(RpcSource.PUBLIC);
        assertThat(network(s, "base").rpcSource()).isEqualTo(EvmFamily.ALCHEMY);
    }

    @Test
    void environmentVariablesTakePrecedenceOverApplicationYml() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.port", 9000);
        props.set("x402j.evm.private-key", "0x" + "1".repeat(64));
        props.list("x402j.evm.networks", List.of("optimism"));
        props.map("x402j.evm.rpc-urls", Map.of("base-sepolia", "https://yml.example/rpc", "optimism", "https://yml.example/op"));
        props.set("x402j.evm.alchemy-api-key", "ymlAlchemy");

        ServerSettings ymlOnly = resolve(Map.of(), props);
        assertThat(ymlOnly.port()).isEqualTo(9000);
        assertThat(ResolvedFamilies.evmSigner(ymlOnly).orElseThrow().address()).isNotEqualTo(KEY_ADDRESS);
        assertThat(ResolvedFamilies.evmNetworks(ymlOnly)).extracting(n -> n.network().name()).containsExactly("optimism");
        assertThat(network(ymlOnly, "optimism").rpcUrl()).hasToString("https://yml.example/op");

        ServerSettings envWins = resolve(env("PORT", "9100", "EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base-sepolia, base",
                "EVM_RPC_URL_BASE_SEPOLIA", "https://env.example/rpc", "ALCHEMY_API_KEY", ALCHEMY), props);
        assertThat(envWins.port()).isEqualTo(9100);
        assertThat(ResolvedFamilies.evmSigner(envWins).orElseThrow().address()).isEqualTo(KEY_ADDRESS);
        assertThat(ResolvedFamilies.evmNetworks(envWins)).extracting(n -> n.network().name()).containsExactly("base-sepolia", "base");
        assertThat(network(envWins, "base-sepolia").rpcUrl()).hasToString("https://env.example/rpc");
        assertThat(network(envWins, "base").rpcUrl()).hasToString("https://base-mainnet.g.alchemy.com/v2/" + ALCHEMY);
    }

    @Test
    void ymlRpcUrlsAreUsedWhenNoEnvironmentVariableIsSet() {
        SettingsFile props = new SettingsFile();
        props.map("x402j.evm.rpc-urls", Map.of("base-sepolia", "http://127.0.0.1:9545"));
        EvmServedNetwork n = network(resolve(env("EVM_PRIVATE_KEY", KEY), props), "base-sepolia");
        assertThat(n.rpcSource()).isEqualTo(RpcSource.EXPLICIT);
        assertThat(n.rpcUrl()).hasToString("http://127.0.0.1:9545");
    }

    @Test
    void networksMayBeGivenByCaip2IdAndDuplicatesCollapse() {
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "eip155:84532,base-sepolia,,BASE"));
        assertThat(ResolvedFamilies.evmNetworks(s)).extracting(n -> n.network().name()).containsExactly("base-sepolia", "base");
    }

    @Test
    void theRpcVariableNameIsTheUpperCasedNetworkNameWithUnderscores() {
        assertThat(EvmFamily.RPC_URLS.envFor("base-sepolia")).isEqualTo("EVM_RPC_URL_BASE_SEPOLIA");
        assertThat(EvmFamily.RPC_URLS.envFor("skale-base-sepolia")).isEqualTo("EVM_RPC_URL_SKALE_BASE_SEPOLIA");
    }

    @Test
    void toStringShowsNoSecret() {
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base", "ALCHEMY_API_KEY", ALCHEMY));
        assertThat(s.toString()).doesNotContain(KEY.substring(2)).doesNotContain(ALCHEMY).contains(KEY_ADDRESS);
    }

    // ------------------------------------------------------------------------------------------------ bad settings

    @Test
    void aMalformedKeyIsOneSentenceNamingTheVariableAndNeverTheKey() {
        String bad = "0x" + "ab".repeat(31) + "zz";
        String message = failure(env("EVM_PRIVATE_KEY", bad));
        assertThat(message).isEqualTo(
                "EVM_PRIVATE_KEY is not a valid EVM private key (expected 64 hex digits, optionally prefixed with 0x).");
        assertThat(message).doesNotContain(bad).doesNotContain("abab");
        assertOneSentence(message);
    }

    @Test
    void aKeyOutOfRangeIsRefusedWithoutQuotingIt() {
        String zero = "0x" + "0".repeat(64);
        String message = failure(env("EVM_PRIVATE_KEY", zero));
        assertThat(message).isEqualTo(
                "EVM_PRIVATE_KEY is not a valid EVM private key (it must be between 1 and the secp256k1 group order).");
        String tooLarge = "f".repeat(64);
        assertThat(failure(env("EVM_PRIVATE_KEY", tooLarge))).doesNotContain(tooLarge).startsWith("EVM_PRIVATE_KEY ");
    }

    @Test
    void aKeyFromApplicationYmlIsNamedByItsKey() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.evm.private-key", "not-a-key");
        String message = failure(Map.of(), props);
        assertThat(message).startsWith("x402j.evm.private-key is not a valid EVM private key").doesNotContain("not-a-key");
    }

    @Test
    void anUnknownNetworkNameIsNamed() {
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base,bsae-sepolia"));
        assertThat(message).startsWith("EVM_NETWORKS names an unknown network 'bsae-sepolia' (known EVM networks: base, ")
                .doesNotContain(KEY.substring(2));
        assertOneSentence(message);
    }

    @Test
    void aNonEvmNetworkIsRefused() {
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "solana-devnet")))
                .isEqualTo("EVM_NETWORKS names 'solana-devnet', which is not an EVM network.");
    }

    @Test
    void anEmptyNetworkListIsRefused() {
        SettingsFile props = new SettingsFile();
        props.list("x402j.evm.networks", List.of());
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY), props))
                .isEqualTo("x402j.evm.networks names no network (for example base,base-sepolia).");
    }

    @Test
    void aMalformedRpcUrlIsNamedButNotQuoted() {
        String url = "ftp://secret-key@host/v2/abc";
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base", "EVM_RPC_URL_BASE", url));
        assertThat(message).isEqualTo("EVM_RPC_URL_BASE is not a valid http(s) URL with a host.");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base", "EVM_RPC_URL_BASE", "http://a b")))
                .isEqualTo("EVM_RPC_URL_BASE is not a valid http(s) URL with a host.");
    }

    @Test
    void anExplicitSettingMayListSeveralEndpointsInOrderOfPreference() {
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base", "ALCHEMY_API_KEY", ALCHEMY,
                "EVM_RPC_URL_BASE", " https://base-mainnet.g.alchemy.com/v2/KEY1 ,https://mainnet.base.org,"));
        EvmServedNetwork base = network(s, "base");
        assertThat(base.rpcSource()).as("an explicit list replaces the provider resolution").isEqualTo(RpcSource.EXPLICIT);
        assertThat(base.rpcUrls()).extracting(Object::toString)
                .containsExactly("https://base-mainnet.g.alchemy.com/v2/KEY1", "https://mainnet.base.org");
        assertThat(base.rpcUrl()).hasToString("https://base-mainnet.g.alchemy.com/v2/KEY1");
        assertThat(base.toString()).contains("https://base-mainnet.g.alchemy.com, https://mainnet.base.org")
                .doesNotContain("KEY1");
        assertThat(s.toString()).doesNotContain("KEY1");

        SettingsFile props = new SettingsFile();
        props.map("x402j.svm.rpc-urls", Map.of("solana-devnet", "https://devnet.helius-rpc.com/?api-key=K, https://api.devnet.solana.com"));
        ServedNetwork devnet = svmNetwork(resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1), props), "solana-devnet");
        assertThat(devnet.rpcUrls()).extracting(Object::toString)
                .containsExactly("https://devnet.helius-rpc.com/?api-key=K", "https://api.devnet.solana.com");
        assertThat(devnet.toString()).doesNotContain("api-key");
    }

    @Test
    void solanaMintsBesidesUsdcAreReadPerNetworkFromTheEnvironmentAndTheFile() {
        String usdt = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";
        String other = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-devnet,solana",
                "SVM_ASSETS_SOLANA_DEVNET", usdt + ", " + other));
        SolanaServing serving = s.family(SolanaServing.class).orElseThrow();
        assertThat(serving.assets().get(svmNetwork(s, "solana-devnet").network().chainId()))
                .extracting(dev.x402j.core.Asset::address).containsExactly(usdt, other);
        assertThat(serving.assets()).doesNotContainKey(svmNetwork(s, "solana").network().chainId());

        SettingsFile props = new SettingsFile();
        props.map("x402j.solana.assets", Map.of("solana", usdt));
        ServerSettings fromFile = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana"), props);
        assertThat(fromFile.family(SolanaServing.class).orElseThrow().assets().get(
                        svmNetwork(fromFile, "solana").network().chainId()))
                .extracting(dev.x402j.core.Asset::address).containsExactly(usdt);

        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_ASSETS_SOLANA_DEVNET", "0xabc")))
                .isEqualTo("SVM_ASSETS_SOLANA_DEVNET holds '0xabc', which is not a Solana mint address (base58 of 32"
                        + " bytes).");
    }

    @Test
    void aBadEndpointInAListIsNamedByPositionButNotQuoted() {
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base",
                "EVM_RPC_URL_BASE", "https://a.example/v2/SECRET, ftp://b.example/SECRET")))
                .isEqualTo("EVM_RPC_URL_BASE URL 2 of 2 is not a valid http(s) URL with a host.");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base",
                "EVM_RPC_URL_BASE", "https://a.example/SECRET,https://b.example,https://a.example/SECRET")))
                .isEqualTo("EVM_RPC_URL_BASE lists the same URL twice (URLs 1 and 3).");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base", "EVM_RPC_URL_BASE", " , ,")))
                .isEqualTo("EVM_RPC_URL_BASE holds no URL (expected http(s) URLs, comma separated).");
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1,
                "SVM_RPC_URL_SOLANA_DEVNET", "https://devnet.helius-rpc.com/?api-key=SECRET,http://")))
                .isEqualTo("SVM_RPC_URL_SOLANA_DEVNET URL 2 of 2 is not a valid http(s) URL with a host.");
    }

    @Test
    void anRpcUrlForAnUnknownNetworkInApplicationYmlIsNamed() {
        SettingsFile props = new SettingsFile();
        props.map("x402j.evm.rpc-urls", Map.of("basesepolia", "https://example.org"));
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY), props))
                .startsWith("x402j.evm.rpc-urls names an unknown network 'basesepolia'");
    }

    @Test
    void aNetworkWithNoRpcSourceIsNamedWithTheVariableToSet() {
        // peaq has no public endpoint in x402j's table, and neither Alchemy nor Infura serves it.
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "peaq", "ALCHEMY_API_KEY", ALCHEMY));
        assertThat(message).isEqualTo(
                "EVM network 'peaq' has no RPC URL (set EVM_RPC_URL_PEAQ or x402j.eip155.rpc-urls.peaq).");
        assertThat(message).doesNotContain(ALCHEMY);
    }

    @Test
    void aMalformedApiKeyIsNamedButNotQuoted() {
        String key = "abc/def?x=1";
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "ALCHEMY_API_KEY", key));
        assertThat(message)
                .isEqualTo("ALCHEMY_API_KEY is not a valid API key (expected only letters, digits, '-' and '_').");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "INFURA_API_KEY", "a b"))).startsWith("INFURA_API_KEY is not");
    }

    @Test
    void aBadPortOrModeIsNamed() {
        assertThat(failure(env("PORT", "80a"))).isEqualTo("PORT must be a TCP port from 1 to 65535, not '80a'.");
        assertThat(failure(env("PORT", "70000"))).isEqualTo("PORT must be a TCP port from 1 to 65535, not '70000'.");
        assertThat(failure(env("X402J_MODE", "prod"))).isEqualTo("X402J_MODE must be auto, dev or live, not 'prod'.");
        assertThat(failure(env("X402J_MODE", "live"))).isEqualTo("X402J_MODE is live but no private key is set (set"
                + " EVM_PRIVATE_KEY or SVM_PRIVATE_KEY, or x402j.eip155.private-key or x402j.solana.private-key).");
    }

    @Test
    void aNonPositiveDurationIsNamed() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.confirm-timeout", Duration.ZERO);
        assertThat(failure(Map.of(), props)).isEqualTo("x402j.confirm-timeout must be a positive duration such as 30s, not PT0S.");
    }

    @Test
    void durationsInApplicationYmlAreReadFromTheirText() {
        Map<String, Duration> forms = Map.of("30s", Duration.ofSeconds(30), "500ms", Duration.ofMillis(500),
                "2m", Duration.ofMinutes(2), "PT45S", Duration.ofSeconds(45), " 1h ", Duration.ofHours(1));
        forms.forEach((text, expected) -> {
            ServerSettings s = resolve(Map.of(), new SettingsFile().set("x402j.confirm-timeout", text)
                    .set("x402j.reconcile-interval", text).set("x402j.rpc-timeout", text)
                    .set("x402j.rpc-call-deadline", text));
            assertThat(s.confirmTimeout()).as(text).isEqualTo(expected);
            assertThat(s.reconcileInterval()).as(text).isEqualTo(expected);
            assertThat(s.rpcOptions().requestTimeout()).as(text).isEqualTo(expected);
            assertThat(s.rpcOptions().callTimeout()).as(text).isEqualTo(expected);
        });
        assertThat(failure(Map.of(), new SettingsFile().set("x402j.confirm-timeout", "soon")))
                .isEqualTo("x402j.confirm-timeout must be a positive duration such as 30s, 500ms or 2m, not 'soon'.");
        assertThat(failure(Map.of(), new SettingsFile().set("x402j.confirm-timeout", "0s")))
                .isEqualTo("x402j.confirm-timeout must be a positive duration such as 30s, not PT0S.");
    }

    @Test
    void aBadPortOrModeInApplicationYmlIsNamedByItsKey() {
        assertThat(failure(Map.of(), new SettingsFile().set("x402j.port", "eighty")))
                .isEqualTo("x402j.port must be a TCP port from 1 to 65535, not 'eighty'.");
        assertThat(failure(Map.of(), new SettingsFile().set("x402j.mode", "prod")))
                .isEqualTo("x402j.mode must be auto, dev or live, not 'prod'.");
        assertThat(resolve(env("X402J_MODE", "dev"), new SettingsFile().set("x402j.mode", "prod")).mode())
                .as("the variable hides the key").isEqualTo(Mode.DEV);
    }

    @Test
    void severalProblemsAreListedInOneSentence() {
        String bad = "0x1234";
        String message = failure(env("EVM_PRIVATE_KEY", bad, "EVM_NETWORKS", "nowhere", "PORT", "-1"));
        assertThat(message).startsWith("3 settings are wrong: PORT must be")
                .contains("EVM_PRIVATE_KEY is not a valid EVM private key")
                .contains("EVM_NETWORKS names an unknown network 'nowhere'")
                .doesNotContain("0x1234");
        assertOneSentence(message);
    }

    // ------------------------------------------------------------------------------------------------ Solana

    @Test
    void aSolanaKeyAloneServesSolanaDevnetOnItsPublicEndpoint() {
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1));
        assertThat(s.mode()).isEqualTo(Mode.LIVE);
        assertThat(ResolvedFamilies.svmSigners(s)).extracting(dev.x402j.core.ChainSigner::address).containsExactly(SVM_ADDRESS_1);
        assertThat(ResolvedFamilies.svmNetworks(s)).extracting(n -> n.network().name()).containsExactly("solana-devnet");
        assertThat(svmNetwork(s, "solana-devnet").rpcUrl()).hasToString("https://api.devnet.solana.com");
        assertThat(svmNetwork(s, "solana-devnet").rpcSource()).isEqualTo(RpcSource.PUBLIC);
        assertThat(ResolvedFamilies.evmSigner(s)).as("no EVM key, no EVM").isEmpty();
        assertThat(ResolvedFamilies.evmNetworks(s)).isEmpty();
    }

    @Test
    void evmAndSolanaAreServedTogetherWhenBothKeysAreSet() {
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base-sepolia",
                "SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-devnet,solana"));
        assertThat(s.mode()).isEqualTo(Mode.LIVE);
        assertThat(ResolvedFamilies.evmSigner(s).orElseThrow().address()).isEqualTo(KEY_ADDRESS);
        assertThat(ResolvedFamilies.evmNetworks(s)).extracting(n -> n.network().name()).containsExactly("base-sepolia");
        assertThat(ResolvedFamilies.svmSigners(s)).extracting(dev.x402j.core.ChainSigner::address).containsExactly(SVM_ADDRESS_1);
        assertThat(ResolvedFamilies.svmNetworks(s)).extracting(n -> n.network().name()).containsExactly("solana-devnet", "solana");
        assertThat(svmNetwork(s, "solana").rpcUrl()).hasToString("https://api.mainnet-beta.solana.com");
    }

    @Test
    void severalEvmKeysSettleInRotationInTheirOrder() {
        String key2 = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil's account 1, no 0x
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", " " + key2 + " ,, " + KEY + ","));
        assertThat(ResolvedFamilies.evmSigners(s)).extracting(dev.x402j.core.ChainSigner::address)
                .containsExactly("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", KEY_ADDRESS);
        assertThat(ResolvedFamilies.evmSigner(s).orElseThrow().address()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(s.toString()).contains(KEY_ADDRESS).doesNotContain(key2).doesNotContain(KEY.substring(2));
    }

    @Test
    void aBadEvmKeyAmongSeveralIsNamedByPositionAndNeverQuoted() {
        String bad = "0x" + "zz".repeat(32);
        String zero = "0x" + "00".repeat(32);
        String message = failure(env("EVM_PRIVATE_KEY", KEY + "," + bad + "," + zero + "," + KEY));
        assertThat(message)
                .contains("EVM_PRIVATE_KEY key 2 of 4 is not a valid EVM private key (expected 64 hex digits")
                .contains("EVM_PRIVATE_KEY key 3 of 4 is not a valid EVM private key (it must be between 1 and the")
                .contains("EVM_PRIVATE_KEY lists the same key twice (keys 1 and 4)")
                .doesNotContain(bad).doesNotContain(KEY.substring(2)).doesNotContain("zzzz");
        assertThat(failure(env("EVM_PRIVATE_KEY", " , "))).startsWith("EVM_PRIVATE_KEY holds no key");
    }

    @Test
    void severalSolanaKeysAreFeePayersInTheirOrderAndBothKeyFormsAreRead() {
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", " " + SVM_KEY_2 + " ,, " + SVM_KEY_1 + ","));
        assertThat(ResolvedFamilies.svmSigners(s)).extracting(dev.x402j.core.ChainSigner::address)
                .containsExactly(SVM_ADDRESS_2, SVM_ADDRESS_1);
    }

    @Test
    void solanaRpcResolutionOrderIsExplicitThenHeliusThenPublic() {
        // public only
        assertThat(svmNetwork(resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana")), "solana"))
                .extracting(ServedNetwork::rpcSource).isEqualTo(RpcSource.PUBLIC);
        // Helius beats public, on mainnet and devnet
        ServerSettings helius = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana,solana-devnet",
                "HELIUS_API_KEY", HELIUS));
        assertThat(svmNetwork(helius, "solana").rpcSource()).isEqualTo(SolanaFamily.HELIUS);
        assertThat(svmNetwork(helius, "solana").rpcUrl()).hasToString("https://mainnet.helius-rpc.com/?api-key=" + HELIUS);
        assertThat(svmNetwork(helius, "solana-devnet").rpcUrl())
                .hasToString("https://devnet.helius-rpc.com/?api-key=" + HELIUS);
        // Helius does not serve testnet: its public endpoint is used
        ServedNetwork testnet = svmNetwork(resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-testnet",
                "HELIUS_API_KEY", HELIUS)), "solana-testnet");
        assertThat(testnet.rpcSource()).isEqualTo(RpcSource.PUBLIC);
        assertThat(testnet.rpcUrl()).hasToString("https://api.testnet.solana.com");
        // an explicit URL beats everything
        ServedNetwork explicit = svmNetwork(resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-devnet",
                "HELIUS_API_KEY", HELIUS, "SVM_RPC_URL_SOLANA_DEVNET", "http://127.0.0.1:8899")), "solana-devnet");
        assertThat(explicit.rpcSource()).isEqualTo(RpcSource.EXPLICIT);
        assertThat(explicit.rpcUrl()).hasToString("http://127.0.0.1:8899");
    }

    @Test
    void solanaEnvironmentVariablesTakePrecedenceOverApplicationYml() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.svm.private-key", SVM_KEY_2);
        props.list("x402j.svm.networks", List.of("solana"));
        props.map("x402j.svm.rpc-urls", Map.of("solana", "https://yml.example/sol", "solana-devnet", "https://yml.example/dev"));
        props.set("x402j.svm.helius-api-key", "ymlHelius");

        ServerSettings ymlOnly = resolve(Map.of(), props);
        assertThat(ymlOnly.mode()).isEqualTo(Mode.LIVE);
        assertThat(ResolvedFamilies.svmSigners(ymlOnly)).extracting(dev.x402j.core.ChainSigner::address).containsExactly(SVM_ADDRESS_2);
        assertThat(ResolvedFamilies.svmNetworks(ymlOnly)).extracting(n -> n.network().name()).containsExactly("solana");
        assertThat(svmNetwork(ymlOnly, "solana").rpcUrl()).hasToString("https://yml.example/sol");

        ServerSettings envWins = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-devnet, solana-testnet",
                "SVM_RPC_URL_SOLANA_DEVNET", "https://env.example/dev", "HELIUS_API_KEY", HELIUS), props);
        assertThat(ResolvedFamilies.svmSigners(envWins)).extracting(dev.x402j.core.ChainSigner::address).containsExactly(SVM_ADDRESS_1);
        assertThat(ResolvedFamilies.svmNetworks(envWins)).extracting(n -> n.network().name())
                .containsExactly("solana-devnet", "solana-testnet");
        assertThat(svmNetwork(envWins, "solana-devnet").rpcUrl()).hasToString("https://env.example/dev");

        // Without the environment's Helius key, yml's is used.
        props.map("x402j.svm.rpc-urls", Map.of());
        assertThat(svmNetwork(resolve(Map.of(), props), "solana").rpcUrl())
                .hasToString("https://mainnet.helius-rpc.com/?api-key=ymlHelius");
    }

    @Test
    void solanaNetworksMayBeGivenByCaip2IdAndDuplicatesCollapse() {
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1,
                "SVM_NETWORKS", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1,solana-devnet,,SOLANA"));
        assertThat(ResolvedFamilies.svmNetworks(s)).extracting(n -> n.network().name()).containsExactly("solana-devnet", "solana");
    }

    @Test
    void theSolanaRpcVariableNameIsTheUpperCasedNetworkNameWithUnderscores() {
        assertThat(SolanaFamily.RPC_URLS.envFor("solana-devnet")).isEqualTo("SVM_RPC_URL_SOLANA_DEVNET");
        assertThat(SolanaFamily.RPC_URLS.envFor("solana")).isEqualTo("SVM_RPC_URL_SOLANA");
    }

    @Test
    void devModeCanBeForcedEvenWithASolanaKey() {
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1, "X402J_MODE", "dev"));
        assertThat(s.mode()).isEqualTo(Mode.DEV);
        assertThat(ResolvedFamilies.svmSigners(s)).isEmpty();
    }

    @Test
    void toStringShowsNoSolanaSecret() {
        ServerSettings s = resolve(env("SVM_PRIVATE_KEY", SVM_KEY_1 + "," + SVM_KEY_2, "SVM_NETWORKS", "solana",
                "HELIUS_API_KEY", HELIUS));
        assertThat(s.toString()).doesNotContain(SVM_KEY_1).doesNotContain(SVM_KEY_2).doesNotContain(HELIUS)
                .contains(SVM_ADDRESS_1).contains(SVM_ADDRESS_2).contains("rpc helius https://mainnet.helius-rpc.com)");
    }

    @Test
    void aMalformedSolanaKeyIsOneSentenceNamingTheVariableAndNeverTheKey() {
        for (String bad : List.of("0OIl" + SVM_KEY_1.substring(4), SVM_KEY_1.substring(0, 20), SVM_KEY_1 + "2222")) {
            String message = failure(env("SVM_PRIVATE_KEY", bad));
            assertThat(message).isEqualTo("SVM_PRIVATE_KEY is not a valid Solana secret key"
                    + " (expected base58 of a 64-byte keypair or a 32-byte seed).");
            assertThat(message).doesNotContain(bad.substring(4, 12));
            assertOneSentence(message);
        }
        SettingsFile props = new SettingsFile();
        props.set("x402j.svm.private-key", "not-a-key");
        assertThat(failure(Map.of(), props)).startsWith("x402j.svm.private-key is not a valid Solana secret key")
                .doesNotContain("not-a-key");
    }

    @Test
    void aBadKeyAmongSeveralIsNamedByItsPositionAndARepeatedKeyIsRefused() {
        String message = failure(env("SVM_PRIVATE_KEY", SVM_KEY_1 + ",xyz0"));
        assertThat(message).isEqualTo("SVM_PRIVATE_KEY key 2 of 2 is not a valid Solana secret key"
                + " (expected base58 of a 64-byte keypair or a 32-byte seed).");
        // The same key, once as a seed and once as a keypair, is the same fee payer.
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1 + "," + SVM_KEY_2 + "," + SolanaKeys.keypair(SEED_1))))
                .isEqualTo("SVM_PRIVATE_KEY lists the same key twice (keys 1 and 3).");
        assertThat(failure(env("SVM_PRIVATE_KEY", " , ,")))
                .isEqualTo("SVM_PRIVATE_KEY holds no key (expected base58 secret keys, comma separated).");
    }

    @Test
    void aNonSolanaOrUnknownNetworkInSvmNetworksIsRefused() {
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "base-sepolia")))
                .isEqualTo("SVM_NETWORKS names 'base-sepolia', which is not a Solana network.");
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-devnet,eip155:8453")))
                .isEqualTo("SVM_NETWORKS names 'eip155:8453', which is not a Solana network.");
        String unknown = failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_NETWORKS", "solana-mainnet"));
        assertThat(unknown).isEqualTo("SVM_NETWORKS names an unknown network 'solana-mainnet'"
                + " (known Solana networks: solana, solana-devnet, solana-testnet).");
        assertOneSentence(unknown);
        SettingsFile props = new SettingsFile();
        props.list("x402j.svm.networks", List.of());
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1), props))
                .isEqualTo("x402j.svm.networks names no network (for example solana-devnet).");
    }

    @Test
    void aSolanaNetworkWithNoRpcSourceIsNamedWithTheVariableToSet() {
        // A custom Solana network in the family's catalogue: no provider or public endpoint knows it.
        Network local = Network.of("solana-local", ChainId.parse("solana:Gg6i4WYERWQeDT35sy1D12SDRW57p1Dh"), true,
                Asset.of(SVM_ADDRESS_2, "USDC", 6));
        List<ChainFamily> families = ChainFamilies.onClassPath().stream()
                .map(f -> f instanceof SolanaFamily ? ResolvedFamilies.withNetwork(f, local) : f).toList();
        String message = "";
        try {
            ServerSettings.resolve(SettingSource.of(Map.of("SVM_PRIVATE_KEY", SVM_KEY_1,
                    "SVM_NETWORKS", "solana-local", "HELIUS_API_KEY", HELIUS), Map.of()), families);
        } catch (SettingsException e) {
            message = e.getMessage();
        }
        assertThat(message).isEqualTo("Solana network 'solana-local' has no RPC URL"
                + " (set SVM_RPC_URL_SOLANA_LOCAL or x402j.solana.rpc-urls.solana-local).");
        // With its URL it is served.
        Map<String, String> withUrl = env("SVM_PRIVATE_KEY", SVM_KEY_1,
                "SVM_NETWORKS", "solana-local", "SVM_RPC_URL_SOLANA_LOCAL", "http://127.0.0.1:8899");
        ServerSettings s = ServerSettings.resolve(SettingSource.of(withUrl, Map.of()), families);
        assertThat(svmNetwork(s, "solana-local").rpcSource()).isEqualTo(RpcSource.EXPLICIT);
    }

    @Test
    void badSolanaRpcUrlsAndHeliusKeysAreNamedButNotQuoted() {
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "SVM_RPC_URL_SOLANA_DEVNET", "ws://secret@host/x")))
                .isEqualTo("SVM_RPC_URL_SOLANA_DEVNET is not a valid http(s) URL with a host.");
        String key = "abc/def?x=1";
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1, "HELIUS_API_KEY", key)))
                .isEqualTo("HELIUS_API_KEY is not a valid API key (expected only letters, digits, '-' and '_').");
        SettingsFile props = new SettingsFile();
        props.map("x402j.svm.rpc-urls", Map.of("solana-devnt", "https://example.org"));
        assertThat(failure(env("SVM_PRIVATE_KEY", SVM_KEY_1), props))
                .startsWith("x402j.svm.rpc-urls names an unknown network 'solana-devnt' (known Solana networks: solana,");
    }

    @Test
    void solanaAndEvmProblemsAreListedInOneSentence() {
        String message = failure(env("EVM_PRIVATE_KEY", "0x1234", "SVM_PRIVATE_KEY", "zzz", "SVM_NETWORKS", "base"));
        assertThat(message).startsWith("3 settings are wrong: EVM_PRIVATE_KEY is not a valid EVM private key")
                .contains("SVM_PRIVATE_KEY is not a valid Solana secret key")
                .contains("SVM_NETWORKS names 'base', which is not a Solana network")
                .doesNotContain("zzz");
        assertOneSentence(message);
    }

    // ------------------------------------------------------------------------------------------------ settlement safety

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    @Test
    void settlementSafetyDefaultsAreTheLibrarysAndThereIsNoFeeCap() {
        for (ServerSettings s : List.of(resolve(Map.of()), resolve(env("EVM_PRIVATE_KEY", KEY, "SVM_PRIVATE_KEY", SVM_KEY_1)))) {
            assertThat(s.reconcileReplaceAfter()).isEqualTo(Duration.ofMinutes(3));
            assertThat(s.rpcOptions()).isEqualTo(RpcOptions.defaults());
            assertThat(s.rpcOptions().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.rpcOptions().callTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(ResolvedFamilies.evmMaxFeePerGas(s)).isEmpty();
            assertThat(ResolvedFamilies.evmNetworks(s)).allMatch(n -> n.maxFeePerGas() == null);
            assertThat(s.toString()).contains("reconcileReplaceAfter=PT3M, rpcTimeout=PT10S, rpcCallDeadline=PT15S")
                    .doesNotContain("MaxFeePerGas").doesNotContain("max fee");
        }
    }

    @Test
    void settlementSafetyEnvironmentVariablesTakePrecedenceOverApplicationYml() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.reconcile-replace-after", Duration.ofMinutes(10));
        props.set("x402j.rpc-timeout", Duration.ofSeconds(4));
        props.set("x402j.rpc-call-deadline", Duration.ofSeconds(8));
        props.set("x402j.evm.max-fee-per-gas", "150gwei");

        ServerSettings yml = resolve(env("EVM_PRIVATE_KEY", KEY, "SVM_PRIVATE_KEY", SVM_KEY_1), props);
        assertThat(yml.reconcileReplaceAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(yml.rpcOptions()).isEqualTo(RpcOptions.defaults()
                .withRequestTimeout(Duration.ofSeconds(4)).withCallTimeout(Duration.ofSeconds(8)));
        assertThat(ResolvedFamilies.evmMaxFeePerGas(yml)).contains(gwei(150));
        assertThat(ResolvedFamilies.evmNetworks(yml)).extracting(EvmServedNetwork::maxFeePerGas).containsOnly(gwei(150));

        ServerSettings env = resolve(env("EVM_PRIVATE_KEY", KEY, "SVM_PRIVATE_KEY", SVM_KEY_1,
                "X402J_RECONCILE_REPLACE_AFTER", "90s", "X402J_RPC_TIMEOUT", "2500ms", "X402J_RPC_CALL_DEADLINE", "PT1M",
                "EVM_MAX_FEE_PER_GAS", "200000000000"), props);
        assertThat(env.reconcileReplaceAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(env.rpcOptions().requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(env.rpcOptions().callTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(env.rpcOptions().withRequestTimeout(RpcOptions.defaults().requestTimeout())
                .withCallTimeout(RpcOptions.defaults().callTimeout()))
                .as("only the timeout and the deadline change").isEqualTo(RpcOptions.defaults());
        assertThat(ResolvedFamilies.evmMaxFeePerGas(env)).contains(gwei(200));
        assertThat(ResolvedFamilies.evmNetworks(env)).extracting(EvmServedNetwork::maxFeePerGas).containsOnly(gwei(200));
        assertThat(env.toString()).contains("reconcileReplaceAfter=PT1M30S, rpcTimeout=PT2.5S, rpcCallDeadline=PT1M").contains("max fee per gas 200 gwei");
    }

    @Test
    void theSettlementSafetySettingsApplyInDevModeToo() {
        ServerSettings dev = resolve(env("EVM_MAX_FEE_PER_GAS", "2gwei", "X402J_RECONCILE_REPLACE_AFTER", "5m",
                "X402J_RPC_TIMEOUT", "3s"));
        assertThat(dev.mode()).isEqualTo(Mode.DEV);
        assertThat(ResolvedFamilies.evmMaxFeePerGas(dev)).contains(gwei(2));
        assertThat(dev.reconcileReplaceAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(dev.rpcOptions().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(failure(env("EVM_MAX_FEE_PER_GAS", "cheap")))
                .as("a bad value stops dev mode too").startsWith("EVM_MAX_FEE_PER_GAS must be a fee per gas");
    }

    @Test
    void aFeePerGasIsReadExactlyInWeiOrGwei() {
        Map<String, String> exact = new java.util.LinkedHashMap<>();
        exact.put("200000000000", "200000000000");
        exact.put(" 200000000000 ", "200000000000");
        exact.put("1000wei", "1000");
        exact.put("1", "1");
        exact.put("200gwei", "200000000000");
        exact.put("200 GWei", "200000000000");
        exact.put("1.5gwei", "1500000000");
        exact.put("0.1gwei", "100000000");
        exact.put("0.000000001gwei", "1");
        exact.put("1.000000001gwei", "1000000001");
        exact.put("1.500000000000gwei", "1500000000"); // trailing zeros past wei are still whole wei
        exact.put("7.0", "7");
        exact.put("123456789.987654321gwei", "123456789987654321");
        exact.put(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).toString(),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).toString());
        exact.forEach((text, wei) -> assertThat(parseWeiPerGas("EVM_MAX_FEE_PER_GAS", text))
                .as(text).isEqualTo(new BigInteger(wei)));
    }

    @Test
    void aFeePerGasThatIsNotAWholeNumberOfWeiIsRefusedNeverRounded() {
        assertThat(parseFailure("1.0000000005gwei"))
                .isEqualTo("EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '1.0000000005gwei'"
                        + " (1000000000.5 wei).");
        assertThat(parseFailure("0.0000000001gwei"))
                .isEqualTo("EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '0.0000000001gwei' (0.1 wei).");
        assertThat(parseFailure("1.5")).isEqualTo("EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '1.5'"
                + " (1.5 wei).");
        assertThat(parseFailure("2.5wei")).startsWith("EVM_MAX_FEE_PER_GAS must come to a whole number of wei");
    }

    @Test
    void aMalformedZeroOrOversizedFeePerGasIsNamed() {
        for (String bad : List.of("cheap", "-1", "1e9", "200 eth", "0x2e90edd000", "gwei", ".5gwei", "1,5gwei",
                "200gweigwei", "1_000")) {
            assertThat(parseFailure(bad)).as(bad).isEqualTo("EVM_MAX_FEE_PER_GAS must be a fee per gas in wei such as"
                    + " 200000000000, or in gwei such as 200gwei or 1.5gwei, not '" + bad.strip() + "'.");
        }
        assertThat(parseFailure("0")).isEqualTo("EVM_MAX_FEE_PER_GAS must be a positive fee per gas, not '0'.");
        assertThat(parseFailure("0.0gwei")).isEqualTo("EVM_MAX_FEE_PER_GAS must be a positive fee per gas, not '0.0gwei'.");
        String tooLarge = BigInteger.ONE.shiftLeft(256).toString();
        assertThat(parseFailure(tooLarge))
                .isEqualTo("EVM_MAX_FEE_PER_GAS must be at most 2^256-1 wei, not '" + tooLarge + "'.");
        assertThat(parseFailure("1" + "0".repeat(80))).startsWith("EVM_MAX_FEE_PER_GAS must be a fee per gas in wei");
    }

    private static String parseFailure(String text) {
        try {
            parseWeiPerGas("EVM_MAX_FEE_PER_GAS", text);
        } catch (SettingsException e) {
            assertOneSentence(e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("expected a SettingsException for '" + text + "'");
    }

    @Test
    void aBadFeeCapIsOneSentenceNamingItsSetting() {
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_FEE_PER_GAS", "1.5"));
        assertThat(message).isEqualTo("EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '1.5' (1.5 wei).")
                .doesNotContain(KEY.substring(2));
        SettingsFile props = new SettingsFile();
        props.set("x402j.evm.max-fee-per-gas", "lots");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY), props)).isEqualTo("x402j.evm.max-fee-per-gas must be a fee per"
                + " gas in wei such as 200000000000, or in gwei such as 200gwei or 1.5gwei, not 'lots'.");
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_FEE_PER_GAS", "0gwei"), props))
                .as("the variable, not the key it hides, is named")
                .isEqualTo("EVM_MAX_FEE_PER_GAS must be a positive fee per gas, not '0gwei'.");
    }

    @Test
    void aNetworksOwnFeeCapGoesBeforeTheGlobalOne() {
        SettingsFile props = new SettingsFile();
        props.map("x402j.evm.max-fees-per-gas", Map.of("base", "30gwei", "base_sepolia", "40gwei", "optimism", "1gwei"));
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base,base-sepolia,eip155:31337,arbitrum",
                "EVM_RPC_URL_EIP155_31337", "http://127.0.0.1:8545",
                "EVM_MAX_FEE_PER_GAS", "100gwei",
                "EVM_MAX_FEE_PER_GAS_BASE_SEPOLIA", "50gwei",
                "EVM_MAX_FEE_PER_GAS_EIP155_31337", "1000000"), props);
        assertThat(network(s, "base").maxFeePerGas()).as("yml's own").isEqualTo(gwei(30));
        assertThat(network(s, "base-sepolia").maxFeePerGas()).as("the variable over yml's own").isEqualTo(gwei(50));
        assertThat(network(s, "eip155-31337").maxFeePerGas()).as("a custom chain's variable")
                .isEqualTo(BigInteger.valueOf(1_000_000));
        assertThat(network(s, "arbitrum").maxFeePerGas()).as("the global cap").isEqualTo(gwei(100));
        assertThat(ResolvedFamilies.evmMaxFeePerGas(s)).contains(gwei(100));
        assertThat(network(s, "eip155-31337").toString()).endsWith(", max fee per gas 1000000 wei)");

        // Without a global cap, a network without its own has none.
        ServerSettings noGlobal = resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_FEE_PER_GAS_BASE", "10gwei"));
        assertThat(network(noGlobal, "base").maxFeePerGas()).isEqualTo(gwei(10));
        assertThat(network(noGlobal, "base-sepolia").maxFeePerGas()).isNull();
        assertThat(EvmFamily.MAX_FEES_PER_GAS.envFor("base-sepolia")).isEqualTo("EVM_MAX_FEE_PER_GAS_BASE_SEPOLIA");
    }

    @Test
    void aBadPerNetworkFeeCapIsNamedByItsVariableOrKey() {
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_FEE_PER_GAS_BASE", "1.2345678901gwei")))
                .isEqualTo("EVM_MAX_FEE_PER_GAS_BASE must come to a whole number of wei, not '1.2345678901gwei'"
                        + " (1234567890.1 wei).");
        SettingsFile props = new SettingsFile();
        props.map("x402j.evm.max-fees-per-gas", Map.of("base-sepolia", "free"));
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY), props)).startsWith(
                "x402j.evm.max-fees-per-gas.base-sepolia must be a fee per gas in wei such as 200000000000");
        props.map("x402j.evm.max-fees-per-gas", Map.of("bsae", "1gwei"));
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY), props))
                .startsWith("x402j.evm.max-fees-per-gas names an unknown network 'bsae' (known EVM networks: base, ");
    }

    @Test
    void theGasCapIsReadAndABadOneNamed() {
        assertThat(network(resolve(env("EVM_PRIVATE_KEY", KEY)), "base").maxGas()).isEqualTo(200_000);
        assertThat(network(resolve(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_GAS", "150000")), "base-sepolia").maxGas())
                .isEqualTo(150_000);
        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_GAS", "20000")))
                .isEqualTo("EVM_MAX_GAS must be a whole number of gas of at least 21000 such as 200000, not '20000'.");
    }

    @Test
    void aNetworksExtraAssetsAreReadFromItsVariableOrKey() {
        String token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        SettingsFile props = new SettingsFile();
        props.map("x402j.eip155.assets", Map.of("base", token + ":TUSD:6:Test USD:1"));
        ServerSettings s = resolve(env("EVM_PRIVATE_KEY", KEY,
                "EVM_ASSETS_BASE_SEPOLIA", token + ":EURC:6:EURC:2, 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512:X:18:X:1"),
                props);
        assertThat(network(s, "base").assets()).containsExactly(dev.x402j.core.Asset.eip712(token, "TUSD", 6, "Test USD", "1"));
        assertThat(network(s, "base-sepolia").assets()).extracting(dev.x402j.core.Asset::symbol).containsExactly("EURC", "X");
        assertThat(EvmFamily.ASSETS.envFor("base-sepolia")).isEqualTo("EVM_ASSETS_BASE_SEPOLIA");

        assertThat(failure(env("EVM_PRIVATE_KEY", KEY, "EVM_ASSETS_BASE", token + ":TUSD:6")))
                .startsWith("EVM_ASSETS_BASE entry '" + token + ":TUSD:6' must have 5 parts, 0xADDRESS:SYMBOL:DECIMALS");
    }

    @Test
    void aNonPositiveReplaceAfterIsNamed() {
        assertThat(failure(env("X402J_RECONCILE_REPLACE_AFTER", "0s")))
                .isEqualTo("X402J_RECONCILE_REPLACE_AFTER must be a positive duration such as 30s, not PT0S.");
        assertThat(failure(env("X402J_RECONCILE_REPLACE_AFTER", "later"))).isEqualTo(
                "X402J_RECONCILE_REPLACE_AFTER must be a positive duration such as 30s, 500ms or 2m, not 'later'.");
        SettingsFile props = new SettingsFile();
        props.set("x402j.reconcile-replace-after", Duration.ofMinutes(-3));
        assertThat(failure(Map.of(), props))
                .isEqualTo("x402j.reconcile-replace-after must be a positive duration such as 30s, not PT-3M.");
    }

    @Test
    void badRpcTimeoutsAreNamed() {
        assertThat(failure(env("X402J_RPC_TIMEOUT", "soon")))
                .isEqualTo("X402J_RPC_TIMEOUT must be a positive duration such as 30s, 500ms or 2m, not 'soon'.");
        assertThat(failure(env("X402J_RPC_CALL_DEADLINE", "0ms")))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must be a positive duration such as 30s, not PT0S.");
        SettingsFile props = new SettingsFile();
        props.set("x402j.rpc-timeout", Duration.ZERO);
        assertThat(failure(Map.of(), props))
                .isEqualTo("x402j.rpc-timeout must be a positive duration such as 30s, not PT0S.");
    }

    @Test
    void theCallDeadlineMustNotBeShorterThanTheRequestTimeout() {
        assertThat(failure(env("X402J_RPC_TIMEOUT", "10s", "X402J_RPC_CALL_DEADLINE", "5s")))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must not be shorter than X402J_RPC_TIMEOUT (5s < 10s).");
        assertThat(failure(env("X402J_RPC_TIMEOUT", "20s")))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must not be shorter than X402J_RPC_TIMEOUT (15s by default < 20s).");
        assertThat(failure(env("X402J_RPC_CALL_DEADLINE", "1500ms")))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must not be shorter than X402J_RPC_TIMEOUT (1500ms < 10s by default).");
        SettingsFile props = new SettingsFile();
        props.set("x402j.rpc-timeout", Duration.ofSeconds(30));
        props.set("x402j.rpc-call-deadline", Duration.ofSeconds(20));
        String message = failure(Map.of(), props);
        assertThat(message)
                .isEqualTo("x402j.rpc-call-deadline must not be shorter than x402j.rpc-timeout (20s < 30s).");
        assertOneSentence(message);
        // Equal is fine; a bad value is reported alone, not compared as well.
        assertThat(resolve(env("X402J_RPC_TIMEOUT", "15s")).rpcOptions().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(failure(env("X402J_RPC_TIMEOUT", "20s", "X402J_RPC_CALL_DEADLINE", "never")))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must be a positive duration such as 30s, 500ms or 2m, not 'never'.");
    }

    @Test
    void settlementSafetyProblemsJoinTheOthersInOneSentence() {
        String message = failure(env("EVM_PRIVATE_KEY", KEY, "EVM_MAX_FEE_PER_GAS", "1.5", "X402J_RPC_TIMEOUT", "x",
                "X402J_RECONCILE_REPLACE_AFTER", "-1m"));
        assertThat(message).startsWith("3 settings are wrong: ")
                .contains("X402J_RECONCILE_REPLACE_AFTER must be")
                .contains("X402J_RPC_TIMEOUT must be")
                .contains("EVM_MAX_FEE_PER_GAS must come to a whole number of wei");
        assertOneSentence(message);
    }

    private static void assertOneSentence(String message) {
        assertThat(message).endsWith(".").doesNotContain("\n");
        assertThat(message.substring(0, message.length() - 1)).doesNotContain(". ");
    }
}
