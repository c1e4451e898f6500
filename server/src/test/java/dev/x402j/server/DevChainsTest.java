package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.Network;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.FamilyContext;
import dev.x402j.core.family.ServedFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dev mode on a class path without the testkit (a production deployment) stops with one sentence, not a stack. */
class DevChainsTest {

    /** A family whose local chain needs a class that is not there, as the real ones do without the testkit. */
    private static final ChainFamily WITHOUT_TESTKIT = new ChainFamily() {
        @Override public String namespace() { return "notk"; }
        @Override public String displayName() { return "No testkit"; }
        @Override public List<Network> networks() { return List.of(); }
        @Override public List<ErrorReason> reasons() { return List.of(); }
        @Override public List<Setting> settings() { return List.of(); }
        @Override public boolean hasKey(SettingsReader settings) { return false; }
        @Override public List<Setting> keySettings() { return List.of(); }
        @Override public Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context) {
            return Optional.empty();
        }
        @Override public Optional<DevChain.Launcher> devChain(SettingsReader settings, FamilyContext context) {
            return Optional.of(() -> {
                throw new NoClassDefFoundError("dev/x402j/testkit/AnvilChain");
            });
        }
    };

    @Test
    void devModeWithoutTheTestkitSaysHowToRunIt() {
        ServerSettings settings = ServerSettings.resolve(SettingSource.of(Map.of(), Map.of()), List.of(WITHOUT_TESTKIT));
        assertThatThrownBy(() -> new DevChains(settings))
                .isInstanceOf(SettingsException.class)
                .hasMessage("dev mode needs the x402j testkit on the class path (it starts the local chains); run it"
                        + " with ./mvnw -pl server -am -Prun verify -DskipTests, or set a private key for live mode.");
    }

    @Test
    void devModeWithNoFamilyThatHasALocalChainSaysSo() {
        ServerSettings settings = ServerSettings.resolve(SettingSource.of(Map.of(), Map.of()), List.of());
        assertThatThrownBy(() -> new DevChains(settings))
                .isInstanceOf(SettingsException.class)
                .hasMessage("dev mode found no chain family with a local chain on the class path.");
    }
}
