package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.Vectors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCompilerTest {
    @Test
    void compilesThePaymentByteForByteAsTheOfficialClient() {
        for (int i = 0; i < 2; i++) {
            JsonNode v = Vectors.payment(i);
            Pubkey program = Pubkey.parse(v.get("tokenProgram").asText());
            List<Instruction> ixs = List.of(
                    ProgramInstructions.setComputeUnitLimit(v.get("computeUnitLimit").asInt()),
                    ProgramInstructions.setComputeUnitPrice(v.get("computeUnitPriceMicroLamports").asLong()),
                    ProgramInstructions.transferChecked(program, Pubkey.parse(v.get("source").asText()),
                            Pubkey.parse(v.get("mint").asText()), Pubkey.parse(v.get("destination").asText()),
                            Pubkey.parse(v.get("payer").asText()), new BigInteger(v.get("amount").asText()),
                            v.get("decimals").asInt()),
                    ProgramInstructions.memo(v.get("memo").asText()));

            Message m = MessageCompiler.compileV0(Pubkey.parse(v.get("feePayer").asText()), ixs,
                    Base58.decode(v.get("recentBlockhash").asText()));
            Transaction signed = Transaction.unsigned(m).sign(Ed25519.privateKey(Vectors.seed(0)));

            assertThat(m.serialize()).as("message %d", i).isEqualTo(Vectors.base64(v.get("messageBase64")));
            assertThat(signed.serialize()).isEqualTo(Vectors.base64(v.get("transactionBase64")));
        }
    }

    @Test
    void compilesLegacyMessagesAsTheOfficialLibrary() {
        JsonNode v = Vectors.legacy();
        Message expected = Message.parse(Vectors.base64(v.get("messageBase64")));

        Message m = MessageCompiler.compileLegacy(expected.feePayer(), expected.decompile(), expected.recentBlockhash());

        assertThat(m.serialize()).isEqualTo(expected.serialize());
    }

    @Test
    void mergesRolesAndOrdersSignersWritableFirst() {
        Pubkey payer = Pubkey.parse("9C6hybhQ6Aycep9jaUnP6uL9ZYvDjUp1aSkFWPUFJtpj");
        Pubkey a = Pubkey.parse("FgcwodK7aTtn3DgvqwPuSseKgTPcMpGmK6zdf7Ri9KXm");
        Pubkey b = Pubkey.parse("CJkp6DzFiiwzpCNvpzchjoSnayb1xe5XAJTFLEperHwD");
        Instruction first = new Instruction(Programs.MEMO, List.of(AccountMeta.readonly(a), AccountMeta.signer(b)),
                new byte[] {1});
        Instruction second = new Instruction(Programs.MEMO, List.of(AccountMeta.writable(a)), new byte[] {2});

        Message m = MessageCompiler.compileV0(payer, List.of(first, second), new byte[32]);

        assertThat(m.accountKeys()).containsExactly(payer, b, a, Programs.MEMO);
        assertThat(m.numRequiredSignatures()).isEqualTo(2);
        assertThat(m.numReadonlySigned()).isEqualTo(1);
        assertThat(m.numReadonlyUnsigned()).isEqualTo(1);
        assertThat(m.isWritable(2)).as("writable in one instruction makes it writable").isTrue();
    }

    @Test
    void ordersAddressesLikeKitsCollator() {
        List<String> sorted = new ArrayList<>(List.of("b1", "B1", "a2", "A1", "11", "9z", "a", "Ab", "aB"));
        sorted.sort(MessageCompiler::compareAddresses);
        assertThat(sorted).containsExactly("11", "9z", "a", "A1", "a2", "aB", "Ab", "b1", "B1");
    }
}
