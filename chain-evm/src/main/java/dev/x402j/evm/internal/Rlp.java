package dev.x402j.evm.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-length-prefix encoding (Ethereum yellow paper, appendix B), for transactions: the encoder, and a strict
 * decoder into byte strings ({@code byte[]}) and lists ({@code List<Object>}).
 */
final class Rlp {
    private Rlp() {}

    /** A byte string item. */
    static byte[] bytes(byte[] value) {
        if (value.length == 1 && (value[0] & 0xff) < 0x80) {
            return value.clone();
        }
        return concat(header(0x80, value.length), value);
    }

    /** An unsigned integer item: big-endian without leading zeros (zero is the empty string). */
    static byte[] uint(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned");
        }
        return bytes(unsignedBytes(value));
    }

    static byte[] uint(long value) {
        return uint(BigInteger.valueOf(value));
    }

    /** A list of already encoded items. */
    static byte[] list(List<byte[]> encodedItems) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        encodedItems.forEach(body::writeBytes);
        return concat(header(0xc0, body.size()), body.toByteArray());
    }

    /** Big-endian bytes without leading zeros; empty for zero. */
    static byte[] unsignedBytes(BigInteger value) {
        if (value.signum() == 0) {
            return new byte[0];
        }
        byte[] b = value.toByteArray();
        if (b[0] == 0) {
            byte[] trimmed = new byte[b.length - 1];
            System.arraycopy(b, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return b;
    }

    private static byte[] header(int offset, int length) {
        if (length < 56) {
            return new byte[] {(byte) (offset + length)};
        }
        byte[] len = unsignedBytes(BigInteger.valueOf(length));
        return concat(new byte[] {(byte) (offset + 55 + len.length)}, len);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Decodes one item that spans all of {@code encoded}: a {@code byte[]} or a {@code List<Object>} of such items.
     *
     * @throws IllegalArgumentException if it is not canonical RLP or has trailing bytes
     */
    static Object decode(byte[] encoded) {
        int[] end = new int[1];
        Object item = decode(encoded, 0, end);
        if (end[0] != encoded.length) {
            throw new IllegalArgumentException("RLP: " + (encoded.length - end[0]) + " trailing bytes");
        }
        return item;
    }

    /** An unsigned integer item. */
    static BigInteger toUint(Object item) {
        if (!(item instanceof byte[] b)) {
            throw new IllegalArgumentException("RLP: expected an integer, found a list");
        }
        if (b.length > 0 && b[0] == 0) {
            throw new IllegalArgumentException("RLP: integer with leading zeros");
        }
        return new BigInteger(1, b);
    }

    private static Object decode(byte[] in, int at, int[] end) {
        if (at >= in.length) {
            throw new IllegalArgumentException("RLP: truncated");
        }
        int prefix = in[at] & 0xff;
        if (prefix < 0x80) {
            end[0] = at + 1;
            return new byte[] {(byte) prefix};
        }
        boolean list = prefix >= 0xc0;
        int offset = list ? 0xc0 : 0x80;
        int start;
        int length;
        if (prefix - offset <= 55) {
            start = at + 1;
            length = prefix - offset;
        } else {
            int lengthOfLength = prefix - offset - 55;
            start = at + 1 + lengthOfLength;
            if (start > in.length || in[at + 1] == 0) {
                throw new IllegalArgumentException("RLP: bad length");
            }
            BigInteger l = new BigInteger(1, Arrays.copyOfRange(in, at + 1, start));
            if (l.bitLength() > 31 || l.intValue() <= 55) {
                throw new IllegalArgumentException("RLP: bad length");
            }
            length = l.intValue();
        }
        if (start + length > in.length || start + length < start) {
            throw new IllegalArgumentException("RLP: truncated");
        }
        end[0] = start + length;
        if (!list) {
            byte[] value = Arrays.copyOfRange(in, start, start + length);
            if (length == 1 && (value[0] & 0xff) < 0x80) {
                throw new IllegalArgumentException("RLP: a single byte below 0x80 must encode itself");
            }
            return value;
        }
        List<Object> items = new ArrayList<>();
        int[] itemEnd = new int[1];
        for (int i = start; i < start + length; i = itemEnd[0]) {
            items.add(decode(in, i, itemEnd));
            if (itemEnd[0] > start + length) {
                throw new IllegalArgumentException("RLP: an item overruns its list");
            }
        }
        return items;
    }
}
