package dev.x402j.server;

import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.solana.SolanaPrivateKeySigner;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The server's configuration, resolved once at start-up from the environment variables users of the seed facilitator
 * know and, for each one that is not set, the matching {@code x402j.*} key of {@code application.yml}:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>environment variable</th><th>application.yml</th><th>default</th></tr>
 *   <tr><td>{@code PORT}</td><td>{@code x402j.port}</td><td>8090</td></tr>
 *   <tr><td>{@code X402J_MODE}</td><td>{@code x402j.mode}</td><td>{@code auto}: dev mode when no private key</td></tr>
 *   <tr><td>{@code EVM_PRIVATE_KEY}</td><td>{@code x402j.evm.private-key}</td><td>none</td></tr>
 *   <tr><td>{@code EVM_NETWORKS}</td><td>{@code x402j.evm.networks}</td><td>{@code base,base-sepolia}</td></tr>
 *   <tr><td>{@code EVM_RPC_URL_<NETWORK>}</td><td>{@code x402j.evm.rpc-urls.<network>}</td><td>see below</td></tr>
 *   <tr><td>{@code ALCHEMY_API_KEY}</td><td>{@code x402j.evm.alchemy-api-key}</td><td>none</td></tr>
 *   <tr><td>{@code INFURA_API_KEY}</td><td>{@code x402j.evm.infura-api-key}</td><td>none</td></tr>
 *   <tr><td>{@code EVM_MAX_FEE_PER_GAS}</td><td>{@code x402j.evm.max-fee-per-gas}</td><td>none: no cap</td></tr>
 *   <tr><td>{@code EVM_MAX_FEE_PER_GAS_<NETWORK>}</td><td>{@code x402j.evm.max-fees-per-gas.<network>}</td>
 *       <td>{@code EVM_MAX_FEE_PER_GAS}</td></tr>
 *   <tr><td>{@code SVM_PRIVATE_KEY}</td><td>{@code x402j.svm.private-key}</td><td>none</td></tr>
 *   <tr><td>{@code SVM_NETWORKS}</td><td>{@code x402j.svm.networks}</td><td>{@code solana-devnet}</td></tr>
 *   <tr><td>{@code SVM_RPC_URL_<NETWORK>}</td><td>{@code x402j.svm.rpc-urls.<network>}</td><td>see below</td></tr>
 *   <tr><td>{@code HELIUS_API_KEY}</td><td>{@code x402j.svm.helius-api-key}</td><td>none</td></tr>
 *   <tr><td></td><td>{@code x402j.confirm-timeout}</td><td>30s</td></tr>
 *   <tr><td>{@code X402J_RECONCILE_INTERVAL}</td><td>{@code x402j.reconcile-interval}</td><td>30s</td></tr>
 *   <tr><td>{@code X402J_RECONCILE_STALE_AFTER}</td><td>{@code x402j.reconcile-stale-after}</td><td>2m</td></tr>
 *   <tr><td>{@code X402J_RECONCILE_REPLACE_AFTER}</td><td>{@code x402j.reconcile-replace-after}</td><td>3m</td></tr>
 *   <tr><td>{@code X402J_RPC_TIMEOUT}</td><td>{@code x402j.rpc-timeout}</td><td>10s</td></tr>
 *   <tr><td>{@code X402J_RPC_CALL_DEADLINE}</td><td>{@code x402j.rpc-call-deadline}</td><td>15s</td></tr>
 *   <tr><td>{@code DATABASE_URL}</td><td>{@code datasources.default.url}</td><td>none: see {@link StoreSettings}</td></tr>
 *   <tr><td>{@code REDIS_URL}</td><td>{@code x402j.redis.url}</td><td>none: see {@link StoreSettings}</td></tr>
 *   <tr><td>{@code X402J_RATE_LIMIT…}</td><td>{@code x402j.rate-limit.*}</td><td>off: see {@link RateLimitSettings}</td></tr>
 * </table>
 *
 * <p>Live mode serves EVM when an EVM key is set and Solana when a Solana key is set (both when both are); {@code auto}
 * is live as soon as either is set. {@code EVM_PRIVATE_KEY} may hold several hex keys, comma separated: settlements go
 * out from each in rotation, each key counting its own nonces. {@code SVM_PRIVATE_KEY} may hold several base58 keys,
 * comma separated: the fee payers, handed out in rotation.
 *
 * <p>The RPC endpoint of each EVM network is, in this order: its explicit URLs, Alchemy's URL for it (when an Alchemy
 * key is set and Alchemy serves the network), Infura's likewise, the network's public endpoint. That of each Solana
 * network: its explicit URLs, Helius's (mainnet and devnet, when a Helius key is set), the cluster's public endpoint. A
 * network with none of these stops start-up. An explicit setting may list several URLs, comma separated: the
 * endpoints in order of preference (the client fails over from one to the next). A well-formed EVM CAIP-2 id that is
 * not in the catalogue (a local anvil's {@code eip155:31337}, a new L2) is served as a custom network named
 * {@code eip155-<chain id>}; it needs an explicit RPC URL ({@code EVM_RPC_URL_EIP155_31337}), and payments name their
 * token in {@code asset} and its EIP-712 domain in {@code extra}, as there is no catalogue USDC for it.
 *
 * <p>The cap on the fee per gas of settlement transactions ({@link #parseWeiPerGas}: {@code 200000000000} wei, or
 * {@code 200gwei}) applies to every EVM network served, each one's own cap ({@code EVM_MAX_FEE_PER_GAS_BASE}) before
 * the global one; in dev mode the global cap applies to the local chain. The RPC timeout and call deadline apply to
 * every network, EVM and Solana, dev mode's local chains included.
 *
 * <p>{@link #resolve} checks everything and throws a {@link SettingsException} whose message is one sentence naming each
 * bad setting; it never contains the private key, an API key or an RPC URL (which may embed a key). Immutable;
 * {@link #toString()} shows no secret.
 */
public final class ServerSettings {

    public static final int DEFAULT_PORT = 8090;
    public static final List<String> DEFAULT_EVM_NETWORKS = List.of("base", "base-sepolia");
    public static final List<String> DEFAULT_SVM_NETWORKS = List.of("solana-devnet");
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECONCILE_STALE_AFTER = Duration.ofMinutes(2);
    /** {@code Facilitator.Builder}'s default {@code replaceAfter}. */
    public static final Duration DEFAULT_RECONCILE_REPLACE_AFTER = Duration.ofMinutes(3);
    /** {@link RpcOptions#defaults()}' request timeout. */
    public static final Duration DEFAULT_RPC_TIMEOUT = RpcOptions.defaults().requestTimeout();
    /** {@link RpcOptions#defaults()}' call timeout (the deadline of a call, retries and failover included). */
    public static final Duration DEFAULT_RPC_CALL_DEADLINE = RpcOptions.defaults().callTimeout();

    /** Environment variable names. */
    public static final String PORT = "PORT";
    public static final String X402J_MODE = "X402J_MODE";
    public static final String EVM_PRIVATE_KEY = "EVM_PRIVATE_KEY";
    public static final String EVM_NETWORKS = "EVM_NETWORKS";
    public static final String EVM_RPC_URL_PREFIX = "EVM_RPC_URL_";
    public static final String ALCHEMY_API_KEY = "ALCHEMY_API_KEY";
    public static final String INFURA_API_KEY = "INFURA_API_KEY";
    public static final String EVM_MAX_FEE_PER_GAS = "EVM_MAX_FEE_PER_GAS";
    public static final String EVM_MAX_FEE_PER_GAS_PREFIX = "EVM_MAX_FEE_PER_GAS_";
    public static final String SVM_PRIVATE_KEY = "SVM_PRIVATE_KEY";
    public static final String SVM_NETWORKS = "SVM_NETWORKS";
    public static final String SVM_RPC_URL_PREFIX = "SVM_RPC_URL_";
    public static final String HELIUS_API_KEY = "HELIUS_API_KEY";
    public static final String X402J_RECONCILE_INTERVAL = "X402J_RECONCILE_INTERVAL";
    public static final String X402J_RECONCILE_STALE_AFTER = "X402J_RECONCILE_STALE_AFTER";
    public static final String X402J_RECONCILE_REPLACE_AFTER = "X402J_RECONCILE_REPLACE_AFTER";
    public static final String X402J_RPC_TIMEOUT = "X402J_RPC_TIMEOUT";
    public static final String X402J_RPC_CALL_DEADLINE = "X402J_RPC_CALL_DEADLINE";

    private static final Pattern HEX_KEY = Pattern.compile("(0[xX])?[0-9a-fA-F]{64}");
    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern CUSTOM_EVM = Pattern.compile("eip155[:-]([1-9][0-9]{0,17})");
    /** A fee per gas: wei, or gwei with its unit; a fraction only where it comes to whole wei (checked after). */
    private static final Pattern WEI_PER_GAS = Pattern.compile("(\\d{1,78})(?:\\.(\\d{1,78}))?\\s*(wei|gwei)?");
    private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final int GWEI_DECIMALS = 9;

    /**
     * Dev: a local anvil chain and a local Solana (LiteSVM), each with a test USDC, nothing else. Live: the configured
     * networks with the configured keys.
     */
    public enum Mode {
        DEV,
        LIVE
    }

    /** Where a network's RPC URL came from. */
    public enum RpcSource {
        EXPLICIT,
        ALCHEMY,
        INFURA,
        HELIUS,
        PUBLIC,
        /** The local chains of dev mode (anvil, LiteSVM). */
        LOCAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One EVM network the server settles on, the JSON-RPC endpoints it uses, in order of preference, and the cap on the
     * fee per gas of its settlement transactions. {@link #toString()} shows the endpoints' scheme and host only
     * (providers put API keys in the path).
     *
     * @param maxFeePerGas the most a settlement transaction may offer per gas, in wei, or {@code null} for no cap
     */
    public record EvmNetwork(Network network, List<URI> rpcUrls, RpcSource rpcSource, BigInteger maxFeePerGas) {
        public EvmNetwork {
            Objects.requireNonNull(network, "network");
            rpcUrls = List.copyOf(rpcUrls);
            if (rpcUrls.isEmpty()) {
                throw new IllegalArgumentException("rpcUrls of " + network.name() + " is empty");
            }
            Objects.requireNonNull(rpcSource, "rpcSource");
            if (maxFeePerGas != null && maxFeePerGas.signum() <= 0) {
                throw new IllegalArgumentException("maxFeePerGas of " + network.name() + " must be positive, or null");
            }
        }

        /** No fee cap. */
        public EvmNetwork(Network network, List<URI> rpcUrls, RpcSource rpcSource) {
            this(network, rpcUrls, rpcSource, null);
        }

        /** One endpoint, no fee cap. */
        public EvmNetwork(Network network, URI rpcUrl, RpcSource rpcSource) {
            this(network, List.of(Objects.requireNonNull(rpcUrl, "rpcUrl")), rpcSource);
        }

        /** This network with another cap ({@code null}: none). */
        public EvmNetwork withMaxFeePerGas(BigInteger weiPerGas) {
            return new EvmNetwork(network, rpcUrls, rpcSource, weiPerGas);
        }

        /** The preferred endpoint. */
        public URI rpcUrl() {
            return rpcUrls.get(0);
        }

        /** {@code https://host[:port]} of each endpoint, comma separated: safe to log. */
        public String endpointForLogs() {
            return ServerSettings.endpointsForLogs(rpcUrls);
        }

        @Override
        public String toString() {
            return network.name() + " (" + network.chainId() + ", rpc " + rpcSource.label() + " " + endpointForLogs()
                    + (maxFeePerGas == null ? "" : ", max fee per gas " + formatWeiPerGas(maxFeePerGas)) + ")";
        }
    }

    /**
     * One Solana network the server settles on, and the JSON-RPC endpoints it uses, in order of preference.
     * {@link #toString()} shows the endpoints' scheme and host only (providers put API keys in the path or, like Helius,
     * in the query).
     */
    public record SvmNetwork(Network network, List<URI> rpcUrls, RpcSource rpcSource) {
        public SvmNetwork {
            Objects.requireNonNull(network, "network");
            rpcUrls = List.copyOf(rpcUrls);
            if (rpcUrls.isEmpty()) {
                throw new IllegalArgumentException("rpcUrls of " + network.name() + " is empty");
            }
            Objects.requireNonNull(rpcSource, "rpcSource");
        }

        /** One endpoint. */
        public SvmNetwork(Network network, URI rpcUrl, RpcSource rpcSource) {
            this(network, List.of(Objects.requireNonNull(rpcUrl, "rpcUrl")), rpcSource);
        }

        /** The preferred endpoint. */
        public URI rpcUrl() {
            return rpcUrls.get(0);
        }

        /** {@code https://host[:port]} of each endpoint, comma separated: safe to log. */
        public String endpointForLogs() {
            return ServerSettings.endpointsForLogs(rpcUrls);
        }

        @Override
        public String toString() {
            return network.name() + " (" + network.chainId() + ", rpc " + rpcSource.label() + " " + endpointForLogs() + ")";
        }
    }

    private final Mode mode;
    private final int port;
    private final List<EvmPrivateKeySigner> evmSigners;
    private final List<EvmNetwork> evmNetworks;
    private final List<SolanaPrivateKeySigner> svmSigners;
    private final List<SvmNetwork> svmNetworks;
    private final Duration confirmTimeout;
    private final Duration reconcileInterval;
    private final Duration reconcileStaleAfter;
    private final Duration reconcileReplaceAfter;
    private final BigInteger evmMaxFeePerGas;
    private final RpcOptions rpcOptions;
    private final StoreSettings stores;
    private final RateLimitSettings rateLimit;

    private ServerSettings(
            Mode mode,
            int port,
            List<EvmPrivateKeySigner> evmSigners,
            List<EvmNetwork> evmNetworks,
            List<SolanaPrivateKeySigner> svmSigners,
            List<SvmNetwork> svmNetworks,
            Duration confirmTimeout,
            Duration reconcileInterval,
            Duration reconcileStaleAfter,
            Duration reconcileReplaceAfter,
            BigInteger evmMaxFeePerGas,
            RpcOptions rpcOptions,
            StoreSettings stores,
            RateLimitSettings rateLimit) {
        this.mode = mode;
        this.port = port;
        this.evmSigners = List.copyOf(evmSigners);
        this.evmNetworks = List.copyOf(evmNetworks);
        this.svmSigners = List.copyOf(svmSigners);
        this.svmNetworks = List.copyOf(svmNetworks);
        this.confirmTimeout = confirmTimeout;
        this.reconcileInterval = reconcileInterval;
        this.reconcileStaleAfter = reconcileStaleAfter;
        this.reconcileReplaceAfter = reconcileReplaceAfter;
        this.evmMaxFeePerGas = evmMaxFeePerGas;
        this.rpcOptions = rpcOptions;
        this.stores = stores;
        this.rateLimit = rateLimit;
    }

    /** Resolves against x402j's catalogue of networks. */
    public static ServerSettings resolve(EnvironmentVariables env, X402jProperties properties) {
        return resolve(env, properties, NetworkRegistry.defaults());
    }

    /**
     * Resolves the settings: environment first, then {@code application.yml}, then defaults.
     *
     * @throws SettingsException naming every bad setting, in one sentence
     */
    public static ServerSettings resolve(EnvironmentVariables env, X402jProperties properties, NetworkRegistry registry) {
        return resolve(env, properties, new DataSourceProperties(), registry);
    }

    /**
     * Resolves the settings, the stores' included ({@code DATABASE_URL} before {@code datasources.default.*}).
     *
     * @throws SettingsException naming every bad setting, in one sentence
     */
    public static ServerSettings resolve(
            EnvironmentVariables env, X402jProperties properties, DataSourceProperties dataSource, NetworkRegistry registry) {
        return new Resolver(env, properties, dataSource, registry).resolve();
    }

    /**
     * Reads a TCP port.
     *
     * @param setting the name of the setting, for the message
     * @throws SettingsException if the text is not a port number from 1 to 65535
     */
    public static int parsePort(String setting, String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        throw new SettingsException(setting + " must be a TCP port from 1 to 65535, not '" + text.strip() + "'.");
    }

    /**
     * Reads a fee per gas: a whole number of wei ({@code 200000000000}, optionally with the unit {@code wei}) or of
     * gwei with its unit ({@code 200gwei}, {@code 1.5 gwei}), converted exactly. A value that does not come to a whole
     * number of wei ({@code 1.0000000005gwei}, {@code 1.5}) is refused, never rounded.
     *
     * @param setting the name of the setting, for the message
     * @return the value in wei: positive, at most 2<sup>256</sup> − 1
     * @throws SettingsException if the text is not such a value
     */
    public static BigInteger parseWeiPerGas(String setting, String text) {
        String t = text.strip();
        var m = WEI_PER_GAS.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new SettingsException(setting + " must be a fee per gas in wei such as 200000000000, or in gwei such as"
                    + " 200gwei or 1.5gwei, not '" + t + "'.");
        }
        BigDecimal amount = new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2));
        if ("gwei".equals(m.group(3))) {
            amount = amount.movePointRight(GWEI_DECIMALS);
        }
        BigInteger wei;
        try {
            wei = amount.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            throw new SettingsException(setting + " must come to a whole number of wei, not '" + t + "' ("
                    + amount.stripTrailingZeros().toPlainString() + " wei).");
        }
        if (wei.signum() == 0) {
            throw new SettingsException(setting + " must be a positive fee per gas, not '" + t + "'.");
        }
        if (wei.compareTo(MAX_UINT256) > 0) {
            throw new SettingsException(setting + " must be at most 2^256-1 wei, not '" + t + "'.");
        }
        return wei;
    }

    /** {@code 200 gwei} when a whole number of gwei, else {@code 1500000001 wei}. */
    static String formatWeiPerGas(BigInteger wei) {
        BigInteger[] gwei = wei.divideAndRemainder(BigInteger.TEN.pow(GWEI_DECIMALS));
        return gwei[1].signum() == 0 ? gwei[0] + " gwei" : wei + " wei";
    }

    public Mode mode() {
        return mode;
    }

    public boolean devMode() {
        return mode == Mode.DEV;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /**
     * The facilitator's EVM keys, in the configured order (settlements go out from each in rotation); not empty exactly
     * in live mode with an EVM key.
     */
    public List<EvmPrivateKeySigner> evmSigners() {
        return evmSigners;
    }

    /** The first of {@link #evmSigners()}; present exactly in live mode with an EVM key. */
    public Optional<EvmPrivateKeySigner> evmSigner() {
        return evmSigners.stream().findFirst();
    }

    /** The EVM networks served in live mode, in the configured order; empty in dev mode and without an EVM key. */
    public List<EvmNetwork> evmNetworks() {
        return evmNetworks;
    }

    /**
     * The facilitator's Solana fee payers, in the configured order (handed out in rotation); not empty exactly in live
     * mode with a Solana key.
     */
    public List<SolanaPrivateKeySigner> svmSigners() {
        return svmSigners;
    }

    /** The Solana networks served in live mode, in the configured order; empty in dev mode and without a Solana key. */
    public List<SvmNetwork> svmNetworks() {
        return svmNetworks;
    }

    public Duration confirmTimeout() {
        return confirmTimeout;
    }

    public Duration reconcileInterval() {
        return reconcileInterval;
    }

    /** How old an unfinished settlement must be before the reconciler takes it over. */
    public Duration reconcileStaleAfter() {
        return reconcileStaleAfter;
    }

    /** How long a settlement transaction may stay pending before the reconciler replaces it at a higher fee. */
    public Duration reconcileReplaceAfter() {
        return reconcileReplaceAfter;
    }

    /**
     * The global cap on the fee per gas of settlement transactions, in wei; empty for no cap. In live mode each
     * {@link EvmNetwork} carries its own cap (this one unless overridden); in dev mode this one applies to the local
     * chain.
     */
    public Optional<BigInteger> evmMaxFeePerGas() {
        return Optional.ofNullable(evmMaxFeePerGas);
    }

    /** The JSON-RPC client options of every network served: the defaults with the configured timeout and deadline. */
    public RpcOptions rpcOptions() {
        return rpcOptions;
    }

    /** Where the ledger, the sessions and the tracking are kept, and whether the reconciler is locked. */
    public StoreSettings stores() {
        return stores;
    }

    /** How many requests each client may make to the facilitator endpoints per window; off by default. */
    public RateLimitSettings rateLimit() {
        return rateLimit;
    }

    @Override
    public String toString() {
        return "ServerSettings[mode=" + mode + ", port=" + port
                + (evmSigners.isEmpty() ? "" : ", evmSigners="
                        + evmSigners.stream().map(EvmPrivateKeySigner::address).toList())
                + ", evmNetworks=" + evmNetworks
                + (svmSigners.isEmpty() ? "" : ", svmSigners="
                        + svmSigners.stream().map(SolanaPrivateKeySigner::address).toList())
                + ", svmNetworks=" + svmNetworks + ", confirmTimeout=" + confirmTimeout
                + ", reconcileInterval=" + reconcileInterval
                + ", reconcileStaleAfter=" + reconcileStaleAfter + ", reconcileReplaceAfter=" + reconcileReplaceAfter
                + (evmMaxFeePerGas == null ? "" : ", evmMaxFeePerGas=" + formatWeiPerGas(evmMaxFeePerGas))
                + ", rpcTimeout=" + rpcOptions.requestTimeout() + ", rpcCallDeadline=" + rpcOptions.callTimeout()
                + ", stores=" + stores + "]";
    }

    // ------------------------------------------------------------------------------------------------ resolution

    /** A setting's text and the name of where it came from (an environment variable or a yml key). */
    private record Value(String setting, String text) {}

    /** One RPC provider of a chain family: where its URL for a network comes from. */
    private record Provider(RpcSource source, Function<String, Optional<URI>> url) {}

    /** A network and its resolved endpoints, before it becomes an {@link EvmNetwork} or an {@link SvmNetwork}. */
    private record Resolved(Network network, List<URI> rpcUrls, RpcSource rpcSource) {}

    /**
     * A chain family's settings: the names of its variables and keys, which networks belong to it, its defaults, and
     * how a missing RPC URL can be provided.
     */
    private record Family(
            String label,
            String oneOfThem,
            String networksVariable,
            String networksKey,
            List<String> defaultNetworks,
            String rpcUrlsKey,
            Function<String, String> rpcUrlVariable,
            Predicate<Network> member,
            Predicate<String> providerServes,
            String providerVariables) {}

    private static final Family EVM = new Family(
            "EVM", "an EVM network", EVM_NETWORKS, "x402j.evm.networks", DEFAULT_EVM_NETWORKS, "x402j.evm.rpc-urls",
            ServerSettings::rpcUrlVariable, Network::isEvm,
            name -> RpcProviders.alchemyServes(name) || RpcProviders.infuraServes(name),
            "ALCHEMY_API_KEY / INFURA_API_KEY");

    private static final Family SVM = new Family(
            "Solana", "a Solana network", SVM_NETWORKS, "x402j.svm.networks", DEFAULT_SVM_NETWORKS, "x402j.svm.rpc-urls",
            ServerSettings::svmRpcUrlVariable, ServerSettings::isSolana, RpcProviders::heliusServes, "HELIUS_API_KEY");

    private static final class Resolver {
        private final EnvironmentVariables env;
        private final X402jProperties props;
        private final X402jProperties.Evm evm;
        private final X402jProperties.Svm svm;
        private final DataSourceProperties dataSource;
        private final NetworkRegistry registry;
        private final List<String> problems = new ArrayList<>();

        Resolver(EnvironmentVariables env, X402jProperties props, DataSourceProperties dataSource, NetworkRegistry registry) {
            this.env = Objects.requireNonNull(env, "env");
            this.props = props == null ? new X402jProperties() : props;
            this.evm = this.props.getEvm() == null ? new X402jProperties.Evm() : this.props.getEvm();
            this.svm = this.props.getSvm() == null ? new X402jProperties.Svm() : this.props.getSvm();
            this.dataSource = dataSource == null ? new DataSourceProperties() : dataSource;
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        ServerSettings resolve() {
            int port = port();
            Duration confirmTimeout = positive("x402j.confirm-timeout", props.getConfirmTimeout(), DEFAULT_CONFIRM_TIMEOUT);
            Duration reconcileInterval = duration(X402J_RECONCILE_INTERVAL, "x402j.reconcile-interval",
                    props.getReconcileInterval(), DEFAULT_RECONCILE_INTERVAL);
            Duration reconcileStaleAfter = duration(X402J_RECONCILE_STALE_AFTER, "x402j.reconcile-stale-after",
                    props.getReconcileStaleAfter(), DEFAULT_RECONCILE_STALE_AFTER);
            Duration reconcileReplaceAfter = duration(X402J_RECONCILE_REPLACE_AFTER, "x402j.reconcile-replace-after",
                    props.getReconcileReplaceAfter(), DEFAULT_RECONCILE_REPLACE_AFTER);
            RpcOptions rpcOptions = rpcOptions();
            Optional<BigInteger> evmMaxFeePerGas = pick(EVM_MAX_FEE_PER_GAS, "x402j.evm.max-fee-per-gas",
                    evm.getMaxFeePerGas()).flatMap(this::weiPerGas);

            Optional<Value> evmKey = pick(EVM_PRIVATE_KEY, "x402j.evm.private-key", evm.getPrivateKey());
            Optional<Value> svmKey = pick(SVM_PRIVATE_KEY, "x402j.svm.private-key", svm.getPrivateKey());
            Mode mode = mode(evmKey.isPresent() || svmKey.isPresent());

            List<EvmPrivateKeySigner> evmSigners = List.of();
            List<EvmNetwork> evmNetworks = List.of();
            List<SolanaPrivateKeySigner> svmSigners = List.of();
            List<SvmNetwork> svmNetworks = List.of();
            if (mode == Mode.LIVE && evmKey.isPresent()) {
                evmSigners = evmSigners(evmKey.get());
                evmNetworks = cappedEvmNetworks(evmMaxFeePerGas);
            }
            if (mode == Mode.LIVE && svmKey.isPresent()) {
                svmSigners = svmSigners(svmKey.get());
                svmNetworks = svmNetworks();
            }
            StoreSettings stores = mode == Mode.DEV
                    ? StoreSettings.forDevMode(env, props, dataSource)
                    : StoreSettings.resolve(env, props, dataSource, problems);
            RateLimitSettings rateLimit = RateLimitSettings.resolve(env, props, problems);
            if (!problems.isEmpty()) {
                throw new SettingsException(sentence(problems));
            }
            return new ServerSettings(mode, port, evmSigners, evmNetworks, svmSigners, svmNetworks, confirmTimeout,
                    reconcileInterval, reconcileStaleAfter, reconcileReplaceAfter, evmMaxFeePerGas.orElse(null),
                    rpcOptions, stores, rateLimit);
        }

        private int port() {
            Optional<Value> value = pick(PORT, "x402j.port", props.getPort() == null ? null : props.getPort().toString());
            if (value.isEmpty()) {
                return DEFAULT_PORT;
            }
            try {
                return parsePort(value.get().setting(), value.get().text());
            } catch (SettingsException e) {
                problems.add(stripPeriod(e.getMessage()));
                return DEFAULT_PORT;
            }
        }

        private Mode mode(boolean haveKey) {
            Optional<Value> value = pick(X402J_MODE, "x402j.mode", props.getMode());
            String mode = value.map(v -> v.text().toLowerCase(Locale.ROOT)).orElse("auto");
            return switch (mode) {
                case "auto" -> haveKey ? Mode.LIVE : Mode.DEV;
                case "dev" -> Mode.DEV;
                case "live" -> {
                    if (!haveKey) {
                        problems.add(value.get().setting() + " is live but no private key is set (set EVM_PRIVATE_KEY"
                                + " or SVM_PRIVATE_KEY, or x402j.evm.private-key or x402j.svm.private-key)");
                    }
                    yield Mode.LIVE;
                }
                default -> {
                    problems.add(value.get().setting() + " must be auto, dev or live, not '" + value.get().text() + "'");
                    yield haveKey ? Mode.LIVE : Mode.DEV;
                }
            };
        }

        /** One or more hex keys, comma separated; the settlement keys in their configured order. */
        private List<EvmPrivateKeySigner> evmSigners(Value keys) {
            // No key's text (nor a fragment of it) ever goes into a message: keys are named by position.
            List<String> texts = Arrays.stream(keys.text().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            if (texts.isEmpty()) {
                problems.add(keys.setting() + " holds no key (expected 64 hex digits, optionally prefixed with 0x;"
                        + " several comma separated)");
                return List.of();
            }
            List<EvmPrivateKeySigner> signers = new ArrayList<>();
            Map<String, Integer> positionOf = new LinkedHashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                String which = texts.size() == 1 ? keys.setting() : keys.setting() + " key " + (i + 1) + " of " + texts.size();
                if (!HEX_KEY.matcher(texts.get(i)).matches()) {
                    problems.add(which + " is not a valid EVM private key (expected 64 hex digits, optionally prefixed"
                            + " with 0x)");
                    continue;
                }
                EvmPrivateKeySigner signer;
                try {
                    signer = EvmPrivateKeySigner.fromHex(texts.get(i));
                } catch (RuntimeException e) {
                    problems.add(which + " is not a valid EVM private key (it must be between 1 and the secp256k1 group"
                            + " order)");
                    continue;
                }
                Integer first = positionOf.putIfAbsent(signer.address(), i + 1);
                if (first != null) {
                    problems.add(keys.setting() + " lists the same key twice (keys " + first + " and " + (i + 1) + ")");
                    continue;
                }
                signers.add(signer);
            }
            return signers;
        }

        /** One or more base58 secret keys, comma separated; the fee payers in their configured order. */
        private List<SolanaPrivateKeySigner> svmSigners(Value keys) {
            // No key's text (nor a fragment of it) ever goes into a message: keys are named by position.
            List<String> texts = Arrays.stream(keys.text().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            if (texts.isEmpty()) {
                problems.add(keys.setting() + " holds no key (expected base58 secret keys, comma separated)");
                return List.of();
            }
            List<SolanaPrivateKeySigner> signers = new ArrayList<>();
            Map<String, Integer> positionOf = new LinkedHashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                String which = texts.size() == 1 ? keys.setting() : keys.setting() + " key " + (i + 1) + " of " + texts.size();
                SolanaPrivateKeySigner signer;
                try {
                    signer = SolanaPrivateKeySigner.fromBase58(texts.get(i));
                } catch (RuntimeException e) {
                    problems.add(which
                            + " is not a valid Solana secret key (expected base58 of a 64-byte keypair or a 32-byte seed)");
                    continue;
                }
                Integer first = positionOf.putIfAbsent(signer.address(), i + 1);
                if (first != null) {
                    problems.add(keys.setting() + " lists the same key twice (keys " + first + " and " + (i + 1) + ")");
                    continue;
                }
                signers.add(signer);
            }
            return signers;
        }

        /** The request timeout and the call deadline, the deadline no shorter than the timeout. */
        private RpcOptions rpcOptions() {
            int before = problems.size();
            Duration timeout = duration(X402J_RPC_TIMEOUT, "x402j.rpc-timeout", props.getRpcTimeout(),
                    DEFAULT_RPC_TIMEOUT);
            Duration deadline = duration(X402J_RPC_CALL_DEADLINE, "x402j.rpc-call-deadline", props.getRpcCallDeadline(),
                    DEFAULT_RPC_CALL_DEADLINE);
            if (problems.size() > before) {
                return RpcOptions.defaults();
            }
            if (deadline.compareTo(timeout) < 0) {
                problems.add(source(X402J_RPC_CALL_DEADLINE, props.getRpcCallDeadline(), "x402j.rpc-call-deadline")
                        + " must not be shorter than "
                        + source(X402J_RPC_TIMEOUT, props.getRpcTimeout(), "x402j.rpc-timeout") + " ("
                        + described(deadline, X402J_RPC_CALL_DEADLINE, props.getRpcCallDeadline()) + " < "
                        + described(timeout, X402J_RPC_TIMEOUT, props.getRpcTimeout()) + ")");
                return RpcOptions.defaults();
            }
            return RpcOptions.defaults().withRequestTimeout(timeout).withCallTimeout(deadline);
        }

        /** The name of the setting a duration came from: its variable when set or when neither is, else its yml key. */
        private String source(String envName, Duration ymlValue, String ymlKey) {
            return env.get(envName).isEmpty() && ymlValue != null ? ymlKey : envName;
        }

        /** {@code 15s}, and {@code by default} when neither the variable nor the yml key is set. */
        private String described(Duration value, String envName, Duration ymlValue) {
            return humanDuration(value) + (env.get(envName).isEmpty() && ymlValue == null ? " by default" : "");
        }

        /** A cap in wei, or empty (the problem noted) when the text is not one. */
        private Optional<BigInteger> weiPerGas(Value value) {
            try {
                return Optional.of(parseWeiPerGas(value.setting(), value.text()));
            } catch (SettingsException e) {
                problems.add(stripPeriod(e.getMessage()));
                return Optional.empty();
            }
        }

        /** The served EVM networks, each with its fee cap: its own ({@code EVM_MAX_FEE_PER_GAS_BASE}), else the global. */
        private List<EvmNetwork> cappedEvmNetworks(Optional<BigInteger> globalCap) {
            Map<String, Value> ymlCaps = ymlByNetwork(EVM, "x402j.evm.max-fees-per-gas", evm.getMaxFeesPerGas());
            return evmNetworks().stream()
                    .map(n -> {
                        String envName = maxFeePerGasVariable(n.network().name());
                        Optional<BigInteger> own = env.get(envName)
                                .map(text -> new Value(envName, text))
                                .or(() -> Optional.ofNullable(ymlCaps.get(n.network().name())))
                                .flatMap(this::weiPerGas);
                        return n.withMaxFeePerGas(own.or(() -> globalCap).orElse(null));
                    })
                    .toList();
        }

        private List<EvmNetwork> evmNetworks() {
            Optional<Value> alchemy = apiKey(ALCHEMY_API_KEY, "x402j.evm.alchemy-api-key", evm.getAlchemyApiKey());
            Optional<Value> infura = apiKey(INFURA_API_KEY, "x402j.evm.infura-api-key", evm.getInfuraApiKey());
            List<Provider> providers = List.of(
                    new Provider(RpcSource.ALCHEMY, name -> alchemy.flatMap(k -> RpcProviders.alchemy(name, k.text()))),
                    new Provider(RpcSource.INFURA, name -> infura.flatMap(k -> RpcProviders.infura(name, k.text()))),
                    new Provider(RpcSource.PUBLIC, RpcProviders::publicEndpoint));
            return networks(EVM, evm.getNetworks(), evm.getRpcUrls(), providers).stream()
                    .map(r -> new EvmNetwork(r.network(), r.rpcUrls(), r.rpcSource()))
                    .toList();
        }

        private List<SvmNetwork> svmNetworks() {
            Optional<Value> helius = apiKey(HELIUS_API_KEY, "x402j.svm.helius-api-key", svm.getHeliusApiKey());
            List<Provider> providers = List.of(
                    new Provider(RpcSource.HELIUS, name -> helius.flatMap(k -> RpcProviders.helius(name, k.text()))),
                    new Provider(RpcSource.PUBLIC, RpcProviders::publicEndpoint));
            return networks(SVM, svm.getNetworks(), svm.getRpcUrls(), providers).stream()
                    .map(r -> new SvmNetwork(r.network(), r.rpcUrls(), r.rpcSource()))
                    .toList();
        }

        /** The family's served networks with their endpoints: explicit URLs, else the first provider that serves it. */
        private List<Resolved> networks(
                Family family, List<String> ymlNetworks, Map<String, String> ymlRpcUrlMap, List<Provider> providers) {
            Map<String, Value> ymlRpcUrls = ymlByNetwork(family, family.rpcUrlsKey(), ymlRpcUrlMap);
            List<Resolved> out = new ArrayList<>();
            for (Network network : servedNetworks(family, ymlNetworks)) {
                String name = network.name();
                String envName = family.rpcUrlVariable().apply(name);
                Optional<Value> explicit = env.get(envName)
                        .map(text -> new Value(envName, text))
                        .or(() -> Optional.ofNullable(ymlRpcUrls.get(name)));
                if (explicit.isPresent()) {
                    httpUrls(explicit.get()).ifPresent(urls -> out.add(new Resolved(network, urls, RpcSource.EXPLICIT)));
                    continue;
                }
                Optional<Resolved> provided = providers.stream()
                        .flatMap(p -> p.url().apply(name)
                                .map(url -> new Resolved(network, List.of(url), p.source()))
                                .stream())
                        .findFirst();
                if (provided.isPresent()) {
                    out.add(provided.get());
                    continue;
                }
                problems.add(family.label() + " network '" + name + "' has no RPC URL (set " + envName + " or "
                        + family.rpcUrlsKey() + "." + name
                        + (family.providerServes().test(name) ? ", or " + family.providerVariables() : "") + ")");
            }
            return out;
        }

        /** The served networks, in order, without duplicates; unknown names and other families' networks are problems. */
        private List<Network> servedNetworks(Family family, List<String> ymlNetworks) {
            Optional<Value> fromEnv = env.get(family.networksVariable())
                    .map(text -> new Value(family.networksVariable(), text));
            String setting;
            List<String> names;
            if (fromEnv.isPresent()) {
                setting = family.networksVariable();
                names = Arrays.stream(fromEnv.get().text().split(",")).map(String::strip).toList();
            } else if (ymlNetworks != null) {
                setting = family.networksKey();
                names = ymlNetworks.stream().map(s -> s == null ? "" : s.strip()).toList();
            } else {
                setting = "the default networks";
                names = family.defaultNetworks();
            }
            names = names.stream().filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty()) {
                problems.add(setting + " names no network (for example " + String.join(",", family.defaultNetworks())
                        + ")");
                return List.of();
            }
            Map<String, Network> served = new LinkedHashMap<>();
            for (String name : names) {
                Optional<Network> network = registry.resolve(name).or(() -> customNetwork(family, name));
                if (network.isEmpty()) {
                    problems.add(setting + " names an unknown network '" + name + "' (known " + family.label()
                            + " networks: " + known(family) + ")");
                } else if (!family.member().test(network.get())) {
                    problems.add(setting + " names '" + name + "', which is not " + family.oneOfThem());
                } else {
                    served.putIfAbsent(network.get().chainId().toString(), network.get());
                }
            }
            return List.copyOf(served.values());
        }

        /**
         * A per-network map of the family ({@code rpc-urls}, {@code max-fees-per-gas}), keyed by canonical network
         * name; a key naming no known network is a problem.
         */
        private Map<String, Value> ymlByNetwork(Family family, String mapKey, Map<String, String> values) {
            Map<String, Value> out = new LinkedHashMap<>();
            (values == null ? Map.<String, String>of() : values).forEach((key, value) -> {
                String normalised = key == null ? "" : key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
                Optional<Network> network = registry.resolve(normalised).or(() -> customNetwork(family, normalised));
                if (network.isEmpty()) {
                    problems.add(mapKey + " names an unknown network '" + key + "' (known "
                            + family.label() + " networks: " + known(family) + ")");
                } else if (value != null && !value.isBlank()) {
                    out.put(network.get().name(), new Value(mapKey + "." + key, value.strip()));
                }
            });
            return out;
        }

        /** One or more http(s) URLs, comma separated, each once: the endpoints in order of preference. */
        private Optional<List<URI>> httpUrls(Value value) {
            // No URL is quoted: providers put API keys in them. URLs are named by position.
            List<String> texts = Arrays.stream(value.text().split(",")).map(String::strip).filter(t -> !t.isEmpty())
                    .toList();
            if (texts.isEmpty()) {
                problems.add(value.setting() + " holds no URL (expected http(s) URLs, comma separated)");
                return Optional.empty();
            }
            List<URI> urls = new ArrayList<>();
            Map<URI, Integer> positionOf = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < texts.size(); i++) {
                String which = texts.size() == 1 ? value.setting() : value.setting() + " URL " + (i + 1) + " of " + texts.size();
                Optional<URI> url = httpUrl(texts.get(i));
                if (url.isEmpty()) {
                    problems.add(which + " is not a valid http(s) URL with a host");
                    ok = false;
                    continue;
                }
                Integer first = positionOf.putIfAbsent(url.get(), i + 1);
                if (first != null) {
                    problems.add(value.setting() + " lists the same URL twice (URLs " + first + " and " + (i + 1) + ")");
                    ok = false;
                    continue;
                }
                urls.add(url.get());
            }
            return ok ? Optional.of(List.copyOf(urls)) : Optional.empty();
        }

        private static Optional<URI> httpUrl(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isBlank()) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException malformed) {
                // reported by the caller
            }
            return Optional.empty();
        }

        private Optional<Value> apiKey(String envName, String ymlKey, String ymlValue) {
            Optional<Value> value = pick(envName, ymlKey, ymlValue);
            if (value.isPresent() && !API_KEY.matcher(value.get().text()).matches()) {
                problems.add(value.get().setting()
                        + " is not a valid API key (expected only letters, digits, '-' and '_')");
                return Optional.empty();
            }
            return value;
        }

        private Duration positive(String setting, Duration value, Duration fallback) {
            if (value == null) {
                return fallback;
            }
            if (value.isNegative() || value.isZero()) {
                problems.add(setting + " must be a positive duration such as 30s, not " + value);
                return fallback;
            }
            return value;
        }

        /** A duration from the environment ({@code 30s}, {@code 500ms}, {@code 2m}, ISO {@code PT30S}), else the yml. */
        private Duration duration(String envName, String ymlKey, Duration ymlValue, Duration fallback) {
            Optional<String> fromEnv = env.get(envName);
            if (fromEnv.isEmpty()) {
                return positive(ymlKey, ymlValue, fallback);
            }
            Optional<Duration> parsed = parseDuration(fromEnv.get());
            if (parsed.isEmpty()) {
                problems.add(envName + " must be a positive duration such as 30s, 500ms or 2m, not '" + fromEnv.get() + "'");
                return fallback;
            }
            return positive(envName, parsed.get(), fallback);
        }

        private Optional<Value> pick(String envName, String ymlKey, String ymlValue) {
            Optional<String> fromEnv = env.get(envName);
            if (fromEnv.isPresent()) {
                return Optional.of(new Value(envName, fromEnv.get()));
            }
            if (ymlValue != null && !ymlValue.isBlank()) {
                return Optional.of(new Value(ymlKey, ymlValue.strip()));
            }
            return Optional.empty();
        }

        private String known(Family family) {
            return registry.all().stream().filter(family.member()).map(Network::name).collect(Collectors.joining(", "));
        }
    }

    /**
     * A chain the catalogue does not know, named by a well-formed EVM CAIP-2 id ({@code eip155:31337}, or
     * {@code eip155-31337} as a map key): served as the custom network {@code eip155-31337}, without a catalogue USDC.
     */
    private static Optional<Network> customNetwork(Family family, String name) {
        if (family != EVM) {
            return Optional.empty();
        }
        var matcher = CUSTOM_EVM.matcher(name.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(Network.withoutUsdc("eip155-" + matcher.group(1), ChainId.parse("eip155:" + matcher.group(1)), false));
    }

    /**
     * Reads a duration as {@code <n>ms|s|m|h|d} ({@code 30s}, {@code 2m}) or ISO-8601 ({@code PT30S}).
     *
     * @return empty if the text is neither
     */
    static Optional<Duration> parseDuration(String text) {
        String t = text.strip();
        var m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a network is a Solana cluster ({@code solana:<genesis hash prefix>}). */
    public static boolean isSolana(Network network) {
        return "solana".equals(network.chainId().namespace());
    }

    /** {@code EVM_RPC_URL_BASE_SEPOLIA} for {@code base-sepolia}. */
    public static String rpcUrlVariable(String networkName) {
        return EVM_RPC_URL_PREFIX + networkName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code EVM_MAX_FEE_PER_GAS_BASE_SEPOLIA} for {@code base-sepolia}. */
    public static String maxFeePerGasVariable(String networkName) {
        return EVM_MAX_FEE_PER_GAS_PREFIX + networkName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code SVM_RPC_URL_SOLANA_DEVNET} for {@code solana-devnet}. */
    public static String svmRpcUrlVariable(String networkName) {
        return SVM_RPC_URL_PREFIX + networkName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code https://host[:port]} of an endpoint: no user info, path or query (where providers put API keys). */
    static String endpointForLogs(URI rpcUrl) {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "");
    }

    /** {@link #endpointForLogs(URI)} of each endpoint, comma separated. */
    static String endpointsForLogs(List<URI> rpcUrls) {
        return rpcUrls.stream().map(ServerSettings::endpointForLogs).collect(Collectors.joining(", "));
    }

    /** {@code 500ms}, {@code 15s}: the form the environment variables take. */
    private static String humanDuration(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toString();
        }
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    private static String sentence(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0) + ".";
        }
        return problems.size() + " settings are wrong: " + String.join("; ", problems) + ".";
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
