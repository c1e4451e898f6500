package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramInstructionsTest {
    private static final Pubkey A = Pubkey.parse("9C6hybhQ6Aycep9jaUnP6uL9ZYvDjUp1aSkFWPUFJtpj");
    private static final Pubkey B = Pubkey.parse("FgcwodK7aTtn3DgvqwPuSseKgTPcMpGmK6zdf7Ri9KXm");
    private static final Pubkey C = Pubkey.parse("CJkp6DzFiiwzpCNvpzchjoSnayb1xe5XAJTFLEperHwD");
    private static final Pubkey D = Pubkey.parse("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");

    @Test
    void computeBudgetInstructionsHaveTheirWireLayout() {
        assertThat(hex(ProgramInstructions.setComputeUnitLimit(20_000).data())).isEqualTo("02204e0000");
        assertThat(hex(ProgramInstructions.setComputeUnitPrice(5_000_000).data())).isEqualTo("03404b4c0000000000");
        assertThat(ProgramInstructions.computeUnitLimit(ProgramInstructions.setComputeUnitLimit(-1)))
                .contains(4_294_967_295L);
        assertThat(ProgramInstructions.computeUnitPrice(ProgramInstructions.setComputeUnitPrice(-1)))
                .contains(new BigInteger("18446744073709551615"));
    }

    @Test
    void decodersAreStrictAboutProgramDiscriminatorAndLength() {
        Instruction limit = ProgramInstructions.setComputeUnitLimit(1);
        assertThat(ProgramInstructions.computeUnitPrice(limit)).isEmpty();
        assertThat(ProgramInstructions.computeUnitLimit(
                        new Instruction(Programs.MEMO, List.of(), limit.data())))
                .isEmpty();
        assertThat(ProgramInstructions.computeUnitLimit(
                        new Instruction(Programs.COMPUTE_BUDGET, List.of(), Arrays.copyOf(limit.data(), 6))))
                .isEmpty();
        assertThat(ProgramInstructions.computeUnitLimit(new Instruction(Programs.COMPUTE_BUDGET, List.of(), new byte[0])))
                .isEmpty();
    }

    @Test
    void transferCheckedRoundTripsUnderBothTokenPrograms() {
        for (Pubkey program : List.of(Programs.TOKEN, Programs.TOKEN_2022)) {
            Instruction ix = ProgramInstructions.transferChecked(program, A, B, C, D, new BigInteger("10000"), 6);
            assertThat(hex(ix.data())).isEqualTo("0c102700000000000006");
            ProgramInstructions.TransferChecked t = ProgramInstructions.transferChecked(ix).orElseThrow();
            assertThat(t).isEqualTo(new ProgramInstructions.TransferChecked(
                    program, A, B, C, D, new BigInteger("10000"), 6));
        }
    }

    @Test
    void transferCheckedNeedsFourAccountsTenBytesAndATokenProgram() {
        Instruction ix = ProgramInstructions.transferChecked(Programs.TOKEN, A, B, C, D, BigInteger.TEN, 6);
        assertThat(ProgramInstructions.transferChecked(
                        new Instruction(Programs.TOKEN, ix.accounts().subList(0, 3), ix.data())))
                .isEmpty();
        assertThat(ProgramInstructions.transferChecked(new Instruction(Programs.MEMO, ix.accounts(), ix.data())))
                .isEmpty();
        byte[] transfer = ix.data();
        transfer[0] = 3; // Transfer (unchecked)
        assertThat(ProgramInstructions.transferChecked(new Instruction(Programs.TOKEN, ix.accounts(), transfer)))
                .isEmpty();
        assertThatThrownBy(() -> ProgramInstructions.transferChecked(
                        Programs.TOKEN, A, B, C, D, BigInteger.ONE.shiftLeft(64), 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void amountsUseAllSixtyFourBits() {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        Instruction ix = ProgramInstructions.transferChecked(Programs.TOKEN, A, B, C, D, max, 255);
        assertThat(ProgramInstructions.transferChecked(ix).orElseThrow().amount()).isEqualTo(max);
        assertThat(ProgramInstructions.transferChecked(ix).orElseThrow().decimals()).isEqualTo(255);
    }

    @Test
    void memoIsUtf8WithoutAccounts() {
        Instruction memo = ProgramInstructions.memo("prix: 1 €");
        assertThat(memo.accounts()).isEmpty();
        assertThat(ProgramInstructions.memoText(memo)).contains("prix: 1 €");
        assertThat(ProgramInstructions.memoText(ProgramInstructions.setComputeUnitLimit(1))).isEmpty();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
