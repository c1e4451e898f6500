package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.Vectors;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and writing transactions, legacy and v0, against transactions built by {@code @solana/kit}. */
class TransactionTest {
    @Test
    void parsesTheOfficialClientsV0PaymentAndWritesItBackByteForByte() {
        JsonNode v = Vectors.payment(0);
        byte[] wire = Vectors.base64(v.get("transactionBase64"));

        Transaction tx = Transaction.parse(wire);

        Message m = tx.message();
        assertThat(m.version()).isEqualTo(Message.Version.V0);
        assertThat(m.numRequiredSignatures()).isEqualTo(2);
        assertThat(m.feePayer().base58()).isEqualTo(v.get("feePayer").asText());
        assertThat(m.signers()).extracting(Pubkey::base58)
                .containsExactly(v.get("feePayer").asText(), v.get("payer").asText());
        assertThat(m.recentBlockhashBase58()).isEqualTo(v.get("recentBlockhash").asText());
        assertThat(m.lookups()).isEmpty();
        assertThat(tx.isUnsigned(0)).as("the fee payer's slot is left to the facilitator").isTrue();
        assertThat(tx.isUnsigned(1)).isFalse();
        assertThat(tx.messageBytes()).isEqualTo(Vectors.base64(v.get("messageBase64")));
        assertThat(m.serialize()).isEqualTo(tx.messageBytes());
        assertThat(tx.serialize()).isEqualTo(wire);
        assertThat(Ed25519.verify(m.accountKeys().get(1), tx.messageBytes(), tx.signature(1))).isTrue();
    }

    @Test
    void decompilesTheFourInstructionsOfThePayment() {
        JsonNode v = Vectors.payment(0);
        List<Instruction> ixs = Transaction.parse(Vectors.base64(v.get("transactionBase64"))).message().decompile();

        assertThat(ixs).hasSize(4);
        assertThat(ProgramInstructions.computeUnitLimit(ixs.get(0))).contains((long) v.get("computeUnitLimit").asInt());
        assertThat(ProgramInstructions.computeUnitPrice(ixs.get(1))).contains(BigInteger.ONE);
        ProgramInstructions.TransferChecked t = ProgramInstructions.transferChecked(ixs.get(2)).orElseThrow();
        assertThat(t.program()).isEqualTo(Programs.TOKEN);
        assertThat(t.source().base58()).isEqualTo(v.get("source").asText());
        assertThat(t.mint().base58()).isEqualTo(v.get("mint").asText());
        assertThat(t.destination().base58()).isEqualTo(v.get("destination").asText());
        assertThat(t.authority().base58()).isEqualTo(v.get("payer").asText());
        assertThat(t.amount()).isEqualTo(new BigInteger(v.get("amount").asText()));
        assertThat(t.decimals()).isEqualTo(6);
        assertThat(ProgramInstructions.memoText(ixs.get(3))).contains(v.get("memo").asText());
        assertThat(ixs.get(2).accounts().get(3).signer()).isTrue();
        assertThat(ixs.get(2).accounts().get(0).writable()).isTrue();
        assertThat(ixs.get(2).accounts().get(1).writable()).isFalse();
    }

    @Test
    void parsesALegacyTransactionAndWritesItBack() {
        JsonNode v = Vectors.legacy();
        byte[] wire = Vectors.base64(v.get("transactionBase64"));

        Transaction tx = Transaction.parse(wire);

        assertThat(tx.message().version()).isEqualTo(Message.Version.LEGACY);
        assertThat(tx.message().feePayer().base58()).isEqualTo(v.get("payer").asText());
        assertThat(tx.messageBytes()).isEqualTo(Vectors.base64(v.get("messageBase64")));
        assertThat(tx.serialize()).isEqualTo(wire);
        assertThat(Ed25519.verify(tx.message().feePayer(), tx.messageBytes(), tx.signature(0))).isTrue();
        assertThat(tx.id()).isEqualTo(Base58.encode(tx.signature(0)));
        List<Instruction> ixs = tx.message().decompile();
        assertThat(ProgramInstructions.memoText(ixs.get(0))).contains("legacy");
        assertThat(ixs.get(0).accounts()).singleElement().satisfies(a -> assertThat(a.signer()).isTrue());
        assertThat(ProgramInstructions.transferChecked(ixs.get(1))).isPresent();
    }

    @Test
    void signingFillsTheSignersSlotOnly() {
        JsonNode v = Vectors.payment(0);
        Transaction tx = Transaction.parse(Vectors.base64(v.get("transactionBase64")));
        Ed25519.PrivateKey feePayer = Ed25519.privateKey(Vectors.seed(1));

        Transaction signed = tx.sign(feePayer);

        assertThat(signed.isUnsigned(0)).isFalse();
        assertThat(Ed25519.verify(feePayer.publicKey(), signed.messageBytes(), signed.signature(0))).isTrue();
        assertThat(signed.signature(1)).isEqualTo(tx.signature(1));
        assertThat(Transaction.parse(signed.serialize()).id()).isEqualTo(signed.id());
        assertThatThrownBy(() -> tx.sign(Ed25519.privateKey(Vectors.seed(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTruncatedOrPaddedTransactions() {
        byte[] wire = Vectors.base64(Vectors.payment(0).get("transactionBase64"));
        assertThatThrownBy(() -> Transaction.parse(Arrays.copyOf(wire, wire.length - 1)))
                .isInstanceOf(ByteReader.MalformedException.class);
        assertThatThrownBy(() -> Transaction.parse(Arrays.copyOf(wire, wire.length + 1)))
                .isInstanceOf(ByteReader.MalformedException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Transaction.parse(new byte[0])).isInstanceOf(ByteReader.MalformedException.class);
        assertThatThrownBy(() -> Transaction.parse(new byte[1300]))
                .isInstanceOf(ByteReader.MalformedException.class)
                .hasMessageContaining("packet");
    }

    @Test
    void rejectsASignatureCountThatDiffersFromTheHeader() {
        byte[] wire = Vectors.base64(Vectors.payment(0).get("transactionBase64"));
        byte[] oneSignature = new byte[wire.length - 64];
        oneSignature[0] = 1;
        System.arraycopy(wire, 1 + 64, oneSignature, 1, wire.length - 65);
        assertThatThrownBy(() -> Transaction.parse(oneSignature))
                .isInstanceOf(ByteReader.MalformedException.class)
                .hasMessageContaining("requires 2 signatures");
    }

    @Test
    void rejectsUnsupportedVersionsAndUnsanitaryMessages() {
        byte[] message = Vectors.base64(Vectors.payment(0).get("messageBase64"));
        byte[] v1 = message.clone();
        v1[0] = (byte) 0x81;
        assertThatThrownBy(() -> Message.parse(v1)).hasMessageContaining("version 1");

        Message m = Message.parse(message);
        List<Pubkey> keys = new java.util.ArrayList<>(m.accountKeys());
        keys.set(1, keys.get(0));
        assertThatThrownBy(() -> new Message(m.version(), 2, 0, m.numReadonlyUnsigned(), keys, m.recentBlockhash(),
                        m.instructions(), List.of()))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new Message(m.version(), 2, 0, m.numReadonlyUnsigned(), m.accountKeys(),
                        m.recentBlockhash(), List.of(new Message.CompiledInstruction(0, new int[0], new byte[0])),
                        List.of()))
                .hasMessageContaining("program index");
        assertThatThrownBy(() -> new Message(m.version(), 2, 2, m.numReadonlyUnsigned(), m.accountKeys(),
                        m.recentBlockhash(), m.instructions(), List.of()))
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> new Message(m.version(), 0, 0, 0, m.accountKeys(), m.recentBlockhash(),
                        List.of(), List.of()))
                .hasMessageContaining("at least one signer");
    }

    @Test
    void readsAndWritesAddressTableLookups() {
        Message m = Message.parse(Vectors.base64(Vectors.payment(0).get("messageBase64")));
        Message withLookup = new Message(Message.Version.V0, m.numRequiredSignatures(), m.numReadonlySigned(),
                m.numReadonlyUnsigned(), m.accountKeys(), m.recentBlockhash(), m.instructions(),
                List.of(new Message.AddressTableLookup(Programs.MEMO, new int[] {1, 2}, new int[] {7})));

        Message again = Message.parse(withLookup.serialize());

        assertThat(again.lookups()).singleElement().satisfies(l -> {
            assertThat(l.table()).isEqualTo(Programs.MEMO);
            assertThat(l.writableIndexes()).containsExactly(1, 2);
            assertThat(l.readonlyIndexes()).containsExactly(7);
        });
        assertThat(again.serialize()).isEqualTo(withLookup.serialize());
    }
}
