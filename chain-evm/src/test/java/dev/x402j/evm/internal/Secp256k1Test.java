package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

class Secp256k1Test {
    private static final ECKeyPair KEY = ECKeyPair.create(
            new BigInteger("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", 16));
    private static final String ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final byte[] DIGEST = Hash.sha3("x402".getBytes());

    @Test
    void signsLowSWithRecoveryIdAndRecoversTheSigner() {
        byte[] sig = Secp256k1.sign(KEY, DIGEST);

        assertThat(sig).hasSize(65);
        assertThat(sig[64]).isIn((byte) 0, (byte) 1);
        assertThat(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))).isLessThanOrEqualTo(Secp256k1.HALF_N);
        assertThat(Secp256k1.recoverAddress(DIGEST, sig)).isEqualTo(ADDRESS);
        assertThat(Secp256k1.address(KEY)).isEqualTo(ADDRESS);
    }

    @Test
    void acceptsVAsWalletsWriteIt() {
        byte[] sig = Secp256k1.sign(KEY, DIGEST);
        sig[64] += 27;
        assertThat(Secp256k1.recoverAddress(DIGEST, sig)).isEqualTo(ADDRESS);
    }

    @Test
    void otherDigestRecoversAnotherAddress() {
        byte[] sig = Secp256k1.sign(KEY, DIGEST);
        assertThat(Secp256k1.recoverAddress(Hash.sha3("other".getBytes()), sig)).isNotEqualTo(ADDRESS);
    }

    @Test
    void rejectsTheMalleableHighSTwinOfAValidSignature() {
        byte[] sig = Secp256k1.sign(KEY, DIGEST);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] twin = sig.clone();
        System.arraycopy(Abi.uint256(Secp256k1.N.subtract(s)), 0, twin, 32, 32);
        twin[64] ^= 1;

        assertThatThrownBy(() -> Secp256k1.recoverAddress(DIGEST, twin)).hasMessageContaining("high s");
    }

    @Test
    void rejectsMalformedSignatures() {
        byte[] sig = Secp256k1.sign(KEY, DIGEST);
        assertThatThrownBy(() -> Secp256k1.recoverAddress(DIGEST, Arrays.copyOf(sig, 64))).hasMessageContaining("65 bytes");
        byte[] badV = sig.clone();
        badV[64] = 5;
        assertThatThrownBy(() -> Secp256k1.recoverAddress(DIGEST, badV)).hasMessageContaining("v must be");
        byte[] zeroR = sig.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        assertThatThrownBy(() -> Secp256k1.recoverAddress(DIGEST, zeroR)).hasMessageContaining("out of range");
        byte[] hugeS = sig.clone();
        Arrays.fill(hugeS, 32, 64, (byte) 0xff);
        assertThatThrownBy(() -> Secp256k1.recoverAddress(DIGEST, hugeS)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Secp256k1.sign(KEY, new byte[31])).hasMessageContaining("32-byte");
    }

    @Test
    void checksumsAddresses() {
        assertThat(Secp256k1.checksum(ADDRESS.toLowerCase())).isEqualTo(ADDRESS);
        assertThatThrownBy(() -> Secp256k1.checksum("0x1234")).isInstanceOf(IllegalArgumentException.class);
    }
}
