package dev.x402j.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.evm.internal.Secp256k1;
import dev.x402j.testkit.DevAccount;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Hash;

class EvmPrivateKeySignerTest {
    @Test
    void derivesTheChecksummedAddressOfEveryAnvilDevKey() {
        for (DevAccount a : DevAccount.anvilDefaults()) {
            assertThat(EvmPrivateKeySigner.fromHex(a.privateKeyHex()).address()).isEqualTo(a.address());
            assertThat(EvmPrivateKeySigner.fromHex(a.privateKeyHex().substring(2)).address()).isEqualTo(a.address());
        }
    }

    @Test
    void signsDigestsAsRsvWithVZeroOrOne() {
        EvmPrivateKeySigner signer = EvmPrivateKeySigner.fromHex(DevAccount.anvilDefaults().get(0).privateKeyHex());
        byte[] digest = Hash.sha3("settle".getBytes());

        byte[] sig = signer.sign(digest);

        assertThat(sig).hasSize(65);
        assertThat(sig[64]).isIn((byte) 0, (byte) 1);
        assertThat(Secp256k1.recoverAddress(digest, sig)).isEqualTo(signer.address());
        assertThat(signer.sign(digest)).as("RFC 6979: deterministic").isEqualTo(sig);
        assertThatThrownBy(() -> signer.sign(Arrays.copyOf(digest, 20))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "0x",
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8", // 63 digits
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8g", // not hex
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80aa", // 66 digits
        "0000000000000000000000000000000000000000000000000000000000000000", // zero
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", // the group order n
    })
    void rejectsBadKeysWithoutEchoingThem(String bad) {
        assertThatThrownBy(() -> EvmPrivateKeySigner.fromHex(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (bad.length() > 8) {
                        assertThat(e.getMessage()).doesNotContain(bad.substring(2, 10));
                    }
                });
        assertThatThrownBy(() -> EvmPaymentSigner.fromHex(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> EvmPrivateKeySigner.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheAddressOnly() {
        DevAccount a = DevAccount.anvilDefaults().get(3);
        String text = EvmPrivateKeySigner.fromHex(a.privateKeyHex()).toString();
        assertThat(text).isEqualTo("EvmPrivateKeySigner[" + a.address() + "]");
        assertThat(text).doesNotContain(a.privateKeyHex().substring(2, 12));
    }
}
