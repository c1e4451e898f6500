package dev.x402j.evm.internal;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Hex helpers for the EVM wire formats: 0x-prefixed byte strings, JSON-RPC quantities and addresses. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern BYTES = Pattern.compile("0[xX]([0-9a-fA-F]{2})*");

    private Hex() {}

    /** Lower-case hex with a {@code 0x} prefix. */
    public static String encode(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /** Whether {@code s} is {@code 0x} followed by an even number of hex digits. */
    public static boolean isBytes(String s) {
        return s != null && BYTES.matcher(s).matches();
    }

    /**
     * Decodes {@code 0x}-prefixed hex with an even number of digits.
     *
     * @throws IllegalArgumentException if it is not; the message does not quote the input
     */
    public static byte[] decode(String s) {
        if (!isBytes(s)) {
            throw new IllegalArgumentException("expected 0x-prefixed hex with an even number of digits");
        }
        return HEX.parseHex(s, 2, s.length());
    }

    /** Whether {@code s} is a 20-byte address written {@code 0x} + 40 hex digits (any case). */
    public static boolean isAddress(String s) {
        return s != null && ADDRESS.matcher(s).matches();
    }

    /** The address in lower case, for comparisons. */
    public static String lowerAddress(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    /** A JSON-RPC quantity: {@code 0x} + minimal hex ({@code 0x0} for zero). */
    public static String quantity(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a quantity must not be negative");
        }
        return "0x" + value.toString(16);
    }

    public static String quantity(long value) {
        return quantity(BigInteger.valueOf(value));
    }

    /**
     * Parses a JSON-RPC quantity ({@code 0x1a}).
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static BigInteger parseQuantity(String s) {
        if (s == null || s.length() < 3 || !(s.startsWith("0x") || s.startsWith("0X"))) {
            throw new IllegalArgumentException("not a hex quantity: " + abbreviate(s));
        }
        try {
            return new BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hex quantity: " + abbreviate(s), e);
        }
    }

    /** The first and last characters of a long hex string, for messages and logs (never a full signature). */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 18 ? s : s.substring(0, 10) + "…" + s.substring(s.length() - 6);
    }
}
