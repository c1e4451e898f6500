package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The fee rules: the market, the cap, and the 12.5 % raise of a replacement. */
class Eip1559FeesTest {
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static BigInteger gwei(long n) {
        return BigInteger.valueOf(n).multiply(GWEI);
    }

    private static BigInteger wei(long n) {
        return BigInteger.valueOf(n);
    }

    private static Eip1559Fees fees(long tip, long max) {
        return new Eip1559Fees(wei(tip), wei(max));
    }

    @Test
    void theMarketIsTwiceTheBaseFeePlusTheTip() {
        assertThat(Eip1559Fees.market(gwei(10), gwei(2))).isEqualTo(new Eip1559Fees(gwei(2), gwei(22)));
    }

    @Test
    void twelveAndAHalfPercentRoundedUp() {
        assertThat(Eip1559Fees.raised(wei(8))).isEqualTo(wei(9));
        assertThat(Eip1559Fees.raised(wei(9))).isEqualTo(wei(11)); // 10.125 -> 11
        assertThat(Eip1559Fees.raised(wei(1))).isEqualTo(wei(2)); // 1.125 -> 2
        assertThat(Eip1559Fees.raised(wei(0))).isEqualTo(wei(0));
        assertThat(Eip1559Fees.raised(gwei(1))).isEqualTo(wei(1_125_000_000));
        assertThat(Eip1559Fees.raised(wei(1_000_000_001))).isEqualTo(wei(1_125_000_002)); // 1125000001.125 -> ...002
    }

    @Test
    void aReplacementRaisesBothFieldsByAtLeastTwelveAndAHalfPercent() {
        // The market is lower than the old fees: the raise decides.
        Eip1559Fees old = fees(1_000_000_000, 3_000_000_000L);
        Eip1559Fees r = old.replacement(fees(100, 200), null).orElseThrow();
        assertThat(r).isEqualTo(fees(1_125_000_000, 3_375_000_000L));
    }

    @Test
    void aReplacementIsAtLeastTheMarket() {
        // The base fee rose to 100 gwei: the market decides the max fee, the raise the tip.
        Eip1559Fees old = new Eip1559Fees(gwei(1), gwei(3));
        Eip1559Fees market = Eip1559Fees.market(gwei(100), gwei(1));
        Eip1559Fees r = old.replacement(market, null).orElseThrow();
        assertThat(r.maxFeePerGas()).isEqualTo(gwei(201));
        assertThat(r.maxPriorityFeePerGas()).isEqualTo(wei(1_125_000_000));
        // A higher market tip wins over the raise.
        assertThat(old.replacement(Eip1559Fees.market(gwei(1), gwei(5)), null).orElseThrow())
                .isEqualTo(new Eip1559Fees(gwei(5), gwei(7)));
    }

    @Test
    void aReplacementNeverPassesTheCap() {
        Eip1559Fees old = new Eip1559Fees(gwei(1), gwei(3));
        Eip1559Fees market = Eip1559Fees.market(gwei(100), gwei(1)); // wants 201 gwei
        Eip1559Fees r = old.replacement(market, gwei(50)).orElseThrow();
        assertThat(r.maxFeePerGas()).isEqualTo(gwei(50));
        assertThat(r.maxPriorityFeePerGas()).isEqualTo(wei(1_125_000_000));
        // Exactly the raise fits the cap.
        assertThat(old.replacement(fees(0, 0), wei(3_375_000_000L)).orElseThrow().maxFeePerGas()).isEqualTo(wei(3_375_000_000L));
        // The raise alone passes the cap: no replacement.
        assertThat(old.replacement(market, wei(3_374_999_999L))).isEmpty();
        assertThat(new Eip1559Fees(gwei(50), gwei(50)).replacement(market, gwei(50))).isEmpty();
    }

    @Test
    void aTipAboveTheCappedMaxFeeIsHeldToIt() {
        Eip1559Fees old = new Eip1559Fees(gwei(2), gwei(4));
        Eip1559Fees r = old.replacement(Eip1559Fees.market(gwei(1), gwei(40)), gwei(10)).orElseThrow();
        assertThat(r).isEqualTo(new Eip1559Fees(gwei(10), gwei(10)));
    }

    @Test
    void aFirstTransactionIsHeldToTheCapWhenTheCapCanStillPay() {
        Eip1559Fees market = Eip1559Fees.market(gwei(10), gwei(2)); // 22 gwei
        assertThat(market.capped(gwei(10), null)).contains(market);
        assertThat(market.capped(gwei(10), gwei(30))).contains(market);
        assertThat(market.capped(gwei(10), gwei(15))).contains(new Eip1559Fees(gwei(2), gwei(15)));
        assertThat(market.capped(gwei(10), gwei(12))).contains(new Eip1559Fees(gwei(2), gwei(12)));
        assertThat(market.capped(gwei(10), gwei(11))).as("cannot pay base fee and tip").isEmpty();
    }

    @Test
    void whetherFeesCoverTheMarket() {
        Eip1559Fees f = new Eip1559Fees(gwei(1), gwei(3));
        assertThat(f.coversMarket(gwei(2), gwei(1))).isTrue();
        assertThat(f.coversMarket(gwei(3), gwei(1))).as("next base fee too high").isFalse();
        assertThat(f.coversMarket(gwei(1), gwei(2))).as("tip below the market").isFalse();
    }

    @Test
    void feesAreSane() {
        assertThatThrownBy(() -> fees(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fees(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
