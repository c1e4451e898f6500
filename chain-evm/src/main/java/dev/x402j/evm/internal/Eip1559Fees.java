package dev.x402j.evm.internal;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * The two fee fields of an EIP-1559 transaction, in wei per gas, and the rules x402j prices its transactions by.
 *
 * <ul>
 *   <li>{@link #market}: a tip of the node's suggestion and a max fee of twice the base fee plus that tip (room for the
 *       base fee to rise for several full blocks).
 *   <li>{@link #capped}: a first transaction never offers more than the configured cap; if the cap cannot even pay the
 *       base fee and the tip, there is no fee to offer.
 *   <li>{@link #replacement}: a replacement of a stuck transaction raises both fields by at least 12.5 % (rounded up,
 *       what nodes require to replace a transaction with the same nonce), and to at least the market; never above
 *       the cap — if the 12.5 % raise alone passes the cap, there is no replacement.
 * </ul>
 *
 * @param maxPriorityFeePerGas the tip
 * @param maxFeePerGas the most paid per gas, base fee included; never below the tip
 */
public record Eip1559Fees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
    private static final BigInteger NINE = BigInteger.valueOf(9);
    private static final BigInteger EIGHT = BigInteger.valueOf(8);
    private static final BigInteger SEVEN = BigInteger.valueOf(7);

    public Eip1559Fees {
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        if (maxPriorityFeePerGas.signum() < 0 || maxFeePerGas.compareTo(maxPriorityFeePerGas) < 0) {
            throw new IllegalArgumentException("fees must be non-negative with the max fee at least the tip, got " + this);
        }
    }

    /** The tip the node suggests, and a max fee of twice {@code baseFee} plus that tip. */
    public static Eip1559Fees market(BigInteger baseFee, BigInteger tip) {
        return new Eip1559Fees(tip, baseFee.shiftLeft(1).add(tip));
    }

    /**
     * These fees held to {@code cap} (none when {@code null}); empty when the cap cannot pay {@code baseFee} plus the
     * tip, so a transaction at the cap could not be included now.
     */
    public Optional<Eip1559Fees> capped(BigInteger baseFee, BigInteger cap) {
        if (cap == null || maxFeePerGas.compareTo(cap) <= 0) {
            return Optional.of(this);
        }
        if (cap.compareTo(baseFee.add(maxPriorityFeePerGas)) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Eip1559Fees(maxPriorityFeePerGas, cap));
    }

    /**
     * Whether a transaction at these fees can be included in the next block as the market goes: its max fee pays the
     * next base fee plus the market's tip, and its tip is at least that tip.
     */
    public boolean coversMarket(BigInteger nextBaseFee, BigInteger marketTip) {
        return maxPriorityFeePerGas.compareTo(marketTip) >= 0 && maxFeePerGas.compareTo(nextBaseFee.add(marketTip)) >= 0;
    }

    /**
     * The fees of a replacement of a transaction at {@code this}: each field at least 12.5 % above the old one
     * (rounded up) and at least {@code market}'s; the max fee held to {@code cap} when there is one (and the tip to the
     * max fee). Empty when the 12.5 % raise of the max fee alone passes the cap.
     */
    public Optional<Eip1559Fees> replacement(Eip1559Fees market, BigInteger cap) {
        BigInteger minTip = raised(maxPriorityFeePerGas);
        BigInteger minMax = raised(maxFeePerGas);
        if (cap != null && minMax.compareTo(cap) > 0) {
            return Optional.empty();
        }
        BigInteger tip = minTip.max(market.maxPriorityFeePerGas);
        BigInteger max = minMax.max(market.maxFeePerGas).max(tip);
        if (cap != null) {
            max = max.min(cap);
            tip = tip.min(max);
        }
        return Optional.of(new Eip1559Fees(tip, max));
    }

    /** ⌈value × 1.125⌉. */
    static BigInteger raised(BigInteger value) {
        return value.multiply(NINE).add(SEVEN).divide(EIGHT);
    }
}
