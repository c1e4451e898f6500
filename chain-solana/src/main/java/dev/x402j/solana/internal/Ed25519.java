package dev.x402j.solana.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 (RFC 8032) on BouncyCastle, plus the curve-membership test Solana uses for program-derived addresses. */
public final class Ed25519 {
    public static final int SEED_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665 / 121666 mod p. */
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    private static final BigInteger P_MINUS_2 = P.subtract(BigInteger.TWO);
    private static final BigInteger HALF_P_MINUS_1 = P.subtract(BigInteger.ONE).shiftRight(1);

    private Ed25519() {}

    /** A private key held in memory; {@link #toString()} reveals nothing. Thread-safe. */
    public static final class PrivateKey {
        private final Ed25519PrivateKeyParameters key;
        private final Pubkey publicKey;

        private PrivateKey(byte[] seed) {
            this.key = new Ed25519PrivateKeyParameters(seed, 0);
            this.publicKey = Pubkey.of(key.generatePublicKey().getEncoded());
        }

        public Pubkey publicKey() {
            return publicKey;
        }

        public byte[] sign(byte[] message) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, key);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        }

        @Override
        public String toString() {
            return "Ed25519.PrivateKey[" + publicKey + "]";
        }
    }

    /**
     * The key of a Solana secret key: 32 bytes (the seed) or 64 bytes (seed ‖ public key, the encoding of
     * {@code solana-keygen} files and wallet exports; the public half must match the seed).
     *
     * @throws IllegalArgumentException if the bytes are not such a key; the message never contains them
     */
    public static PrivateKey privateKey(byte[] secret) {
        if (secret == null || (secret.length != 32 && secret.length != 64)) {
            throw new IllegalArgumentException("a Solana secret key is 64 bytes (seed and public key) or a 32-byte seed, got "
                    + (secret == null ? "none" : secret.length + " bytes"));
        }
        PrivateKey key = new PrivateKey(Arrays.copyOf(secret, SEED_LENGTH));
        if (secret.length == 64
                && !Arrays.equals(key.publicKey().unsafeBytes(), Arrays.copyOfRange(secret, 32, 64))) {
            throw new IllegalArgumentException(
                    "the Solana secret key is inconsistent: its last 32 bytes are not the public key of its first 32");
        }
        return key;
    }

    /** Whether {@code signature} is a valid ed25519 signature of {@code message} by {@code publicKey}. */
    public static boolean verify(Pubkey publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey.unsafeBytes(), 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException invalidPoint) {
            return false;
        }
    }

    /**
     * Whether 32 bytes decode to a point of the curve, as curve25519-dalek's {@code CompressedEdwardsY::decompress}
     * decides (Solana's {@code is_on_curve}): y is read little-endian without the sign bit and reduced mod p; the
     * point exists iff (y² − 1) / (d·y² + 1) is a square mod p.
     */
    public static boolean isOnCurve(byte[] point) {
        if (point.length != 32) {
            throw new IllegalArgumentException("a compressed point is 32 bytes");
        }
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = point[31 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian).mod(P);
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modPow(P_MINUS_2, P)).mod(P);
        return x2.signum() == 0 || x2.modPow(HALF_P_MINUS_1, P).equals(BigInteger.ONE);
    }
}
