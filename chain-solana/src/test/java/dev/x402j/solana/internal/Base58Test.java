package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {
    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "00, 1",
        "0000, 11",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "00000000000000000000, 1111111111",
        "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5, 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    })
    void encodesAndDecodesKnownVectors(String hex, String base58) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Base58.encode(bytes)).isEqualTo(base58);
        assertThat(Base58.decode(base58)).isEqualTo(bytes);
    }

    @Test
    void helloWorld() {
        assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("2NEpo7TZRRrLZSi2U");
    }

    @Test
    void systemProgramIsThirtyTwoZeroBytes() {
        assertThat(Base58.decode("11111111111111111111111111111111")).isEqualTo(new byte[32]);
        assertThat(Pubkey.of(new byte[32]).base58()).isEqualTo("11111111111111111111111111111111");
    }

    @Test
    void roundTripsRandomBytesWithLeadingZeros() {
        Random random = new Random(402);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            for (int z = 0; z < Math.min(bytes.length, random.nextInt(4)); z++) {
                bytes[z] = 0;
            }
            assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "O", "I", "l", "+", "ü"})
    void rejectsCharactersOutsideTheAlphabetNamingOnlyThePosition(String bad) {
        assertThatThrownBy(() -> Base58.decode("abc" + bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 3")
                .hasMessageNotContaining("abc");
    }

    @Test
    void decodesExactLengthsOnly() {
        assertThat(Base58.decode("11111111111111111111111111111111", 32, "address")).hasSize(32);
        assertThatThrownBy(() -> Base58.decode("2g", 32, "mint"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mint must be base58 of 32 bytes");
        assertThatThrownBy(() -> Base58.decode("", 32, "mint")).isInstanceOf(IllegalArgumentException.class);
    }
}
