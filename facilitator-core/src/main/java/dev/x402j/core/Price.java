package dev.x402j.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conversion between the prices people write ({@code "$0.01"}) and atomic token amounts ({@code 10000} at 6 decimals),
 * exactly, with no floating point.
 *
 * <p>Accepted: an optional leading {@code $}, one or more ASCII digits, optionally a {@code .} followed by one or more
 * digits; surrounding whitespace is ignored. Rejected: signs, exponents, thousands separators, anything else. A
 * fraction finer than the asset's decimals is rejected, never rounded (trailing zeros beyond the decimals are fine).
 */
public final class Price {

    private static final Pattern PRICE = Pattern.compile("\\$?([0-9]+)(?:\\.([0-9]+))?");
    private static final int MAX_LENGTH = 100;

    private Price() {
    }

    /**
     * The atomic amount of {@code price} for an asset of {@code decimals} decimals: {@code "$0.01"} at 6 → 10000.
     *
     * @throws IllegalArgumentException for a blank, negative or malformed price, or one more precise than the asset
     */
    public static BigInteger toAtomic(String price, int decimals) {
        checkDecimals(decimals);
        if (price == null || price.isBlank()) {
            throw new IllegalArgumentException("price must not be blank (expected e.g. $0.01 or 0.01)");
        }
        String p = price.strip();
        if (p.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("price is too long (" + p.length() + " characters, at most "
                    + MAX_LENGTH + ")");
        }
        if (p.startsWith("-") || p.startsWith("$-")) {
            throw new IllegalArgumentException("price " + p + " is negative");
        }
        Matcher m = PRICE.matcher(p);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid price '" + p + "': expected an optional $, digits and an "
                    + "optional fraction, e.g. $0.01 or 0.01 (no sign, exponent or thousands separators)");
        }
        String whole = m.group(1);
        String fraction = m.group(2) == null ? "" : m.group(2);
        if (fraction.length() > decimals) {
            String excess = fraction.substring(decimals);
            if (excess.chars().anyMatch(c -> c != '0')) {
                throw new IllegalArgumentException("price " + p + " has more precision than the asset's " + decimals
                        + " decimals");
            }
            fraction = fraction.substring(0, decimals);
        }
        String padded = fraction + "0".repeat(decimals - fraction.length());
        return new BigInteger(whole + padded);
    }

    /** {@link #toAtomic(String, int)} with the asset's decimals. */
    public static BigInteger toAtomic(String price, Asset asset) {
        return toAtomic(price, asset.decimals());
    }

    /**
     * The decimal form of an atomic amount, for display: 10000 at 6 decimals → {@code "0.01"}, 1000000 →
     * {@code "1"}. No trailing zeros, no exponent, no {@code $}.
     */
    public static String toDecimal(BigInteger atomic, int decimals) {
        checkDecimals(decimals);
        if (atomic == null) {
            throw new IllegalArgumentException("atomic amount must not be null");
        }
        if (atomic.signum() < 0) {
            throw new IllegalArgumentException("atomic amount " + atomic + " is negative");
        }
        if (atomic.signum() == 0) {
            return "0";
        }
        return new BigDecimal(atomic, decimals).stripTrailingZeros().toPlainString();
    }

    private static void checkDecimals(int decimals) {
        if (decimals < 0 || decimals > Asset.MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + Asset.MAX_DECIMALS + ", got " + decimals);
        }
    }
}
