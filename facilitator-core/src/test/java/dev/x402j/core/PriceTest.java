package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTest {

    @ParameterizedTest(name = "{0} at {1} decimals = {2}")
    @CsvSource({
            "$0.01,        6,  10000",
            "0.01,         6,  10000",
            "1,            6,  1000000",
            "$1,           6,  1000000",
            "0.000001,     6,  1",
            "$0.0000010,   6,  1",
            "1.50,         6,  1500000",
            "1000.5,       6,  1000500000",
            "0,            6,  0",
            "$0.00,        6,  0",
            "42,           0,  42",
            "42.000,       0,  42",
            "0.01,         18, 10000000000000000",
            "1.000000000000000001, 18, 1000000000000000001",
            "123456789012345678901234567890, 6, 123456789012345678901234567890000000",
    })
    void convertsExactly(String price, int decimals, String atomic) {
        assertThat(Price.toAtomic(price, decimals)).isEqualTo(new BigInteger(atomic));
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertThat(Price.toAtomic("  $0.01 ", 6)).isEqualTo(BigInteger.valueOf(10000));
    }

    @Test
    void usesTheAssetsDecimals() {
        Asset usdc = Networks.byName("base").orElseThrow().usdc().orElseThrow();
        assertThat(Price.toAtomic("$0.25", usdc)).isEqualTo(BigInteger.valueOf(250000));
    }

    @Test
    void rejectsMorePrecisionThanTheAsset() {
        assertThatThrownBy(() -> Price.toAtomic("$0.0000001", 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price $0.0000001 has more precision than the asset's 6 decimals");
        assertThatThrownBy(() -> Price.toAtomic("0.5", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price 0.5 has more precision than the asset's 0 decimals");
        assertThatThrownBy(() -> Price.toAtomic("1.0000000000000000001", 18))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("18 decimals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1e3", "0.1.2", "1,000.50", "$1,000", "+1", "1.", ".5", "$", "$$1", "1 000",
            "0x10", "1_000", "١", "NaN", "Infinity", "1$", "$ 1"})
    void rejectsGarbageNamingTheInput(String price) {
        assertThatThrownBy(() -> Price.toAtomic(price, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(price.strip());
    }

    @Test
    void rejectsNegative() {
        assertThatThrownBy(() -> Price.toAtomic("-1", 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1").hasMessageContaining("negative");
        assertThatThrownBy(() -> Price.toAtomic("$-0.01", 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$-0.01");
    }

    @Test
    void rejectsBlankAndNull() {
        assertThatThrownBy(() -> Price.toAtomic("", 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> Price.toAtomic("   ", 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Price.toAtomic(null, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadDecimalsAndOverlongInput() {
        assertThatThrownBy(() -> Price.toAtomic("1", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Price.toAtomic("1", 37)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Price.toAtomic("1".repeat(101), 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @ParameterizedTest(name = "{0} at {1} decimals = {2}")
    @CsvSource({
            "10000,   6,  0.01",
            "1000000, 6,  1",
            "1,       6,  0.000001",
            "1500000, 6,  1.5",
            "0,       6,  0",
            "42,      0,  42",
            "10000000000000000, 18, 0.01",
            "1000000000000000001, 18, 1.000000000000000001",
            "100000000, 6, 100",
    })
    void formatsForDisplay(String atomic, int decimals, String decimal) {
        assertThat(Price.toDecimal(new BigInteger(atomic), decimals)).isEqualTo(decimal);
    }

    @Test
    void roundTrips() {
        for (String p : new String[] {"0.01", "1", "0.000001", "1234.5678", "100", "0"}) {
            assertThat(Price.toDecimal(Price.toAtomic(p, 6), 6)).isEqualTo(p);
            assertThat(Price.toDecimal(Price.toAtomic("$" + p, 18), 18)).isEqualTo(p);
        }
        for (long atomic : new long[] {0, 1, 9, 10, 999_999, 1_000_000, 123_456_789}) {
            BigInteger a = BigInteger.valueOf(atomic);
            assertThat(Price.toAtomic(Price.toDecimal(a, 6), 6)).isEqualTo(a);
        }
    }

    @Test
    void toDecimalRejectsNegativeAndNull() {
        assertThatThrownBy(() -> Price.toDecimal(BigInteger.valueOf(-1), 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Price.toDecimal(null, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
