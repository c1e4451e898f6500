package dev.x402j.evm.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/** Recursive-length-prefix encoding (Ethereum yellow paper, appendix B): just the encoder, for transactions. */
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
}
