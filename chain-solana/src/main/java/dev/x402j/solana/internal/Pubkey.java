package dev.x402j.solana.internal;

import java.util.Arrays;

/** A 32-byte Solana address (an ed25519 public key or a program-derived address). Immutable. */
public final class Pubkey implements Comparable<Pubkey> {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final String base58;

    private Pubkey(byte[] bytes) {
        this.bytes = bytes;
        this.base58 = Base58.encode(bytes);
    }

    public static Pubkey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a Solana address is 32 bytes");
        }
        return new Pubkey(bytes.clone());
    }

    /**
     * @throws IllegalArgumentException if {@code base58} is not base58 of 32 bytes; the message names {@code what}
     */
    public static Pubkey parse(String base58, String what) {
        return new Pubkey(Base58.decode(base58, LENGTH, what));
    }

    public static Pubkey parse(String base58) {
        return parse(base58, "address");
    }

    /** Whether the text is base58 of 32 bytes. */
    public static boolean isValid(String text) {
        try {
            parse(text, "address");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The backing array, not copied: callers must not modify it. */
    byte[] unsafeBytes() {
        return bytes;
    }

    public String base58() {
        return base58;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pubkey p && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Pubkey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return base58;
    }
}
