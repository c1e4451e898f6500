package dev.x402j.evm.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** secp256k1 signatures the Ethereum way: 65 bytes {@code r ‖ s ‖ v}, low {@code s} (EIP-2), address recovery. */
public final class Secp256k1 {
    static final BigInteger N = Sign.CURVE_PARAMS.getN();
    static final BigInteger HALF_N = N.shiftRight(1);

    private Secp256k1() {}

    /** A valid private key scalar: {@code 1 ≤ k < n}. */
    public static boolean isValidPrivateKey(BigInteger k) {
        return k.signum() > 0 && k.compareTo(N) < 0;
    }

    /**
     * Signs a 32-byte digest.
     *
     * @return {@code r ‖ s ‖ recId} with {@code s} low and {@code recId} in {0,1}
     */
    public static byte[] sign(ECKeyPair key, byte[] digest) {
        requireDigest(digest);
        Sign.SignatureData sig = Sign.signMessage(digest, key, false);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = (byte) (sig.getV()[0] - 27);
        return out;
    }

    /**
     * The address that signed {@code digest}, checksummed. Accepts {@code v} in {0, 1, 27, 28}.
     *
     * @throws IllegalArgumentException (with a message naming the problem) if the signature is not 65 bytes, has
     *     {@code r} or {@code s} out of range, a high {@code s} (malleable, rejected as Ethereum does since EIP-2),
     *     a bad {@code v}, or recovers no key
     */
    public static String recoverAddress(byte[] digest, byte[] signature) {
        requireDigest(digest);
        if (signature.length != 65) {
            throw new IllegalArgumentException("signature must be 65 bytes (r, s, v), got " + signature.length);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        int v = signature[64] & 0xff;
        if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(N) >= 0) {
            throw new IllegalArgumentException("signature r or s is out of range");
        }
        if (s.compareTo(HALF_N) > 0) {
            throw new IllegalArgumentException("signature has a high s value (malleable signature)");
        }
        int recId = v >= 27 ? v - 27 : v;
        if (recId != 0 && recId != 1) {
            throw new IllegalArgumentException("signature v must be 0, 1, 27 or 28, got " + v);
        }
        BigInteger publicKey = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), digest);
        if (publicKey == null) {
            throw new IllegalArgumentException("no public key recovers from this signature");
        }
        return Keys.toChecksumAddress(Keys.getAddress(publicKey));
    }

    /** The checksummed address of a key pair. */
    public static String address(ECKeyPair key) {
        return Keys.toChecksumAddress(Keys.getAddress(key));
    }

    /** EIP-55 checksummed form of a 20-byte address. */
    public static String checksum(String address) {
        if (!Hex.isAddress(address)) {
            throw new IllegalArgumentException("not a 20-byte address");
        }
        return Keys.toChecksumAddress(address.toLowerCase(java.util.Locale.ROOT));
    }

    private static void requireDigest(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("an EVM signer signs 32-byte digests");
        }
    }
}
