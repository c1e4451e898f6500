package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ChainFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every setting is declared once, as a {@code Setting} (key, environment variable, default, description): the server's
 * general ones in {@link GeneralSettings}, each chain family's in {@link ChainFamily#settings()}. Both READMEs name each
 * key and variable, and application.yml's header names each variable.
 */
class ConfigurationDocumentationTest {

    private static final String SERVER_README = read("README.md");
    private static final String PROJECT_README = read("../README.md");
    private static final String APPLICATION_YML = read("src/main/resources/application.yml");

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** The comment lines at the top of application.yml. */
    private static String ymlHeader() {
        return APPLICATION_YML.lines().takeWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n"));
    }

    /** Both READMEs name the key (a per-network one as its map) and the variable; application.yml's header too. */
    private static void assertDocumented(Setting setting) {
        String key = setting.perNetwork() ? "`" + setting.key() : "`" + setting.key() + "`";
        Map.of("server/README.md", SERVER_README, "README.md's configuration table", PROJECT_README)
                .forEach((which, doc) -> {
                    assertThat(doc).as(which + " documents " + setting.key()).contains(key);
                    setting.envForDocs().ifPresent(env ->
                            assertThat(doc).as(which + " documents " + env).contains("`" + env + "`"));
                });
        setting.envForDocs().ifPresent(env ->
                assertThat(ymlHeader()).as("application.yml's header names " + env).contains(env));
    }

    @Test
    void everyGeneralSettingIsDocumented() {
        List<Setting> general = GeneralSettings.all();
        assertThat(general).hasSizeGreaterThanOrEqualTo(19);
        for (Setting setting : general) {
            assertThat(setting.perNetwork()).as(setting.key() + ": the general settings are not per network").isFalse();
            assertDocumented(setting);
        }
    }

    @Test
    void everyChainFamilySettingIsDocumented() {
        List<ChainFamily> families = ChainFamilies.onClassPath();
        assertThat(families).extracting(ChainFamily::namespace).contains("eip155", "solana");
        int settings = 0;
        for (ChainFamily family : families) {
            for (Setting setting : family.settings()) {
                settings++;
                assertThat(setting.key()).as("a family's keys are under x402j.<namespace>")
                        .startsWith("x402j." + family.namespace() + ".");
                assertDocumented(setting);
            }
        }
        assertThat(settings).isGreaterThanOrEqualTo(11);
    }

    @Test
    void noTwoSettingsShareAKeyOrAVariable() {
        List<Setting> all = new ArrayList<>(GeneralSettings.all());
        ChainFamilies.onClassPath().forEach(f -> all.addAll(f.settings()));
        Set<String> keys = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (Setting setting : all) {
            for (String key : concat(setting.key(), setting.aliases())) {
                assertThat(keys.add(key)).as("key " + key + " is declared once").isTrue();
            }
            setting.env().ifPresent(env -> assertThat(variables.add(env)).as("variable " + env + " is declared once")
                    .isTrue());
        }
        for (Setting setting : GeneralSettings.all()) {
            for (ChainFamily family : ChainFamilies.onClassPath()) {
                assertThat(setting.key()).as("a general key is under no family's namespace")
                        .doesNotStartWith("x402j." + family.namespace() + ".");
            }
        }
    }

    @Test
    void theDocumentedDefaultsAreTheOnesApplied() {
        ServerSettings s = ServerSettings.resolve(SettingSource.of(Map.of(), Map.of()), ChainFamilies.onClassPath());
        assertThat(Integer.parseInt(GeneralSettings.PORT.defaultValue())).isEqualTo(s.port());
        assertThat(GeneralSettings.MODE.defaultValue()).isEqualTo("auto");
        assertThat(s.mode()).as("auto without a key").isEqualTo(ServerSettings.Mode.DEV);
        assertThat(duration(GeneralSettings.CONFIRM_TIMEOUT)).isEqualTo(s.confirmTimeout());
        assertThat(duration(GeneralSettings.RECONCILE_INTERVAL)).isEqualTo(s.reconcileInterval());
        assertThat(duration(GeneralSettings.RECONCILE_STALE_AFTER)).isEqualTo(s.reconcileStaleAfter());
        assertThat(duration(GeneralSettings.RECONCILE_REPLACE_AFTER)).isEqualTo(s.reconcileReplaceAfter());
        assertThat(duration(GeneralSettings.RPC_TIMEOUT)).isEqualTo(s.rpcOptions().requestTimeout());
        assertThat(duration(GeneralSettings.RPC_CALL_DEADLINE)).isEqualTo(s.rpcOptions().callTimeout());
        assertThat(duration(GeneralSettings.RATE_LIMIT_WINDOW)).isEqualTo(s.rateLimit().window());
        assertThat(GeneralSettings.RATE_LIMIT.defaultValue()).startsWith(s.rateLimit().requests() + " ");
        assertThat(Integer.parseInt(GeneralSettings.RATE_LIMIT_TRUSTED_PROXIES.defaultValue()))
                .isEqualTo(s.rateLimit().trustedProxies());
        assertThat(GeneralSettings.REDIS_KEY_PREFIX.defaultValue()).isEqualTo(StoreSettings.DEFAULT_REDIS_KEY_PREFIX);
        assertThat(Integer.parseInt(GeneralSettings.DATABASE_MAXIMUM_POOL_SIZE.defaultValue()))
                .isEqualTo(StoreSettings.DEFAULT_MAXIMUM_POOL_SIZE);
    }

    @Test
    void everyVariableTheServerMapsItselfIsAGeneralSetting() {
        // Application keeps Micronaut from mapping these onto x402j.* itself: each one is a documented general setting,
        // and every X402J_* variable of a general setting is one of them.
        Set<String> general = GeneralSettings.all().stream().flatMap(s -> s.env().stream()).collect(Collectors.toSet());
        assertThat(Application.EXPLICITLY_MAPPED).isNotEmpty().doesNotHaveDuplicates();
        assertThat(general).contains(Application.EXPLICITLY_MAPPED);
        assertThat(Application.EXPLICITLY_MAPPED).containsAll(
                general.stream().filter(v -> v.startsWith("X402J_")).toList());
    }

    private static Duration duration(Setting setting) {
        return SettingsReader.parseDuration(setting.defaultValue()).orElseThrow(() ->
                new AssertionError(setting.key() + "'s default is not a duration: " + setting.defaultValue()));
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
