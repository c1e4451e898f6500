package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.BLOCKHASH;
import static dev.x402j.solana.SolanaFixtures.DEVNET;
import static dev.x402j.solana.SolanaFixtures.MINT;
import static dev.x402j.solana.SolanaFixtures.RESOURCE;
import static dev.x402j.solana.SolanaFixtures.extra;
import static dev.x402j.solana.SolanaFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.solana.internal.ExactSvmPayload;
import dev.x402j.solana.internal.Instruction;
import dev.x402j.solana.internal.ProgramInstructions;
import dev.x402j.solana.internal.Transaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SolanaPaymentSignerTest {
    private static final SolanaPaymentSigner PAYER = SolanaFixtures.payer();
    private static final String FEE_PAYER = SolanaFixtures.feePayer().address();

    private static PaymentRequirements req(ObjectNode extra) {
        return requirements(DEVNET.toString(), MINT, SolanaFixtures.payTo(), 10_000, extra);
    }

    @Test
    void buildsTheOfficialClientsTransactionByteForByte() {
        JsonNode v = Vectors.payment(0);
        PaymentRequirements r = req(extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH)
                .put("memo", v.get("memo").asText()));

        PaymentPayload p = PAYER.pay(r, RESOURCE);

        assertThat(p.x402Version()).isEqualTo(2);
        assertThat(p.accepted()).isEqualTo(r);
        assertThat(p.resource()).isEqualTo(RESOURCE);
        assertThat(SolanaPaymentSigner.transactionOf(p)).isEqualTo(v.get("transactionBase64").asText());
    }

    @Test
    void withoutAMemoItWritesARandomNonceSoTwoPaymentsDiffer() {
        PaymentRequirements r = req(extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH));

        Transaction a = ExactSvmPayload.decode(PAYER.sign(r, RESOURCE, Instant.now()).payload());
        Transaction b = ExactSvmPayload.decode(PAYER.pay(r, RESOURCE).payload());

        List<Instruction> ixs = a.message().decompile();
        assertThat(ixs).hasSize(4);
        assertThat(ProgramInstructions.computeUnitLimit(ixs.get(0))).contains(20_000L);
        assertThat(ProgramInstructions.computeUnitPrice(ixs.get(1))).contains(BigInteger.ONE);
        assertThat(ProgramInstructions.memoText(ixs.get(3))).get().asString().matches("[0-9a-f]{32}");
        assertThat(a.messageBytes()).isNotEqualTo(b.messageBytes());
        assertThat(a.isUnsigned(0)).isTrue();
        assertThat(a.message().feePayer().base58()).isEqualTo(FEE_PAYER);
    }

    @Test
    void readsDecimalsGivenAsText() {
        ObjectNode e = extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_2022_PROGRAM, BLOCKHASH).put("decimals", "9");
        Transaction tx = ExactSvmPayload.decode(PAYER.pay(req(e), RESOURCE).payload());
        ProgramInstructions.TransferChecked t =
                ProgramInstructions.transferChecked(tx.message().decompile().get(2)).orElseThrow();
        assertThat(t.decimals()).isEqualTo(9);
        assertThat(t.program().base58()).isEqualTo(SolanaInstruction.TOKEN_2022_PROGRAM);
    }

    @Test
    void supportsExactOffersOnSolanaThatNameAFeePayer() {
        assertThat(PAYER.supports(req(extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH)))).isTrue();
        assertThat(PAYER.supports(req(extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH))
                        .withNetwork("solana-devnet")))
                .isTrue();
        ObjectNode noFeePayer = extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH);
        noFeePayer.remove("feePayer");
        assertThat(PAYER.supports(req(noFeePayer))).isFalse();
        assertThat(PAYER.supports(req(extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH))
                        .withNetwork("eip155:8453")))
                .isFalse();
    }

    @Test
    void needsAnRpcOnlyForWhatExtraLacks() {
        ObjectNode noBlockhash = extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH);
        noBlockhash.remove("recentBlockhash");
        assertThatThrownBy(() -> PAYER.pay(req(noBlockhash), RESOURCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recentBlockhash")
                .hasMessageContaining("withRpc");
        ObjectNode noFeePayer = extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH);
        noFeePayer.remove("feePayer");
        assertThatThrownBy(() -> PAYER.pay(req(noFeePayer), RESOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feePayer");
    }

    @Test
    void refusesAnOfferThatMakesThePayerItsOwnFeePayer() {
        PaymentRequirements selfPaid = req(extra(PAYER.address(), 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH));

        assertThat(PAYER.supports(selfPaid)).as("X402Client passes over the offer").isFalse();
        assertThatThrownBy(() -> PAYER.sign(selfPaid, RESOURCE, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PAYER.address())
                .hasMessageContaining("payer's own address");
        assertThatThrownBy(() -> PAYER.draft(selfPaid)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SolanaFixtures.randomPayer().supports(selfPaid)).as("another payer may pay it").isTrue();
    }

    @Test
    void refusesAMemoOverTheOfficialLimit() {
        ObjectNode e = extra(FEE_PAYER, 6, SolanaInstruction.TOKEN_PROGRAM, BLOCKHASH).put("memo", "x".repeat(257));
        assertThatThrownBy(() -> PAYER.pay(req(e), RESOURCE)).hasMessageContaining("256 bytes");
    }
}
