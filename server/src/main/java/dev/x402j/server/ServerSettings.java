package dev.x402j.server;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.FamilyContext;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.rpc.RpcOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The server's configuration, resolved once at start-up: the general settings below, then each chain family's own
 * ({@link ChainFamily#settings()}: keys, networks, RPC URLs and providers, fee caps…), each from its environment
 * variable first and, when that is not set, its {@code x402j.*} key of {@code application.yml}:
 *
 * <table>
 *   <caption>general settings</caption>
 *   <tr><th>environment variable</th><th>application.yml</th><th>default</th></tr>
 *   <tr><td>{@code PORT}</td><td>{@code x402j.port}</td><td>8090</td></tr>
 *   <tr><td>{@code X402J_MODE}</td><td>{@code x402j.mode}</td><td>{@code auto}: dev mode when no private key</td></tr>
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
 * <p>Live mode serves each family whose key is set ({@link ChainFamily#hasKey}); {@code auto} is live as soon as one
 * is. Dev mode serves each family's local chain instead ({@link ChainFamily#devChain}). The RPC timeout and call
 * deadline apply to every network of every family, dev mode's local chains included.
 *
 * <p>{@link #resolve} checks everything and throws a {@link SettingsException} whose message is one sentence naming each
 * bad setting; it never contains a private key, an API key or an RPC URL (which may embed a key). Immutable;
 * {@link #toString()} shows no secret.
 */
public final class ServerSettings {

    public static final int DEFAULT_PORT = 8090;
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
    public static final String X402J_RECONCILE_INTERVAL = "X402J_RECONCILE_INTERVAL";
    public static final String X402J_RECONCILE_STALE_AFTER = "X402J_RECONCILE_STALE_AFTER";
    public static final String X402J_RECONCILE_REPLACE_AFTER = "X402J_RECONCILE_REPLACE_AFTER";
    public static final String X402J_RPC_TIMEOUT = "X402J_RPC_TIMEOUT";
    public static final String X402J_RPC_CALL_DEADLINE = "X402J_RPC_CALL_DEADLINE";

    /**
     * Dev: each family's local chain with a test USDC, nothing else. Live: the configured networks
     * of each family whose key is configured.
     */
    public enum Mode {
        DEV,
        LIVE
    }

    private final Mode mode;
    private final int port;
    private final List<ServedFamily> families;
    private final List<DevChain.Launcher> devChains;
    private final NetworkRegistry networks;
    private final SettingSource source;
    private final Duration confirmTimeout;
    private final Duration reconcileInterval;
    private final Duration reconcileStaleAfter;
    private final Duration reconcileReplaceAfter;
    private final RpcOptions rpcOptions;
    private final StoreSettings stores;
    private final RateLimitSettings rateLimit;

    private ServerSettings(
            Mode mode,
            int port,
            List<ServedFamily> families,
            List<DevChain.Launcher> devChains,
            NetworkRegistry networks,
            SettingSource source,
            Duration confirmTimeout,
            Duration reconcileInterval,
            Duration reconcileStaleAfter,
            Duration reconcileReplaceAfter,
            RpcOptions rpcOptions,
            StoreSettings stores,
            RateLimitSettings rateLimit) {
        this.mode = mode;
        this.port = port;
        this.families = List.copyOf(families);
        this.devChains = List.copyOf(devChains);
        this.networks = networks;
        this.source = source;
        this.confirmTimeout = confirmTimeout;
        this.reconcileInterval = reconcileInterval;
        this.reconcileStaleAfter = reconcileStaleAfter;
        this.reconcileReplaceAfter = reconcileReplaceAfter;
        this.rpcOptions = rpcOptions;
        this.stores = stores;
        this.rateLimit = rateLimit;
    }

    /**
     * Resolves the settings: environment first, then {@code application.yml}, then defaults, for the general settings
     * and those of every family.
     *
     * @param file     the {@code application.yml} keys of the families' settings (and every other key, unused here)
     * @param families the chain families to serve, ordered ({@code ChainFamilies.onClassPath()} in the server)
     * @throws SettingsException naming every bad setting, in one sentence
     */
    public static ServerSettings resolve(EnvironmentVariables env, X402jProperties properties,
            DataSourceProperties dataSource, SettingSource file, List<ChainFamily> families) {
        return new Resolver(env, properties, dataSource, file, families).resolve();
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

    /** The families served in live mode, each as configured, in family order; empty in dev mode. */
    public List<ServedFamily> families() {
        return families;
    }

    /** The configured family of this type, in live mode. */
    public <F extends ServedFamily> Optional<F> family(Class<F> type) {
        return families.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Dev mode's local chains, not started yet, in family order; empty in live mode. */
    public List<DevChain.Launcher> devChains() {
        return devChains;
    }

    /** The networks of every family on the class path, the catalogue the facilitator starts from. */
    public NetworkRegistry networks() {
        return networks;
    }

    /** Where the families' settings were read (the environment and the configuration file). */
    public SettingSource source() {
        return source;
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
        return "ServerSettings[mode=" + mode + ", port=" + port + ", families=" + families
                + ", confirmTimeout=" + confirmTimeout + ", reconcileInterval=" + reconcileInterval
                + ", reconcileStaleAfter=" + reconcileStaleAfter + ", reconcileReplaceAfter=" + reconcileReplaceAfter
                + ", rpcTimeout=" + rpcOptions.requestTimeout() + ", rpcCallDeadline=" + rpcOptions.callTimeout()
                + ", stores=" + stores + "]";
    }

    // ------------------------------------------------------------------------------------------------ resolution

    /** A setting's text and the name of where it came from (an environment variable or a yml key). */
    private record Value(String setting, String text) {}

    private static final class Resolver {
        private final EnvironmentVariables env;
        private final X402jProperties props;
        private final DataSourceProperties dataSource;
        private final List<ChainFamily> families;
        private final SettingsReader reader;
        private final List<String> problems = new ArrayList<>();

        Resolver(EnvironmentVariables env, X402jProperties props, DataSourceProperties dataSource, SettingSource file,
                List<ChainFamily> families) {
            this.env = Objects.requireNonNull(env, "env");
            this.props = props == null ? new X402jProperties() : props;
            this.dataSource = dataSource == null ? new DataSourceProperties() : dataSource;
            this.families = List.copyOf(families);
            this.reader = new SettingsReader(Objects.requireNonNull(file, "file"));
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

            NetworkRegistry networks = NetworkRegistry.of(catalogue());
            FamilyContext context = new FamilyContext(networks, rpcOptions);
            List<ChainFamily> keyed = families.stream().filter(f -> f.hasKey(reader)).toList();
            Mode mode = mode(!keyed.isEmpty());

            List<ServedFamily> served = new ArrayList<>();
            List<DevChain.Launcher> devChains = new ArrayList<>();
            if (mode == Mode.LIVE) {
                keyed.forEach(f -> f.configure(reader, context).ifPresent(served::add));
            } else {
                families.forEach(f -> f.devChain(reader, context).ifPresent(devChains::add));
            }
            problems.addAll(reader.problems());
            StoreSettings stores = mode == Mode.DEV
                    ? StoreSettings.forDevMode(env, props, dataSource)
                    : StoreSettings.resolve(env, props, dataSource, problems);
            RateLimitSettings rateLimit = RateLimitSettings.resolve(env, props, problems);
            if (!problems.isEmpty()) {
                throw new SettingsException(sentence(problems));
            }
            return new ServerSettings(mode, port, served, devChains, networks, reader.source(), confirmTimeout, reconcileInterval,
                    reconcileStaleAfter, reconcileReplaceAfter, rpcOptions, stores, rateLimit);
        }

        /** The families' networks, then those of {@code NetworkRegistry.defaults()} no family here claims. */
        private List<dev.x402j.core.Network> catalogue() {
            Map<String, dev.x402j.core.Network> all = new LinkedHashMap<>();
            families.forEach(f -> f.networks().forEach(n -> all.putIfAbsent(n.chainId().toString(), n)));
            java.util.Set<String> claimed = families.stream().map(ChainFamily::namespace).collect(Collectors.toSet());
            NetworkRegistry.defaults().all().stream()
                    .filter(n -> !claimed.contains(n.chainId().namespace()))
                    .forEach(n -> all.putIfAbsent(n.chainId().toString(), n));
            return List.copyOf(all.values());
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
                        List<Setting> keys = families.stream().flatMap(f -> f.keySettings().stream()).toList();
                        problems.add(value.get().setting() + " is live but no private key is set (set "
                                + keys.stream().flatMap(k -> k.env().stream()).collect(Collectors.joining(" or "))
                                + ", or " + keys.stream().map(Setting::key).collect(Collectors.joining(" or ")) + ")");
                    }
                    yield Mode.LIVE;
                }
                default -> {
                    problems.add(value.get().setting() + " must be auto, dev or live, not '" + value.get().text() + "'");
                    yield haveKey ? Mode.LIVE : Mode.DEV;
                }
            };
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
    }

    /**
     * Reads a duration as {@code <n>ms|s|m|h|d} ({@code 30s}, {@code 2m}) or ISO-8601 ({@code PT30S}).
     *
     * @return empty if the text is neither
     */
    static Optional<Duration> parseDuration(String text) {
        return SettingsReader.parseDuration(text);
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
