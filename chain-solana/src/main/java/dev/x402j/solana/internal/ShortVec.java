package dev.x402j.solana.internal;

import java.io.ByteArrayOutputStream;

/**
 * Solana's compact-u16 ("short vec") length prefix: 7 bits per byte, little-endian, high bit = more; one to three
 * bytes for 0..65535. Decoding rejects what Solana rejects: more than three bytes, a value above 65535, and aliases
 * (a needless trailing zero byte).
 */
public final class ShortVec {
    public static final int MAX = 0xffff;

    private ShortVec() {}

    public static void encode(int value, ByteArrayOutputStream out) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("compact-u16 out of range: " + value);
        }
        int rest = value;
        while (true) {
            int b = rest & 0x7f;
            rest >>>= 7;
            if (rest == 0) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }

    public static byte[] encode(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3);
        encode(value, out);
        return out.toByteArray();
    }

    static int decode(ByteReader in, String what) {
        int value = 0;
        for (int i = 0; i < 3; i++) {
            int b = in.u8();
            value |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw new ByteReader.MalformedException("non-canonical compact-u16 for " + what);
                }
                if (value > MAX) {
                    throw new ByteReader.MalformedException("compact-u16 for " + what + " exceeds 65535");
                }
                return value;
            }
        }
        throw new ByteReader.MalformedException("compact-u16 for " + what + " is longer than three bytes");
    }
}
