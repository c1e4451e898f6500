package dev.x402j.solana.internal;

import java.util.Arrays;

/** Reads Solana's wire format from a byte array; every read past the end throws {@link MalformedException}. */
public final class ByteReader {
    private final byte[] bytes;
    private int position;

    public ByteReader(byte[] bytes) {
        this(bytes, 0);
    }

    public ByteReader(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    /** Thrown for bytes that are not a well-formed encoding. */
    public static final class MalformedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message);
        }
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return bytes.length - position;
    }

    public int u8() {
        need(1, "a byte");
        return bytes[position++] & 0xff;
    }

    public int peek() {
        need(1, "a byte");
        return bytes[position] & 0xff;
    }

    public byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = Arrays.copyOfRange(bytes, position, position + n);
        position += n;
        return out;
    }

    /** A compact-u16 ("short vec" length), rejecting non-canonical encodings as Solana does. */
    public int shortVec(String what) {
        return ShortVec.decode(this, what);
    }

    private void need(int n, String what) {
        if (n < 0 || n > remaining()) {
            throw new MalformedException("truncated: expected " + what + " at byte " + position + " of " + bytes.length);
        }
    }
}
