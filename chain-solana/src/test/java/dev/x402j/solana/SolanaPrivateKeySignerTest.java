package dev.x402j.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.internal.Base58;
import dev.x402j.solana.internal.Ed25519;
import dev.x402j.solana.internal.Pubkey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SolanaPrivateKeySignerTest {
    @Test
    void readsTheKeypairEncodingOfSvmPrivateKeyAndABareSeed() {
        for (JsonNode k : Vectors.keys()) {
            String keypair = k.get("secretKeyBase58").asText();
            String seed = Base58.encode(Vectors.hex(k.get("seedHex").asText()));
            assertThat(SolanaPrivateKeySigner.fromBase58(keypair).address()).isEqualTo(k.get("address").asText());
            assertThat(SolanaPrivateKeySigner.fromBase58(" " + keypair + "\n").address())
                    .isEqualTo(k.get("address").asText());
            assertThat(SolanaPrivateKeySigner.fromBase58(seed).address()).isEqualTo(k.get("address").asText());
            assertThat(SolanaPaymentSigner.fromBase58(keypair).address()).isEqualTo(k.get("address").asText());
        }
    }

    @Test
    void signsMessagesWithEd25519() {
        SolanaPrivateKeySigner signer = SolanaPrivateKeySigner.fromBase58(Vectors.keys().get(1).get("secretKeyBase58")
                .asText());
        byte[] message = "message bytes".getBytes(StandardCharsets.UTF_8);

        byte[] signature = signer.sign(message);

        assertThat(signature).hasSize(64);
        assertThat(Ed25519.verify(Pubkey.parse(signer.address()), message, signature)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "0OIl", // not base58
        "2Ana1pUpv2ZbMVkwF5FXapYeBEjdxDatLn7nvJkhgTSdZd8hbDHTd21as7EAsg7ypityqfsw2pMQKJcVDVcAEsE", // public half altered
        "2Ana1pUpv2ZbMVkwF5FXapYeBEjd", // neither 32 nor 64 bytes
    })
    void rejectsBadKeysWithoutEchoingThem(String bad) {
        assertThatThrownBy(() -> SolanaPrivateKeySigner.fromBase58(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (bad.length() > 8) {
                        assertThat(e.getMessage()).doesNotContain(bad.substring(0, 8));
                    }
                });
        assertThatThrownBy(() -> SolanaPaymentSigner.fromBase58(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> SolanaPrivateKeySigner.fromBase58(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SolanaPrivateKeySigner.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheAddressOnly() {
        JsonNode k = Vectors.keys().get(0);
        SolanaPrivateKeySigner signer = SolanaPrivateKeySigner.fromBase58(k.get("secretKeyBase58").asText());
        assertThat(signer.toString())
                .isEqualTo("SolanaPrivateKeySigner[" + k.get("address").asText() + "]")
                .doesNotContain(k.get("secretKeyBase58").asText().substring(0, 10));
        assertThat(SolanaPaymentSigner.fromBase58(k.get("secretKeyBase58").asText()).toString())
                .isEqualTo("SolanaPaymentSigner[" + k.get("address").asText() + "]");
    }
}
