package dev.x402j.server;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Bitcoin-alphabet base58, as Solana writes keys and hashes: dev mode prints its demo payer's key with it and writes
 * its genesis hash. (The chain module has its own codec, in its internal package.)
 */
final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {}

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    static byte[] decode(String text) {
        BigInteger n = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: the character '" + c + "'");
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int strip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0; // BigInteger's sign byte
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] out = new byte[zeros + magnitude.length - strip];
        System.arraycopy(magnitude, strip, out, zeros, magnitude.length - strip);
        return out;
    }

    /** The 64-byte keypair encoding of wallets and {@code solana-keygen}: seed ‖ public key, in base58. */
    static String keypair(byte[] seed, String address) {
        byte[] publicKey = decode(address);
        byte[] both = Arrays.copyOf(seed, 64);
        System.arraycopy(publicKey, 0, both, 32, 32);
        try {
            return encode(both);
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }
}
