package dev.x402j.evm.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;

/**
 * The little Solidity ABI the exact scheme needs: calldata of static arguments, decoding of {@code uint256},
 * {@code bool} and {@code string} returns, and naming a revert reason.
 */
public final class Abi {
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final int WORD = 32;

    /** Custom errors EIP-3009 tokens (OpenZeppelin-based ones, x402j's test token) revert with. */
    private static final Map<String, String> KNOWN_ERRORS = List.of(
                    "ERC3009UsedAuthorization(address,bytes32)",
                    "ERC3009InvalidSignature()",
                    "ERC3009InvalidAuthorizationTime(uint256,uint256)",
                    "ERC3009UnauthorizedCaller(address,address)",
                    "ERC20InsufficientBalance(address,uint256,uint256)",
                    "ERC20InvalidSender(address)",
                    "ERC20InvalidReceiver(address)",
                    "ECDSAInvalidSignature()",
                    "ECDSAInvalidSignatureLength(uint256)",
                    "ECDSAInvalidSignatureS(bytes32)",
                    "EnforcedPause()")
            .stream()
            .collect(Collectors.toUnmodifiableMap(s -> HexFormat.of().formatHex(selector(s)), Function.identity()));

    private static final String ERROR_STRING = HexFormat.of().formatHex(selector("Error(string)"));
    private static final String PANIC = HexFormat.of().formatHex(selector("Panic(uint256)"));

    private Abi() {}

    /** The 4-byte selector of a canonical signature such as {@code balanceOf(address)}. */
    public static byte[] selector(String signature) {
        return Arrays.copyOf(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)), 4);
    }

    /** Calldata: the selector of {@code signature} followed by 32-byte words. */
    public static byte[] call(String signature, byte[]... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + WORD * words.length);
        out.writeBytes(selector(signature));
        for (byte[] w : words) {
            if (w.length != WORD) {
                throw new IllegalArgumentException("ABI words are 32 bytes");
            }
            out.writeBytes(w);
        }
        return out.toByteArray();
    }

    public static byte[] uint256(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("not a uint256");
        }
        return leftPad(Rlp.unsignedBytes(v));
    }

    public static byte[] uint256(long v) {
        return uint256(BigInteger.valueOf(v));
    }

    public static byte[] address(String address) {
        if (!Hex.isAddress(address)) {
            throw new IllegalArgumentException("not a 20-byte address");
        }
        return leftPad(Hex.decode(address));
    }

    public static byte[] bytes32(byte[] b) {
        if (b.length != WORD) {
            throw new IllegalArgumentException("not 32 bytes");
        }
        return b.clone();
    }

    /** The first word of return data as an unsigned integer. */
    public static BigInteger decodeUint(byte[] ret) {
        if (ret.length < WORD) {
            throw new IllegalArgumentException("return data of " + ret.length + " bytes is not a uint256");
        }
        return new BigInteger(1, Arrays.copyOf(ret, WORD));
    }

    public static boolean decodeBool(byte[] ret) {
        return decodeUint(ret).signum() != 0;
    }

    /**
     * A {@code string} return value; also accepts the {@code bytes32} that some old tokens return for
     * {@code name()} (trailing zeros stripped).
     *
     * @throws IllegalArgumentException if the data is neither
     */
    public static String decodeString(byte[] ret) {
        if (ret.length == WORD) {
            int end = WORD;
            while (end > 0 && ret[end - 1] == 0) {
                end--;
            }
            return utf8(Arrays.copyOf(ret, end));
        }
        if (ret.length < 2 * WORD) {
            throw new IllegalArgumentException("return data of " + ret.length + " bytes is not a string");
        }
        BigInteger offset = decodeUint(ret);
        if (offset.compareTo(BigInteger.valueOf(ret.length - WORD)) > 0) {
            throw new IllegalArgumentException("string offset out of range");
        }
        int at = offset.intValueExact();
        BigInteger length = new BigInteger(1, Arrays.copyOfRange(ret, at, at + WORD));
        if (length.compareTo(BigInteger.valueOf(ret.length - at - WORD)) > 0) {
            throw new IllegalArgumentException("string length out of range");
        }
        int start = at + WORD;
        return utf8(Arrays.copyOfRange(ret, start, start + length.intValueExact()));
    }

    /**
     * Names a revert: {@code Error(string)}'s text, a {@code Panic} code, a known custom error's signature, or the
     * selector of an unknown one. Empty when there is no revert data.
     */
    public static Optional<String> describeRevert(byte[] data) {
        if (data == null || data.length == 0) {
            return Optional.empty();
        }
        if (data.length < 4) {
            return Optional.of("revert data " + Hex.encode(data));
        }
        String selector = HexFormat.of().formatHex(data, 0, 4);
        byte[] args = Arrays.copyOfRange(data, 4, data.length);
        try {
            if (selector.equals(ERROR_STRING)) {
                return Optional.of("\"" + decodeString(args) + "\"");
            }
            if (selector.equals(PANIC)) {
                return Optional.of("Panic(0x" + decodeUint(args).toString(16) + ")");
            }
        } catch (IllegalArgumentException malformed) {
            return Optional.of("malformed " + (selector.equals(PANIC) ? "Panic" : "Error(string)") + " revert");
        }
        String known = KNOWN_ERRORS.get(selector);
        return Optional.of(known != null ? known : "custom error 0x" + selector);
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not UTF-8", e);
        }
    }

    private static byte[] leftPad(byte[] b) {
        if (b.length > WORD) {
            throw new IllegalArgumentException("more than 32 bytes");
        }
        byte[] out = new byte[WORD];
        System.arraycopy(b, 0, out, WORD - b.length, b.length);
        return out;
    }
}
