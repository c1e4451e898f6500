package dev.x402j.server;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.config.SettingValue;
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
 * The server's configuration, resolved once at start-up: the general settings ({@link GeneralSettings}: port, mode,
 * timing, stores, rate limit), then each chain family's own ({@link ChainFamily#settings()}: keys, networks, RPC URLs
 * and providers, fee caps…), all read by one {@link SettingsReader}: each from its environment variable first and,
 * when that is not set, its key of {@code application.yml}, then its default.
 *
 * <p>Live mode serves each family whose key is set ({@link ChainFamily#hasKey}); {@code auto} is live as soon as one
 * is. Dev mode serves each family's local chain instead ({@link ChainFamily#devChain}). The RPC timeout and call
 * deadline apply to every network of every family, dev mode's local chains included. {@link StoreSettings} says where
 * the records are kept, {@link RateLimitSettings} how many requests a client may make.
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

    /**
     * Dev: each family's local chain with a test USDC, nothing else. Live: the configured networks
     * of each family whose key is configured.
     */
    public enum Mode {
        DEV,
        LIVE
    }

    private final Mode mode;
    private final boolean devByDefault;
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
            boolean devByDefault,
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
        this.devByDefault = devByDefault;
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
     * @param source   the environment and the configuration file ({@link ServerSettingSource} in the server)
     * @param families the chain families to serve, ordered ({@code ChainFamilies.onClassPath()} in the server)
     * @throws SettingsException naming every bad setting, in one sentence
     */
    public static ServerSettings resolve(SettingSource source, List<ChainFamily> families) {
        return new Resolver(source, families).resolve();
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

    /**
     * Whether dev mode was chosen by {@code auto} for want of a key, not asked for with {@code X402J_MODE=dev}: then
     * the server listens on the loopback interface only ({@link LoopbackBinding}), so that a live deployment that lost
     * its key never serves a demo facilitator to the network.
     */
    public boolean devModeByDefault() {
        return devByDefault;
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

    /** Where the settings were read (the environment and the configuration file). */
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
        return "ServerSettings[mode=" + mode + (devByDefault ? " (auto: no key; loopback only)" : "") + ", port=" + port + ", families=" + families
                + ", confirmTimeout=" + confirmTimeout + ", reconcileInterval=" + reconcileInterval
                + ", reconcileStaleAfter=" + reconcileStaleAfter + ", reconcileReplaceAfter=" + reconcileReplaceAfter
                + ", rpcTimeout=" + rpcOptions.requestTimeout() + ", rpcCallDeadline=" + rpcOptions.callTimeout()
                + ", stores=" + stores + "]";
    }

    // ------------------------------------------------------------------------------------------------ resolution

    private static final class Resolver {
        private final List<ChainFamily> families;
        private final SettingsReader reader;

        Resolver(SettingSource source, List<ChainFamily> families) {
            this.families = List.copyOf(families);
            this.reader = new SettingsReader(Objects.requireNonNull(source, "source"));
        }

        ServerSettings resolve() {
            int port = port();
            Duration confirmTimeout = duration(GeneralSettings.CONFIRM_TIMEOUT, DEFAULT_CONFIRM_TIMEOUT);
            Duration reconcileInterval = duration(GeneralSettings.RECONCILE_INTERVAL, DEFAULT_RECONCILE_INTERVAL);
            Duration reconcileStaleAfter = duration(GeneralSettings.RECONCILE_STALE_AFTER, DEFAULT_RECONCILE_STALE_AFTER);
            Duration reconcileReplaceAfter =
                    duration(GeneralSettings.RECONCILE_REPLACE_AFTER, DEFAULT_RECONCILE_REPLACE_AFTER);
            RpcOptions rpcOptions = rpcOptions();

            NetworkRegistry networks = NetworkRegistry.of(catalogue());
            FamilyContext context = new FamilyContext(networks, rpcOptions);
            List<ChainFamily> keyed = families.stream().filter(f -> f.hasKey(reader)).toList();
            Mode mode = mode(!keyed.isEmpty());
            boolean devByDefault = mode == Mode.DEV && reader.value(GeneralSettings.MODE)
                    .map(v -> v.text().strip().equalsIgnoreCase("auto")).orElse(true);

            List<ServedFamily> served = new ArrayList<>();
            List<DevChain.Launcher> devChains = new ArrayList<>();
            if (mode == Mode.LIVE) {
                keyed.forEach(f -> f.configure(reader, context).ifPresent(served::add));
            } else {
                families.forEach(f -> f.devChain(reader, context).ifPresent(devChains::add));
            }
            StoreSettings stores = mode == Mode.DEV ? StoreSettings.forDevMode(reader) : StoreSettings.resolve(reader);
            RateLimitSettings rateLimit = RateLimitSettings.resolve(reader);
            if (reader.hasProblems()) {
                throw new SettingsException(reader.sentence());
            }
            return new ServerSettings(mode, devByDefault, port, served, devChains, networks, reader.source(), confirmTimeout,
                    reconcileInterval, reconcileStaleAfter, reconcileReplaceAfter, rpcOptions, stores, rateLimit);
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
            Optional<SettingValue> value = reader.value(GeneralSettings.PORT);
            if (value.isEmpty()) {
                return DEFAULT_PORT;
            }
            try {
                return parsePort(value.get().origin(), value.get().text());
            } catch (SettingsException e) {
                reader.problem(stripPeriod(e.getMessage()));
                return DEFAULT_PORT;
            }
        }

        private Mode mode(boolean haveKey) {
            Optional<SettingValue> value = reader.value(GeneralSettings.MODE);
            String mode = value.map(v -> v.text().toLowerCase(Locale.ROOT)).orElse("auto");
            return switch (mode) {
                case "auto" -> haveKey ? Mode.LIVE : Mode.DEV;
                case "dev" -> Mode.DEV;
                case "live" -> {
                    if (!haveKey) {
                        List<Setting> keys = families.stream().flatMap(f -> f.keySettings().stream()).toList();
                        reader.problem(value.get().origin() + " is live but no private key is set (set "
                                + keys.stream().flatMap(k -> k.env().stream()).collect(Collectors.joining(" or "))
                                + ", or " + keys.stream().map(Setting::key).collect(Collectors.joining(" or ")) + ")");
                    }
                    yield Mode.LIVE;
                }
                default -> {
                    reader.problem(value.get().origin() + " must be auto, dev or live, not '" + value.get().text() + "'");
                    yield haveKey ? Mode.LIVE : Mode.DEV;
                }
            };
        }

        /** The request timeout and the call deadline, the deadline no shorter than the timeout. */
        private RpcOptions rpcOptions() {
            int before = reader.problemCount();
            Duration timeout = duration(GeneralSettings.RPC_TIMEOUT, DEFAULT_RPC_TIMEOUT);
            Duration deadline = duration(GeneralSettings.RPC_CALL_DEADLINE, DEFAULT_RPC_CALL_DEADLINE);
            if (reader.problemCount() > before) {
                return RpcOptions.defaults();
            }
            if (deadline.compareTo(timeout) < 0) {
                reader.problem(origin(GeneralSettings.RPC_CALL_DEADLINE) + " must not be shorter than "
                        + origin(GeneralSettings.RPC_TIMEOUT) + " ("
                        + described(deadline, GeneralSettings.RPC_CALL_DEADLINE) + " < "
                        + described(timeout, GeneralSettings.RPC_TIMEOUT) + ")");
                return RpcOptions.defaults();
            }
            return RpcOptions.defaults().withRequestTimeout(timeout).withCallTimeout(deadline);
        }

        /** The name of where a setting came from: its variable, or its key; its variable when it is not set. */
        private String origin(Setting setting) {
            return reader.value(setting).map(SettingValue::origin).orElseGet(() -> GeneralSettings.variable(setting));
        }

        /** {@code 15s}, and {@code by default} when the setting is not set. */
        private String described(Duration value, Setting setting) {
            return humanDuration(value) + (reader.value(setting).isEmpty() ? " by default" : "");
        }

        /** A positive duration ({@code 30s}, {@code 500ms}, {@code 2m}, ISO {@code PT30S}), else {@code fallback}. */
        private Duration duration(Setting setting, Duration fallback) {
            Optional<SettingValue> value = reader.value(setting);
            if (value.isEmpty()) {
                return fallback;
            }
            Optional<Duration> parsed = SettingsReader.parseDuration(value.get().text());
            if (parsed.isEmpty()) {
                reader.problem(value.get().origin() + " must be a positive duration such as 30s, 500ms or 2m, not '"
                        + value.get().text() + "'");
                return fallback;
            }
            if (parsed.get().isNegative() || parsed.get().isZero()) {
                reader.problem(value.get().origin() + " must be a positive duration such as 30s, not " + parsed.get());
                return fallback;
            }
            return parsed.get();
        }
    }

    /** {@code 500ms}, {@code 15s}: the form the environment variables take. */
    private static String humanDuration(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toString();
        }
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
