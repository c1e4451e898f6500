package dev.x402j.evm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A cap on the fee per gas, as settings write it: wei, or gwei with its unit; converted exactly, never rounded. */
public final class EvmFeeCap {
    private EvmFeeCap() {}

    /** A fee per gas: wei, or gwei with its unit; a fraction only where it comes to whole wei (checked after). */
    private static final Pattern WEI_PER_GAS = Pattern.compile("(\\d{1,78})(?:\\.(\\d{1,78}))?\\s*(wei|gwei)?");
    private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final int GWEI_DECIMALS = 9;

    /**
     * Reads a fee per gas: a whole number of wei ({@code 200000000000}, optionally with the unit {@code wei}) or of
     * gwei with its unit ({@code 200gwei}, {@code 1.5 gwei}), converted exactly. A value that does not come to a whole
     * number of wei ({@code 1.0000000005gwei}, {@code 1.5}) is refused, never rounded.
     *
     * @param setting the name of the setting, for the message
     * @return the value in wei (positive, at most 2<sup>256</sup> − 1), or the problem: a phrase without a period
     */
    public static Result parse(String setting, String text) {
        String t = text.strip();
        var m = WEI_PER_GAS.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Result.problem(setting + " must be a fee per gas in wei such as 200000000000, or in gwei such as"
                    + " 200gwei or 1.5gwei, not '" + t + "'");
        }
        BigDecimal amount = new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2));
        if ("gwei".equals(m.group(3))) {
            amount = amount.movePointRight(GWEI_DECIMALS);
        }
        BigInteger wei;
        try {
            wei = amount.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            return Result.problem(setting + " must come to a whole number of wei, not '" + t + "' ("
                    + amount.stripTrailingZeros().toPlainString() + " wei)");
        }
        if (wei.signum() == 0) {
            return Result.problem(setting + " must be a positive fee per gas, not '" + t + "'");
        }
        if (wei.compareTo(MAX_UINT256) > 0) {
            return Result.problem(setting + " must be at most 2^256-1 wei, not '" + t + "'");
        }
        return new Result(Optional.of(wei), Optional.empty());
    }

    /** {@code 200 gwei} when a whole number of gwei, else {@code 1500000001 wei}. */
    public static String format(BigInteger wei) {
        BigInteger[] gwei = wei.divideAndRemainder(BigInteger.TEN.pow(GWEI_DECIMALS));
        return gwei[1].signum() == 0 ? gwei[0] + " gwei" : wei + " wei";
    }

    /** A parsed cap in wei, or the problem with the text. */
    public record Result(Optional<BigInteger> wei, Optional<String> problem) {
        static Result problem(String phrase) {
            return new Result(Optional.empty(), Optional.of(phrase));
        }
    }
}
