package dev.x402j.solana;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Network;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.FamilyContext;
import dev.x402j.core.family.NetworkSettings;
import dev.x402j.core.family.NetworkSettings.RpcProvider;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.solana.internal.Pubkey;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Solana chain family ({@code solana}): its clusters and USDC mints, its reason codes, its settings — the seed
 * facilitator's {@code SVM_PRIVATE_KEY}, {@code SVM_NETWORKS}, {@code SVM_RPC_URL_<NETWORK>}, {@code HELIUS_API_KEY}
 * — and dev mode's local Solana ({@link SolanaDevChain}, LiteSVM behind a JSON-RPC front).
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class SolanaFamily implements ChainFamily {

    public static final String NAMESPACE = "solana";

    public static final Setting PRIVATE_KEY = Setting.of("x402j.solana.private-key", "SVM_PRIVATE_KEY", "none",
            "The facilitator's Solana fee-payer key(s), base58 (a 64-byte keypair as wallets and solana-keygen write it,"
                    + " or a 32-byte seed): each co-signs payments and pays their fees. Several, comma separated, are"
                    + " fee payers in rotation. Setting it serves Solana. Keep it in the environment.")
            .asSecret().withAliases("x402j.svm.private-key");
    public static final Setting NETWORKS = Setting.of("x402j.solana.networks", "SVM_NETWORKS", "solana-devnet",
            "The Solana networks served (solana, solana-devnet, solana-testnet), by name or CAIP-2 id, comma separated.")
            .withAliases("x402j.svm.networks");
    public static final Setting RPC_URLS = Setting.perNetwork("x402j.solana.rpc-urls", "SVM_RPC_URL_", "see below",
            "Explicit Solana RPC URL of a network, e.g. SVM_RPC_URL_SOLANA_DEVNET; several, comma separated, are"
                    + " endpoints in order of preference (failover); else Helius, else the cluster's public RPC.")
            .withAliases("x402j.svm.rpc-urls");
    public static final Setting HELIUS_API_KEY = Setting.of("x402j.solana.helius-api-key", "HELIUS_API_KEY", "none",
            "Use Helius for Solana mainnet and devnet (when a network has no explicit URL).")
            .asSecret().withAliases("x402j.svm.helius-api-key");

    public static final Setting ASSETS = Setting.perNetwork("x402j.solana.assets", "SVM_ASSETS_", "none",
            "Mints a network serves besides its catalogue USDC, base58, comma separated, e.g."
                    + " SVM_ASSETS_SOLANA=Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB; a payment in any other mint is"
                    + " refused (the fee payer pays only for payments it serves).")
            .withAliases("x402j.svm.assets");

    /** Where a URL came from when Helius gave it. */
    public static final RpcSource HELIUS = new RpcSource("helius");

    /** Helius's host prefix per cluster: {@code https://<prefix>.helius-rpc.com/?api-key=<key>}. */
    private static final Map<String, String> HELIUS_HOSTS = Map.of("solana", "mainnet", "solana-devnet", "devnet");
    /** The public endpoint of each cluster; rate-limited, for trying things out. */
    private static final Map<String, String> PUBLIC = Map.of(
            "solana", "https://api.mainnet-beta.solana.com",
            "solana-devnet", "https://api.devnet.solana.com",
            "solana-testnet", "https://api.testnet.solana.com");

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String displayName() {
        return "Solana";
    }

    @Override
    public List<Network> networks() {
        return SolanaNetworks.all();
    }

    @Override
    public List<ErrorReason> reasons() {
        return SolanaReasons.all();
    }

    @Override
    public List<Setting> settings() {
        return List.of(PRIVATE_KEY, NETWORKS, RPC_URLS, HELIUS_API_KEY, ASSETS);
    }

    @Override
    public List<Setting> keySettings() {
        return List.of(PRIVATE_KEY);
    }

    @Override
    public Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context) {
        int before = settings.problemCount();
        List<SolanaPrivateKeySigner> feePayers = settings.value(PRIVATE_KEY).map(v -> feePayers(settings, v))
                .orElse(List.of());
        Optional<SettingValue> helius = settings.apiKey(HELIUS_API_KEY);
        List<RpcProvider> providers = List.of(
                new RpcProvider(HELIUS, name -> helius.flatMap(k -> Optional.ofNullable(HELIUS_HOSTS.get(name))
                        .map(prefix -> URI.create("https://" + prefix + ".helius-rpc.com/?api-key=" + k.text())))),
                new RpcProvider(RpcSource.PUBLIC, name -> Optional.ofNullable(PUBLIC.get(name)).map(URI::create)));
        NetworkSettings networkSettings = new NetworkSettings("Solana", NETWORKS, List.of("solana-devnet"), RPC_URLS,
                providers, name -> HELIUS_HOSTS.containsKey(name) ? Optional.of("HELIUS_API_KEY") : Optional.empty(),
                n -> NAMESPACE.equals(n.chainId().namespace()), name -> Optional.empty());
        List<ServedNetwork> networks = networkSettings.resolve(settings, context.networks());
        Map<String, SettingValue> fileAssets = networkSettings.byNetwork(settings, context.networks(), ASSETS);
        Map<ChainId, List<Asset>> assets = new LinkedHashMap<>();
        for (ServedNetwork n : networks) {
            settings.envFor(ASSETS, n.network().name())
                    .or(() -> Optional.ofNullable(fileAssets.get(n.network().name())))
                    .ifPresent(v -> assets.put(n.network().chainId(), mints(settings, v)));
        }
        if (settings.problemCount() > before || feePayers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SolanaServing(feePayers, networks, context.rpcOptions(), assets));
    }

    @Override
    public Optional<DevChain.Launcher> devChain(SettingsReader settings, FamilyContext context) {
        return Optional.of(() -> SolanaDevChain.start(context.rpcOptions()));
    }

    /** Mint addresses, comma separated; each bad one is a problem naming the setting. */
    private static List<Asset> mints(SettingsReader settings, SettingValue value) {
        List<Asset> out = new ArrayList<>();
        for (String text : SettingsReader.commaSeparated(value.text())) {
            if (Pubkey.isValid(text)) {
                // Only the address matters to the allow-list; decimals are read from the mint when needed.
                out.add(Asset.of(text, "configured", 0));
            } else {
                settings.problem(value.origin() + " holds '" + text + "', which is not a Solana mint address (base58"
                        + " of 32 bytes)");
            }
        }
        return out;
    }

    /** One or more base58 secret keys, comma separated; the fee payers in their configured order. */
    private static List<SolanaPrivateKeySigner> feePayers(SettingsReader settings, SettingValue keys) {
        return settings.keys(keys, "base58 secret keys, comma separated",
                text -> {
                    try {
                        SolanaPrivateKeySigner.fromBase58(text);
                        return Optional.empty();
                    } catch (RuntimeException e) {
                        return Optional.of("a valid Solana secret key (expected base58 of a 64-byte keypair or a"
                                + " 32-byte seed)");
                    }
                },
                SolanaPrivateKeySigner::fromBase58, SolanaPrivateKeySigner::address);
    }
}
