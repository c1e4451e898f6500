package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShortVecTest {
    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "255, ff01",
        "256, 8002",
        "16383, ff7f",
        "16384, 808001",
        "65535, ffff03",
    })
    void encodesAsSolanaDoes(int value, String hex) {
        assertThat(HexFormat.of().formatHex(ShortVec.encode(value))).isEqualTo(hex);
        ByteReader in = new ByteReader(HexFormat.of().parseHex(hex));
        assertThat(in.shortVec("n")).isEqualTo(value);
        assertThat(in.remaining()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8000", // alias of 0
        "ff00", // alias of 127
        "808000", // alias of 0 in three bytes
        "ffff04", // 65536 + ...: above u16
        "80808001", // four bytes
        "80", // truncated
        "",
    })
    void rejectsWhatSolanaRejects(String hex) {
        assertThatThrownBy(() -> new ByteReader(HexFormat.of().parseHex(hex)).shortVec("accounts"))
                .isInstanceOf(ByteReader.MalformedException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void refusesToEncodeOutOfRange(int value) {
        assertThatThrownBy(() -> ShortVec.encode(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
