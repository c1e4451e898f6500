package dev.x402j.solana.internal;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, as Solana writes addresses, signatures and blockhashes. Leading zero bytes are
 * written as leading {@code 1}s. Stateless and thread-safe.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    private Base58() {}

    public static String encode(byte[] input) {
        if (input.length == 0) {
            return "";
        }
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] number = Arrays.copyOf(input, input.length);
        char[] out = new char[input.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < number.length) {
            out[--outStart] = ALPHABET[divmod(number, start, 256, 58)];
            if (number[start] == 0) {
                start++;
            }
        }
        while (outStart < out.length && out[outStart] == ALPHABET[0]) {
            outStart++;
        }
        while (--zeros >= 0) {
            out[--outStart] = ALPHABET[0];
        }
        return new String(out, outStart, out.length - outStart);
    }

    /**
     * @throws IllegalArgumentException if {@code input} has a character outside the alphabet (the message names its
     *     position, not the text, which may be a secret key)
     */
    public static byte[] decode(String input) {
        if (input.isEmpty()) {
            return new byte[0];
        }
        byte[] digits = new byte[input.length()];
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEX[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: invalid character at position " + i);
            }
            digits[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < digits.length && digits[zeros] == 0) {
            zeros++;
        }
        byte[] out = new byte[input.length()];
        int outStart = out.length;
        int start = zeros;
        while (start < digits.length) {
            out[--outStart] = (byte) divmod(digits, start, 58, 256);
            if (digits[start] == 0) {
                start++;
            }
        }
        while (outStart < out.length && out[outStart] == 0) {
            outStart++;
        }
        return Arrays.copyOfRange(out, outStart - zeros, out.length);
    }

    /**
     * Decodes exactly {@code length} bytes.
     *
     * @throws IllegalArgumentException naming {@code what} if the text is not base58 of that length
     */
    public static byte[] decode(String input, int length, String what) {
        if (input == null || input.isEmpty() || input.length() > 2 * length) {
            throw new IllegalArgumentException(what + " must be base58 of " + length + " bytes");
        }
        byte[] bytes;
        try {
            bytes = decode(input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is " + e.getMessage());
        }
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be base58 of " + length + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    /** Divides the big-endian number in {@code number[start..]} (digits of {@code base}) by {@code divisor}. */
    private static int divmod(byte[] number, int start, int base, int divisor) {
        int remainder = 0;
        for (int i = start; i < number.length; i++) {
            int digit = number[i] & 0xff;
            int temp = remainder * base + digit;
            number[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return remainder;
    }
}
