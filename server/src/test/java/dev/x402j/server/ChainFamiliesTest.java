package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.Network;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ChainFamily;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The families on the server's class path fit together: namespaces, networks, reasons and settings are their own. */
class ChainFamiliesTest {
    private final List<ChainFamily> families = ChainFamilies.onClassPath();

    @Test
    void theServerFindsEveryFamilyModuleInNamespaceOrder() {
        assertThat(families).extracting(ChainFamily::namespace).containsExactly("eip155", "solana");
    }

    @Test
    void eachFamilysNetworksAreInItsOwnNamespace() {
        for (ChainFamily family : families) {
            assertThat(family.networks()).as(family.namespace()).isNotEmpty()
                    .allMatch(n -> n.chainId().namespace().equals(family.namespace()));
        }
    }

    @Test
    void reasonCodesAreUniqueAcrossCoreAndEveryFamilyAndSpelledAsTheOfficialSdk() {
        Set<String> seen = new HashSet<>();
        ErrorReason.coreReasons().forEach(r -> assertThat(seen.add(r.wire())).as(r.wire()).isTrue());
        for (ChainFamily family : families) {
            assertThat(family.reasons()).as(family.namespace()).isNotEmpty();
            for (ErrorReason r : family.reasons()) {
                assertThat(seen.add(r.wire())).as(family.namespace() + " reason " + r.wire() + " is its own").isTrue();
                assertThat(r.retryable()).as(r.wire()).isFalse();
            }
        }
        assertThat(seen).contains("invalid_exact_evm_signature", "invalid_exact_svm_payload_signature_invalid",
                "settlement_pending");
    }

    @Test
    void settingKeysAndVariablesAreUniqueAcrossFamilies() {
        Set<String> keys = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (ChainFamily family : families) {
            family.settings().forEach(s -> {
                assertThat(keys.add(s.key())).as(s.key()).isTrue();
                s.env().ifPresent(e -> assertThat(variables.add(e)).as(e).isTrue());
            });
            assertThat(family.settings()).as(family.namespace() + " declares its key settings")
                    .containsAll(family.keySettings());
        }
    }

    @Test
    void noTwoFamiliesClaimOneNetworkName() {
        Set<String> names = new HashSet<>();
        for (ChainFamily family : families) {
            for (Network n : family.networks()) {
                assertThat(names.add(n.name())).as(n.name()).isTrue();
            }
        }
    }
}
