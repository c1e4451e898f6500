package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    @Test
    void derivesTheAddressesOfTheOfficialLibrary() {
        for (JsonNode k : Vectors.keys()) {
            byte[] seed = Vectors.hex(k.get("seedHex").asText());
            assertThat(Ed25519.privateKey(seed).publicKey().base58()).isEqualTo(k.get("address").asText());
            byte[] keypair = Base58.decode(k.get("secretKeyBase58").asText());
            assertThat(Ed25519.privateKey(keypair).publicKey().base58()).isEqualTo(k.get("address").asText());
        }
    }

    @Test
    void signsDeterministicallyAndVerifies() {
        Ed25519.PrivateKey key = Ed25519.privateKey(Vectors.seed(0));
        byte[] message = "x402".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(message);
        assertThat(signature).hasSize(64).isEqualTo(key.sign(message));
        assertThat(Ed25519.verify(key.publicKey(), message, signature)).isTrue();

        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertThat(Ed25519.verify(key.publicKey(), message, flipped)).isFalse();
        assertThat(Ed25519.verify(Ed25519.privateKey(Vectors.seed(1)).publicKey(), message, signature)).isFalse();
        assertThat(Ed25519.verify(key.publicKey(), message, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(Ed25519.verify(key.publicKey(), message, new byte[64])).isFalse();
    }

    @Test
    void rejectsAKeypairWhosePublicHalfDoesNotMatch() {
        byte[] keypair = Base58.decode(Vectors.keys().get(0).get("secretKeyBase58").asText());
        keypair[40] ^= 1;
        assertThatThrownBy(() -> Ed25519.privateKey(keypair))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent");
        assertThatThrownBy(() -> Ed25519.privateKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsThePublicKeyOnly() {
        Ed25519.PrivateKey key = Ed25519.privateKey(Vectors.seed(0));
        assertThat(key.toString()).contains(key.publicKey().base58()).doesNotContain("0102030405");
    }
}
