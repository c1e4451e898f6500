package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.config.SettingsReader;
import dev.x402j.server.StoreSettings.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store settings: URL parsing, precedence, defaults, problems, and that no password is ever shown. */
class StoreSettingsTest {
    /** Anvil's public dev key 0. */
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String SECRET = "s3cr3t-Pa55";

    private static Map<String, String> live(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("EVM_PRIVATE_KEY", KEY);
        m.put("EVM_NETWORKS", "base-sepolia");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ServerSettings resolve(Map<String, String> env) {
        return resolve(env, new SettingsFile());
    }

    private static ServerSettings resolve(Map<String, String> env, SettingsFile file) {
        return file.resolve(env);
    }

    private static String failure(Map<String, String> env, SettingsFile file) {
        try {
            resolve(env, file);
        } catch (SettingsException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a SettingsException");
    }

    private static String failure(Map<String, String> env) {
        return failure(env, new SettingsFile());
    }

    private static StoreSettings.Postgres postgres(String url) {
        List<String> problems = new ArrayList<>();
        StoreSettings.Postgres pg = StoreUrls.parsePostgres("DATABASE_URL", url, null, null, 10, problems);
        assertThat(problems).as(url).isEmpty();
        return pg;
    }

    private static String postgresProblem(String url) {
        List<String> problems = new ArrayList<>();
        assertThat(StoreUrls.parsePostgres("DATABASE_URL", url, null, null, 10, problems)).isNull();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    // ------------------------------------------------------------------------------------------------ PostgreSQL URLs

    @Test
    void aHerokuStylePostgresUrlBecomesAJdbcUrlWithTheCredentialsTakenOut() {
        StoreSettings.Postgres pg = postgres("postgres://app:" + SECRET + "@db.example:6543/payments");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/payments");
        assertThat(pg.username()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo(SECRET);
        assertThat(pg.endpoint()).isEqualTo("db.example:6543/payments");
        assertThat(pg.setting()).isEqualTo("DATABASE_URL");
    }

    @Test
    void postgresqlSchemeDefaultPortQueryParametersAndPercentEncodedCredentials() {
        StoreSettings.Postgres pg = postgres("postgresql://us%40er:p%3Aa%2Fss+word@10.0.0.5/ledger?sslmode=require");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:5432/ledger?sslmode=require");
        assertThat(pg.username()).isEqualTo("us@er");
        assertThat(pg.password()).isEqualTo("p:a/ss+word");
        assertThat(pg.endpoint()).isEqualTo("10.0.0.5:5432/ledger");
    }

    @Test
    void aUserWithoutPasswordAndAnIpv6Host() {
        StoreSettings.Postgres pg = postgres("postgres://postgres@[::1]:5433/x");
        assertThat(pg.username()).isEqualTo("postgres");
        assertThat(pg.password()).isNull();
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/x");
    }

    @Test
    void aJdbcUrlIsKeptAsGivenAndItsCredentialsAreRead() {
        String url = "jdbc:postgresql://127.0.0.1:5432/x402j?user=ledger&password=" + SECRET + "&ssl=false";
        StoreSettings.Postgres pg = postgres(url);
        assertThat(pg.jdbcUrl()).isEqualTo(url);
        assertThat(pg.username()).isEqualTo("ledger");
        assertThat(pg.password()).isEqualTo(SECRET);
        assertThat(pg.endpoint()).isEqualTo("127.0.0.1:5432/x402j");
    }

    @Test
    void aJdbcUrlWithSeveralHostsNamesThemAll() {
        StoreSettings.Postgres pg = postgres("jdbc:postgresql://a.example:5432,b.example:5433/x402j?targetServerType=primary");
        assertThat(pg.endpoint()).isEqualTo("a.example:5432,b.example:5433/x402j");
        assertThat(pg.username()).isNull();
    }

    @Test
    void urlCredentialsWinOverTheDatasourceOnesWhichFillWhatIsMissing() {
        List<String> problems = new ArrayList<>();
        StoreSettings.Postgres fromUrl = StoreUrls.parsePostgres(
                "DATABASE_URL", "postgres://a:b@h/d", "other", "other-pw", 4, problems);
        assertThat(fromUrl.username()).isEqualTo("a");
        assertThat(fromUrl.password()).isEqualTo("b");
        assertThat(fromUrl.maximumPoolSize()).isEqualTo(4);
        StoreSettings.Postgres filled = StoreUrls.parsePostgres(
                "DATABASE_URL", "postgres://h/d", "other", "other-pw", 4, problems);
        assertThat(filled.username()).isEqualTo("other");
        assertThat(filled.password()).isEqualTo("other-pw");
        assertThat(problems).isEmpty();
    }

    @Test
    void badPostgresUrlsAreNamedWithoutRepeatingTheValue() {
        String notAUrl = "DATABASE_URL is not a PostgreSQL URL (expected postgres://user:password@host:5432/database or"
                + " jdbc:postgresql://host:5432/database; the value is not repeated here as it may hold a password)";
        assertThat(postgresProblem("mysql://root:" + SECRET + "@h/d")).isEqualTo(notAUrl);
        assertThat(postgresProblem("127.0.0.1:5432/x402j")).isEqualTo(notAUrl);
        assertThat(postgresProblem("postgres://u:" + SECRET + "@h:notaport/d")).isEqualTo(notAUrl);
        assertThat(postgresProblem("jdbc:postgresql://h:99999999999/d")).isEqualTo(notAUrl);
        assertThat(postgresProblem("postgres://u:" + SECRET + "@h:5432")).isEqualTo(
                "DATABASE_URL names no database (expected postgres://user:password@host:5432/database)");
        assertThat(postgresProblem("postgres://u:" + SECRET + "@h:5432/")).contains("names no database");
        assertThat(postgresProblem("postgres://u:pa ss" + SECRET + "@h/d")).isEqualTo("DATABASE_URL is not a valid URL"
                + " (percent-encode special characters of the user and password; the value is not repeated here as it"
                + " may hold a password)");
    }

    // ------------------------------------------------------------------------------------------------ Redis URLs

    @Test
    void redisUrlsOfEveryKindAreReadAndDescribedWithoutCredentials() {
        List<String> problems = new ArrayList<>();
        StoreSettings.Redis plain = StoreUrls.parseRedis("REDIS_URL", "redis://127.0.0.1:6379/2", "x402j:", problems);
        StoreSettings.Redis auth = StoreUrls.parseRedis("REDIS_URL",
                "rediss://default:" + SECRET + "@cache.example:6380/0", "p:", problems);
        StoreSettings.Redis noPort = StoreUrls.parseRedis("REDIS_URL", "redis://cache", "x402j:", problems);
        assertThat(problems).isEmpty();
        assertThat(plain.endpoint()).isEqualTo("127.0.0.1:6379/2");
        assertThat(auth.endpoint()).isEqualTo("cache.example:6380/0");
        assertThat(auth.url()).contains(SECRET); // kept to connect with
        assertThat(auth.toString()).doesNotContain(SECRET).isEqualTo("redis cache.example:6380/0 (key prefix 'p:')");
        assertThat(noPort.endpoint()).isEqualTo("cache:6379/0");
    }

    @Test
    void badRedisUrlsAreNamedWithoutRepeatingTheValue() {
        for (String bad : List.of("localhost:6379", "http://" + SECRET + "@cache:6379", "redis://", "redis://:" + SECRET + "@/0")) {
            List<String> problems = new ArrayList<>();
            assertThat(StoreUrls.parseRedis("REDIS_URL", bad, "x402j:", problems)).as(bad).isNull();
            assertThat(problems).as(bad).containsExactly("REDIS_URL is not a Redis URL (expected"
                    + " redis://[[user:]password@]host[:port][/database] or rediss://…; the value is not repeated here as"
                    + " it may hold a password)");
        }
    }

    // ------------------------------------------------------------------------------------------------ precedence

    @Test
    void withNothingConfiguredEverythingIsInMemory() {
        StoreSettings stores = resolve(live()).stores();
        assertThat(stores.ledger()).isEqualTo(Backend.MEMORY);
        assertThat(stores.sessions()).isEqualTo(Backend.MEMORY);
        assertThat(stores.tracking()).isEqualTo(Backend.MEMORY);
        assertThat(stores.reconcilerLock()).isFalse();
        assertThat(stores.postgres()).isEmpty();
        assertThat(stores.redis()).isEmpty();
    }

    @Test
    void postgresAloneHoldsEverythingAndTheReconcilerIsUnlocked() {
        StoreSettings stores = resolve(live("DATABASE_URL", "postgres://u:" + SECRET + "@db/x")).stores();
        assertThat(stores.ledger()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.sessions()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.tracking()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.reconcilerLock()).isFalse();
        assertThat(stores.postgres().orElseThrow().maximumPoolSize()).isEqualTo(StoreSettings.DEFAULT_MAXIMUM_POOL_SIZE);
    }

    @Test
    void redisAloneHoldsLedgerSessionsAndLockButTrackingStaysInMemory() {
        StoreSettings stores = resolve(live("REDIS_URL", "redis://127.0.0.1:6379/0")).stores();
        assertThat(stores.ledger()).isEqualTo(Backend.REDIS);
        assertThat(stores.sessions()).isEqualTo(Backend.REDIS);
        assertThat(stores.tracking()).isEqualTo(Backend.MEMORY);
        assertThat(stores.reconcilerLock()).isTrue();
        assertThat(stores.redis().orElseThrow().keyPrefix()).isEqualTo("x402j:");
    }

    @Test
    void withBothPostgresHoldsTheRecordsAndRedisTheLock() {
        StoreSettings stores = resolve(live("DATABASE_URL", "postgres://db/x", "REDIS_URL", "redis://cache:6379/1",
                "X402J_REDIS_KEY_PREFIX", "blue:")).stores();
        assertThat(stores.ledger()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.sessions()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.tracking()).isEqualTo(Backend.POSTGRES);
        assertThat(stores.reconcilerLock()).isTrue();
        assertThat(stores.redis().orElseThrow().keyPrefix()).isEqualTo("blue:");
        assertThat(stores.describe()).isEqualTo("settlement ledger, upto sessions and tracking in postgres db:5432/x"
                + " (pool 10); reconciler locked in redis cache:6379/1 (key prefix 'blue:')");
    }

    @Test
    void theEnvironmentWinsOverApplicationYmlAndYmlWorksAlone() {
        SettingsFile props = new SettingsFile();
        props.set("x402j.redis.url", "redis://from-yml:6379/0");
        props.set("x402j.redis.key-prefix", "yml:");
        props.set("datasources.default.url", "jdbc:postgresql://from-yml:5432/yml");
        props.set("datasources.default.username", "yml-user");
        props.set("datasources.default.password", SECRET);
        props.set("datasources.default.maximum-pool-size", 3);

        StoreSettings fromYml = resolve(live(), props).stores();
        assertThat(fromYml.postgres().orElseThrow().endpoint()).isEqualTo("from-yml:5432/yml");
        assertThat(fromYml.postgres().orElseThrow().setting()).isEqualTo("datasources.default.url");
        assertThat(fromYml.postgres().orElseThrow().username()).isEqualTo("yml-user");
        assertThat(fromYml.postgres().orElseThrow().password()).isEqualTo(SECRET);
        assertThat(fromYml.postgres().orElseThrow().maximumPoolSize()).isEqualTo(3);
        assertThat(fromYml.redis().orElseThrow().endpoint()).isEqualTo("from-yml:6379/0");
        assertThat(fromYml.redis().orElseThrow().setting()).isEqualTo("x402j.redis.url");
        assertThat(fromYml.redis().orElseThrow().keyPrefix()).isEqualTo("yml:");

        StoreSettings fromEnv = resolve(live("DATABASE_URL", "postgres://env/e", "REDIS_URL", "redis://env:6380/3",
                "X402J_REDIS_KEY_PREFIX", "env:"), props).stores();
        assertThat(fromEnv.postgres().orElseThrow().endpoint()).isEqualTo("env:5432/e");
        assertThat(fromEnv.postgres().orElseThrow().username()).isEqualTo("yml-user"); // the URL names none
        assertThat(fromEnv.redis().orElseThrow().endpoint()).isEqualTo("env:6380/3");
        assertThat(fromEnv.redis().orElseThrow().keyPrefix()).isEqualTo("env:");
    }

    @Test
    void devModeKeepsEverythingInMemoryAndSaysWhatItIgnores() {
        StoreSettings stores = resolve(Map.of("DATABASE_URL", "postgres://u:" + SECRET + "@db/x",
                "REDIS_URL", "not even a url")).stores();
        assertThat(stores.ledger()).isEqualTo(Backend.MEMORY);
        assertThat(stores.ignored()).containsExactly("DATABASE_URL", "REDIS_URL");
        assertThat(stores.describe()).endsWith("; dev mode ignores DATABASE_URL, REDIS_URL");
    }

    // ------------------------------------------------------------------------------------------------ problems, secrets

    @Test
    void storeProblemsJoinTheOtherProblemsInOneSentence() {
        String message = failure(live("DATABASE_URL", "mysql://root:" + SECRET + "@h/d", "REDIS_URL", "cache:6379",
                "PORT", "0"));
        assertThat(message).startsWith("3 settings are wrong: PORT must be a TCP port")
                .contains("DATABASE_URL is not a PostgreSQL URL")
                .contains("REDIS_URL is not a Redis URL")
                .endsWith(".")
                .doesNotContain(SECRET);
    }

    @Test
    void aPoolOfNoConnectionIsRefused() {
        SettingsFile file = new SettingsFile().set("datasources.default.maximum-pool-size", 0);
        assertThat(failure(live("DATABASE_URL", "postgres://db/x"), file))
                .isEqualTo("datasources.default.maximum-pool-size must be at least 1, not 0.");
    }

    @Test
    void aPoolSizeThatIsNotANumberIsNamed() {
        SettingsFile file = new SettingsFile().set("datasources.default.maximum-pool-size", "ten");
        assertThat(failure(live("DATABASE_URL", "postgres://db/x"), file)).isEqualTo(
                "datasources.default.maximum-pool-size must be a whole number of connections, at least 1, not 'ten'.");
    }

    @Test
    void thePasswordVariableWinsOverItsKey() {
        SettingsFile file = new SettingsFile().set("datasources.default.password", "from-the-file");
        StoreSettings stores = resolve(live("DATABASE_URL", "postgres://db/x", "DATASOURCES_DEFAULT_PASSWORD", SECRET),
                file).stores();
        assertThat(stores.postgres().orElseThrow().password()).isEqualTo(SECRET);
        assertThat(stores.toString()).doesNotContain(SECRET);
    }

    @Test
    void noPasswordInTheSettingsToStringOrDescription() {
        ServerSettings settings = resolve(live("DATABASE_URL", "postgres://ledger:" + SECRET + "@db:5432/x",
                "REDIS_URL", "redis://default:" + SECRET + "@cache:6379/0"));
        assertThat(settings.toString()).doesNotContain(SECRET)
                .contains("postgres db:5432/x as ledger (pool 10)")
                .contains("redis cache:6379/0 (key prefix 'x402j:')");
        assertThat(settings.stores().describe()).doesNotContain(SECRET);
        assertThat(settings.stores().postgres().orElseThrow().toString()).doesNotContain(SECRET);

        ServerSettings jdbc = resolve(live("DATABASE_URL", "jdbc:postgresql://db/x?user=u&password=" + SECRET));
        assertThat(jdbc.toString()).doesNotContain(SECRET);
        SettingsFile file = new SettingsFile().set("datasources.default.password", SECRET);
        ServerSettings withPassword = resolve(live("DATABASE_URL", "postgres://db/x"), file);
        assertThat(withPassword.stores().postgres().orElseThrow().password()).isEqualTo(SECRET);
        assertThat(withPassword.toString()).doesNotContain(SECRET);
        assertThat(withPassword.source().toString()).doesNotContain(SECRET);
    }

    // ------------------------------------------------------------------------------------------------ reconciler timing

    @Test
    void reconcileIntervalAndStaleAgeHaveDefaultsYmlKeysAndEnvironmentVariables() {
        ServerSettings defaults = resolve(live());
        assertThat(defaults.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.reconcileStaleAfter()).isEqualTo(Duration.ofMinutes(2));

        SettingsFile props = new SettingsFile();
        props.set("x402j.reconcile-interval", Duration.ofSeconds(10));
        props.set("x402j.reconcile-stale-after", Duration.ofMinutes(5));
        ServerSettings yml = resolve(live(), props);
        assertThat(yml.reconcileInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(yml.reconcileStaleAfter()).isEqualTo(Duration.ofMinutes(5));

        ServerSettings env = resolve(live("X402J_RECONCILE_INTERVAL", "1500ms", "X402J_RECONCILE_STALE_AFTER", "PT1S"),
                props);
        assertThat(env.reconcileInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(env.reconcileStaleAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void badReconcileDurationsAreNamed() {
        assertThat(failure(live("X402J_RECONCILE_INTERVAL", "soon")))
                .isEqualTo("X402J_RECONCILE_INTERVAL must be a positive duration such as 30s, 500ms or 2m, not 'soon'.");
        assertThat(failure(live("X402J_RECONCILE_STALE_AFTER", "0s")))
                .isEqualTo("X402J_RECONCILE_STALE_AFTER must be a positive duration such as 30s, not PT0S.");
        SettingsFile props = new SettingsFile();
        props.set("x402j.reconcile-stale-after", Duration.ofSeconds(-1));
        assertThat(failure(live(), props))
                .isEqualTo("x402j.reconcile-stale-after must be a positive duration such as 30s, not PT-1S.");
    }

    @Test
    void durationsReadAsUsersWriteThem() {
        assertThat(SettingsReader.parseDuration("30s")).contains(Duration.ofSeconds(30));
        assertThat(SettingsReader.parseDuration(" 2m ")).contains(Duration.ofMinutes(2));
        assertThat(SettingsReader.parseDuration("250ms")).contains(Duration.ofMillis(250));
        assertThat(SettingsReader.parseDuration("1h")).contains(Duration.ofHours(1));
        assertThat(SettingsReader.parseDuration("1d")).contains(Duration.ofDays(1));
        assertThat(SettingsReader.parseDuration("pt45s")).contains(Duration.ofSeconds(45));
        assertThat(SettingsReader.parseDuration("30")).isEmpty();
        assertThat(SettingsReader.parseDuration("1.5s")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ custom chains

    @Test
    void liveModeServesAChainTheCatalogueDoesNotKnowByItsCaip2Id() {
        ServerSettings settings = resolve(Map.of("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "eip155:31337",
                "EVM_RPC_URL_EIP155_31337", "http://127.0.0.1:8545"));
        assertThat(ResolvedFamilies.evmNetworks(settings)).singleElement().satisfies(n -> {
            assertThat(n.network().name()).isEqualTo("eip155-31337");
            assertThat(n.network().chainId().toString()).isEqualTo("eip155:31337");
            assertThat(n.network().usdc()).isEmpty();
            assertThat(n.rpcUrl().toString()).isEqualTo("http://127.0.0.1:8545");
            assertThat(n.rpcSource()).isEqualTo(dev.x402j.core.family.RpcSource.EXPLICIT);
        });
    }

    @Test
    void aCustomChainTakesItsRpcUrlFromApplicationYmlToo() {
        SettingsFile props = new SettingsFile();
        props.list("x402j.evm.networks", List.of("eip155:31337", "base-sepolia"));
        props.map("x402j.evm.rpc-urls", Map.of("eip155:31337", "http://127.0.0.1:8545"));
        ServerSettings settings = resolve(Map.of("EVM_PRIVATE_KEY", KEY), props);
        assertThat(ResolvedFamilies.evmNetworks(settings)).extracting(n -> n.network().name())
                .containsExactly("eip155-31337", "base-sepolia");
    }

    @Test
    void aCustomChainWithoutAnRpcUrlNamesTheVariableToSet() {
        assertThat(failure(Map.of("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "eip155:31337")))
                .isEqualTo("EVM network 'eip155-31337' has no RPC URL (set EVM_RPC_URL_EIP155_31337 or"
                        + " x402j.eip155.rpc-urls.eip155-31337).");
    }

    @Test
    void aKnownChainNamedByItsCaip2IdIsStillTheCatalogueOne() {
        ServerSettings settings = resolve(Map.of("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "eip155:84532"));
        assertThat(ResolvedFamilies.evmNetworks(settings)).singleElement()
                .satisfies(n -> assertThat(n.network().name()).isEqualTo("base-sepolia"));
    }
}
