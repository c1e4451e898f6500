package dev.x402j.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.Asset;
import org.junit.jupiter.api.Test;

class EvmAssetsSettingTest {
    private static final String A = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String B = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

    @Test
    void readsSeveralTokensWithTheirEip712Domains() {
        EvmAssetsSetting.Result r = EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":TUSD:6:Test USD:1 , " + B + ":EURC:6:EURC:2");
        assertThat(r.problem()).isEmpty();
        assertThat(r.assets()).containsExactly(Asset.eip712(A, "TUSD", 6, "Test USD", "1"),
                Asset.eip712(B, "EURC", 6, "EURC", "2"));
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", " ").assets()).isEmpty();
    }

    @Test
    void badTextIsOneProblemNamingTheSettingAndTheEntry() {
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":TUSD:6:Test USD").problem().orElseThrow())
                .startsWith("EVM_ASSETS_BASE entry").contains("must have 5 parts").contains("0xADDRESS:SYMBOL");
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", "0x12:TUSD:6:Test USD:1").problem().orElseThrow())
                .contains("'0x12' is not a token contract address");
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":TUSD:six:Test USD:1").problem().orElseThrow())
                .contains("decimals must be 0 to 36, not 'six'");
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":TUSD:6::1").problem().orElseThrow())
                .contains("needs a symbol, an EIP-712 name and version");
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":T:6:N:1," + A.toLowerCase() + ":T:6:N:1").problem()
                .orElseThrow()).contains("twice");
        assertThat(EvmAssetsSetting.parse("EVM_ASSETS_BASE", A + ":T:6:N:1,").problem().orElseThrow())
                .contains("empty entry");
    }
}
