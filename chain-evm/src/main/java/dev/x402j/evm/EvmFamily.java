package dev.x402j.evm;

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
import dev.x402j.core.family.ServedFamily;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The EVM chain family ({@code eip155}): its networks and USDC, its reason codes, its settings — the seed
 * facilitator's {@code EVM_PRIVATE_KEY}, {@code EVM_NETWORKS}, {@code EVM_RPC_URL_<NETWORK>}, {@code ALCHEMY_API_KEY},
 * {@code INFURA_API_KEY}, and x402j's fee caps — and dev mode's local anvil chain ({@link EvmDevChain}).
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class EvmFamily implements ChainFamily {

    public static final String NAMESPACE = "eip155";

    public static final Setting PRIVATE_KEY = Setting.of("x402j.eip155.private-key", "EVM_PRIVATE_KEY", "none",
            "The facilitator's EVM private key(s), 64 hex digits with or without 0x: they sign settlement transactions"
                    + " and pay their gas. Several, comma separated, settle in rotation, each counting its own nonces."
                    + " Setting it serves EVM. Keep it in the environment.")
            .asSecret().withAliases("x402j.evm.private-key");
    public static final Setting NETWORKS = Setting.of("x402j.eip155.networks", "EVM_NETWORKS", "base,base-sepolia",
            "The EVM networks served, by name or CAIP-2 id, comma separated. An id the catalogue lacks (eip155:31337)"
                    + " is a custom chain that needs its explicit RPC URL.")
            .withAliases("x402j.evm.networks");
    public static final Setting RPC_URLS = Setting.perNetwork("x402j.eip155.rpc-urls", "EVM_RPC_URL_", "see below",
            "Explicit JSON-RPC URL of a network, e.g. EVM_RPC_URL_BASE_SEPOLIA; several, comma separated, are"
                    + " endpoints in order of preference (failover).")
            .withAliases("x402j.evm.rpc-urls");
    public static final Setting ALCHEMY_API_KEY = Setting.of("x402j.eip155.alchemy-api-key", "ALCHEMY_API_KEY", "none",
            "Use Alchemy for the networks it serves (when a network has no explicit URL).")
            .asSecret().withAliases("x402j.evm.alchemy-api-key");
    public static final Setting INFURA_API_KEY = Setting.of("x402j.eip155.infura-api-key", "INFURA_API_KEY", "none",
            "Use Infura for the networks it serves (when a network has neither an explicit URL nor Alchemy).")
            .asSecret().withAliases("x402j.evm.infura-api-key");
    public static final Setting MAX_FEE_PER_GAS = Setting.of("x402j.eip155.max-fee-per-gas", "EVM_MAX_FEE_PER_GAS",
            "none (no cap)", "Cap on a settlement transaction's EIP-1559 max fee per gas, on every EVM network (dev"
                    + " mode's too): wei (200000000000) or gwei (200gwei, 1.5gwei; must come to whole wei). While fees"
                    + " are above it, /settle sends nothing and says why; a fee bump never goes past it.")
            .withAliases("x402j.evm.max-fee-per-gas");
    public static final Setting MAX_FEES_PER_GAS = Setting.perNetwork("x402j.eip155.max-fees-per-gas",
            "EVM_MAX_FEE_PER_GAS_", "EVM_MAX_FEE_PER_GAS", "One network's own fee cap, e.g."
                    + " EVM_MAX_FEE_PER_GAS_BASE=50gwei (live mode; dev mode's local chain uses EVM_MAX_FEE_PER_GAS).")
            .withAliases("x402j.evm.max-fees-per-gas");
    public static final Setting MAX_GAS = Setting.of("x402j.eip155.max-gas", "EVM_MAX_GAS", "200000",
            "The most gas one settlement transaction may use, on every EVM network served (at least 21000): a"
                    + " settlement whose estimate is above it is refused before anything is signed, and no gas limit"
                    + " offered passes it. A USDC transferWithAuthorization takes about 60000 to 90000.");
    public static final Setting ASSETS = Setting.perNetwork("x402j.eip155.assets", "EVM_ASSETS_",
            "none (the network's USDC only)", "Tokens one network serves besides its catalogue USDC, e.g."
                    + " EVM_ASSETS_BASE=0xADDRESS:SYMBOL:DECIMALS:EIP712NAME:EIP712VERSION, several comma separated"
                    + " (each an EIP-3009 token with that EIP-712 domain). A payment in any other token is refused"
                    + " before any RPC work: the facilitator pays the gas of the contract it calls.");

    /** Where a URL came from when Alchemy or Infura gave it. */
    public static final dev.x402j.core.family.RpcSource ALCHEMY = EvmRpcProviders.ALCHEMY;
    public static final dev.x402j.core.family.RpcSource INFURA = EvmRpcProviders.INFURA;

    private static final Pattern HEX_KEY = Pattern.compile("(0[xX])?[0-9a-fA-F]{64}");
    private static final Pattern CUSTOM = Pattern.compile("eip155[:-]([1-9][0-9]{0,17})");

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String displayName() {
        return "EVM";
    }

    @Override
    public List<Network> networks() {
        return EvmNetworks.all();
    }

    @Override
    public List<ErrorReason> reasons() {
        return EvmReasons.all();
    }

    @Override
    public List<Setting> settings() {
        return List.of(PRIVATE_KEY, NETWORKS, RPC_URLS, ALCHEMY_API_KEY, INFURA_API_KEY, MAX_FEE_PER_GAS,
                MAX_FEES_PER_GAS, MAX_GAS, ASSETS);
    }

    @Override
    public List<Setting> keySettings() {
        return List.of(PRIVATE_KEY);
    }

    @Override
    public Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context) {
        int before = settings.problemCount();
        Optional<BigInteger> globalCap = settings.value(MAX_FEE_PER_GAS).flatMap(v -> feeCap(settings, v));
        long maxGas = settings.value(MAX_GAS).map(v -> maxGas(settings, v)).orElse(EvmNetworkConfig.DEFAULT_MAX_GAS);
        List<EvmPrivateKeySigner> signers = settings.value(PRIVATE_KEY).map(v -> signers(settings, v)).orElse(List.of());
        NetworkSettings networkSettings = networkSettings(settings);
        Map<String, SettingValue> fileCaps = networkSettings.byNetwork(settings, context.networks(), MAX_FEES_PER_GAS);
        Map<String, SettingValue> fileAssets = networkSettings.byNetwork(settings, context.networks(), ASSETS);
        List<EvmServedNetwork> networks = networkSettings.resolve(settings, context.networks()).stream()
                .map(n -> new EvmServedNetwork(n, settings.envFor(MAX_FEES_PER_GAS, n.network().name())
                        .or(() -> Optional.ofNullable(fileCaps.get(n.network().name())))
                        .flatMap(v -> feeCap(settings, v))
                        .or(() -> globalCap)
                        .orElse(null),
                        settings.envFor(ASSETS, n.network().name())
                                .or(() -> Optional.ofNullable(fileAssets.get(n.network().name())))
                                .map(v -> assets(settings, v))
                                .orElse(List.of()),
                        maxGas))
                .toList();
        if (settings.problemCount() > before || signers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EvmServing(signers, networks, context.rpcOptions()));
    }

    @Override
    public Optional<DevChain.Launcher> devChain(SettingsReader settings, FamilyContext context) {
        BigInteger cap = settings.value(MAX_FEE_PER_GAS).flatMap(v -> feeCap(settings, v)).orElse(null);
        return Optional.of(() -> EvmDevChain.start(cap, context.rpcOptions()));
    }

    /**
     * A chain the catalogue does not know, named by a well-formed EVM CAIP-2 id ({@code eip155:31337}, or
     * {@code eip155-31337} as a map key): served as the custom network {@code eip155-31337}, without a catalogue USDC.
     */
    static Optional<Network> customNetwork(String name) {
        var matcher = CUSTOM.matcher(name.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(Network.withoutUsdc("eip155-" + matcher.group(1), ChainId.parse("eip155:" + matcher.group(1)),
                false));
    }

    private static NetworkSettings networkSettings(SettingsReader settings) {
        Optional<SettingValue> alchemy = settings.apiKey(ALCHEMY_API_KEY);
        Optional<SettingValue> infura = settings.apiKey(INFURA_API_KEY);
        List<RpcProvider> providers = List.of(
                new RpcProvider(ALCHEMY, name -> alchemy.flatMap(k -> EvmRpcProviders.alchemy(name, k.text()))),
                new RpcProvider(INFURA, name -> infura.flatMap(k -> EvmRpcProviders.infura(name, k.text()))),
                new RpcProvider(dev.x402j.core.family.RpcSource.PUBLIC, EvmRpcProviders::publicEndpoint));
        return new NetworkSettings("EVM", NETWORKS, List.of("base", "base-sepolia"), RPC_URLS, providers,
                name -> EvmRpcProviders.keyedProviderServes(name)
                        ? Optional.of("ALCHEMY_API_KEY / INFURA_API_KEY") : Optional.empty(),
                Network::isEvm, EvmFamily::customNetwork);
    }

    /** One or more hex keys, comma separated; the settlement keys in their configured order. */
    private static List<EvmPrivateKeySigner> signers(SettingsReader settings, SettingValue keys) {
        return settings.keys(keys, "64 hex digits, optionally prefixed with 0x; several comma separated",
                text -> {
                    if (!HEX_KEY.matcher(text).matches()) {
                        return Optional.of("a valid EVM private key (expected 64 hex digits, optionally prefixed with 0x)");
                    }
                    try {
                        EvmPrivateKeySigner.fromHex(text);
                        return Optional.empty();
                    } catch (RuntimeException e) {
                        return Optional.of("a valid EVM private key (it must be between 1 and the secp256k1 group order)");
                    }
                },
                EvmPrivateKeySigner::fromHex, EvmPrivateKeySigner::address);
    }

    /** A whole number of gas, 21000 to 2^53 (a block's gas limit is far below). */
    private static long maxGas(SettingsReader settings, SettingValue value) {
        String t = value.text().strip();
        if (t.matches("\\d{1,16}") && Long.parseLong(t) >= EvmNetworkConfig.MIN_MAX_GAS) {
            return Long.parseLong(t);
        }
        settings.problem(value.origin() + " must be a whole number of gas of at least " + EvmNetworkConfig.MIN_MAX_GAS
                + " such as 200000, not '" + t + "'");
        return EvmNetworkConfig.DEFAULT_MAX_GAS;
    }

    private static List<dev.x402j.core.Asset> assets(SettingsReader settings, SettingValue value) {
        EvmAssetsSetting.Result r = EvmAssetsSetting.parse(value.origin(), value.text());
        r.problem().ifPresent(settings::problem);
        return r.assets();
    }

    private static Optional<BigInteger> feeCap(SettingsReader settings, SettingValue value) {
        EvmFeeCap.Result r = EvmFeeCap.parse(value.origin(), value.text());
        r.problem().ifPresent(settings::problem);
        return r.wei();
    }
}
