package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;

/** Our EIP-1559 encoding, byte for byte against web3j's independent TransactionEncoder. */
class Eip1559TransactionTest {
    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String TO = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";

    @Test
    void signingPayloadAndSignedBytesEqualWeb3j() {
        byte[] data = EvmTestData.longCalldata(); // > 55 bytes: RLP long-string form
        Eip1559Transaction ours = new Eip1559Transaction(84532, 7, BigInteger.valueOf(1_000_000),
                BigInteger.valueOf(3_000_000_123L), BigInteger.valueOf(100_000), TO, BigInteger.ZERO, data);
        RawTransaction theirs = RawTransaction.createTransaction(84532, BigInteger.valueOf(7), BigInteger.valueOf(100_000),
                TO, BigInteger.ZERO, Hex.encode(data), BigInteger.valueOf(1_000_000), BigInteger.valueOf(3_000_000_123L));

        assertThat(hex(ours.signingPayload())).isEqualTo(hex(TransactionEncoder.encode(theirs)));

        ECKeyPair key = ECKeyPair.create(new BigInteger(KEY.substring(2), 16));
        byte[] sig = Secp256k1.sign(key, ours.signingHash());
        byte[] signed = ours.encodeSigned(sig[64], java.util.Arrays.copyOfRange(sig, 0, 32),
                java.util.Arrays.copyOfRange(sig, 32, 64));

        assertThat(hex(signed)).isEqualTo(hex(TransactionEncoder.signMessage(theirs, Credentials.create(KEY))));
    }

    @Test
    void signedTransactionDecodesToItsSenderAndFields() throws Exception {
        Eip1559Transaction tx = new Eip1559Transaction(1, 0, BigInteger.ZERO, BigInteger.valueOf(50),
                BigInteger.valueOf(21_000), TO, BigInteger.ZERO, new byte[0]);
        ECKeyPair key = ECKeyPair.create(new BigInteger(KEY.substring(2), 16));
        byte[] sig = Secp256k1.sign(key, tx.signingHash());
        byte[] raw = tx.encodeSigned(sig[64], java.util.Arrays.copyOfRange(sig, 0, 32),
                java.util.Arrays.copyOfRange(sig, 32, 64));

        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Hex.encode(raw));
        assertThat(decoded.getFrom()).isEqualToIgnoringCase("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(decoded.getNonce()).isZero();
        assertThat(decoded.getGasLimit()).isEqualTo(21_000);
        assertThat(decoded.getTo()).isEqualToIgnoringCase(TO);
        assertThat(Eip1559Transaction.hashOf(raw)).hasSize(32);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void decodingOurSignedBytesGivesBackTheTransactionAndItsSender() {
        byte[] data = EvmTestData.longCalldata();
        Eip1559Transaction tx = new Eip1559Transaction(84532, 300, BigInteger.valueOf(1_000_000),
                new BigInteger("3000000000000000000000"), BigInteger.valueOf(100_000), TO, BigInteger.ZERO, data);
        ECKeyPair key = ECKeyPair.create(new BigInteger(KEY.substring(2), 16));
        byte[] sig = Secp256k1.sign(key, tx.signingHash());
        byte[] raw = tx.encodeSigned(sig[64], java.util.Arrays.copyOfRange(sig, 0, 32),
                java.util.Arrays.copyOfRange(sig, 32, 64));

        Eip1559Transaction.Signed decoded = Eip1559Transaction.decodeSigned(raw);
        assertThat(decoded.transaction()).isEqualTo(tx);
        assertThat(decoded.sender()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(decoded.signature()).isEqualTo(sig);
        // Re-encoding the decoded transaction at other fees keeps everything else.
        Eip1559Transaction bumped = decoded.transaction().withFees(BigInteger.TWO, BigInteger.TEN);
        assertThat(bumped.nonce()).isEqualTo(300);
        assertThat(bumped.data()).isEqualTo(data);
        assertThat(bumped.gasLimit()).isEqualTo(100_000);
        assertThat(bumped.maxFeePerGas()).isEqualTo(10);
    }

    @Test
    void decodingRefusesWhatIsNotASignedType2Transaction() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Eip1559Transaction.decodeSigned(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Eip1559Transaction.decodeSigned(new byte[] {2, (byte) 0xc0}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Eip1559Transaction.decodeSigned(new byte[] {2, (byte) 0xc5, 1}))
                .hasMessageContaining("truncated");
        // Non-canonical: a single byte below 0x80 written as a one-byte string.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rlp.decode(new byte[] {(byte) 0x81, 0x05}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rlp.decode(new byte[] {(byte) 0x80, 0x00}))
                .hasMessageContaining("trailing");
    }

    @Test
    void rlpDecodesWhatItEncodes() {
        byte[] longString = new byte[300];
        java.util.Arrays.fill(longString, (byte) 7);
        byte[] encoded = Rlp.list(java.util.List.of(Rlp.uint(0), Rlp.uint(127), Rlp.uint(128), Rlp.bytes(longString),
                Rlp.list(java.util.List.of(Rlp.uint(1_000_000)))));
        java.util.List<?> items = (java.util.List<?>) Rlp.decode(encoded);
        assertThat(items).hasSize(5);
        assertThat(Rlp.toUint(items.get(0))).isZero();
        assertThat(Rlp.toUint(items.get(1))).isEqualTo(127);
        assertThat(Rlp.toUint(items.get(2))).isEqualTo(128);
        assertThat((byte[]) items.get(3)).isEqualTo(longString);
        assertThat(Rlp.toUint(((java.util.List<?>) items.get(4)).get(0))).isEqualTo(1_000_000);
    }
}
