package dev.x402j.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.web3j.crypto.Hash;

/**
 * Just enough hand-written Solidity ABI encoding for the testkit: 4-byte selectors and static 32-byte words,
 * plus decoding of the few return types the test token has. Hex strings are 0x-prefixed.
 */
final class Abi {

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private Abi() {
    }

    /** The 4-byte selector of a canonical signature such as {@code balanceOf(address)}, as 8 hex chars. */
    static String selector(String signature) {
        return Hash.sha3String(signature).substring(2, 10);
    }

    /** Calldata: selector followed by the given 64-hex-char words. */
    static String call(String signature, String... words) {
        StringBuilder data = new StringBuilder("0x").append(selector(signature));
        for (String word : words) {
            if (word.length() != 64) {
                throw new IllegalArgumentException("not a 32-byte word: " + word);
            }
            data.append(word);
        }
        return data.toString();
    }

    /** An address, left-padded to 32 bytes. */
    static String address(String address) {
        String hex = strip(address);
        if (hex.length() != 40) {
            throw new IllegalArgumentException("not a 20-byte address: " + address);
        }
        return "0".repeat(24) + hex.toLowerCase(Locale.ROOT);
    }

    /** An unsigned integer, left-padded to 32 bytes. */
    static String uint(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(TWO_256) >= 0) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    static String uint(long value) {
        return uint(BigInteger.valueOf(value));
    }

    /** A bytes32 value given as exactly 32 bytes of hex. */
    static String bytes32(String hex) {
        String body = strip(hex);
        if (body.length() != 64) {
            throw new IllegalArgumentException("not 32 bytes: " + hex);
        }
        return body.toLowerCase(Locale.ROOT);
    }

    /** The word at {@code index} of 0x-hex return data. */
    static String word(String returnData, int index) {
        String hex = strip(returnData);
        int start = index * 64;
        if (hex.length() < start + 64) {
            throw new IllegalArgumentException("return data too short for word " + index + ": " + returnData);
        }
        return hex.substring(start, start + 64);
    }

    static BigInteger decodeUint(String returnData) {
        return new BigInteger(word(returnData, 0), 16);
    }

    static boolean decodeBool(String returnData) {
        return decodeUint(returnData).signum() != 0;
    }

    static String decodeBytes32(String returnData) {
        return "0x" + word(returnData, 0);
    }

    static String decodeAddress(String returnData) {
        return "0x" + word(returnData, 0).substring(24);
    }

    /** A single dynamic {@code string} return value (offset, length, UTF-8 bytes). */
    static String decodeString(String returnData) {
        String hex = strip(returnData);
        int offset = new BigInteger(word(returnData, 0), 16).intValueExact() * 2;
        int length = new BigInteger(hex.substring(offset, offset + 64), 16).intValueExact();
        String body = hex.substring(offset + 64, offset + 64 + length * 2);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) Integer.parseInt(body, i * 2, i * 2 + 2, 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }
}
