package dev.x402j.solana;

import dev.x402j.solana.internal.AccountMeta;
import dev.x402j.solana.internal.Instruction;
import dev.x402j.solana.internal.ProgramInstructions;
import dev.x402j.solana.internal.Programs;
import dev.x402j.solana.internal.Pubkey;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One instruction of a payment transaction, with base58 addresses: what {@link SolanaPaymentSigner.Draft} is made of.
 * The factories build the instructions of an exact payment; {@link #of} builds any other (tests use it to craft
 * payments the facilitator must refuse). Immutable.
 *
 * @param programId the program's address
 * @param accounts  the accounts, in the program's order
 * @param data      the instruction data (copied)
 */
public record SolanaInstruction(String programId, List<Account> accounts, byte[] data) {
    public static final String COMPUTE_BUDGET_PROGRAM = Programs.COMPUTE_BUDGET.base58();
    public static final String TOKEN_PROGRAM = Programs.TOKEN.base58();
    public static final String TOKEN_2022_PROGRAM = Programs.TOKEN_2022.base58();
    public static final String MEMO_PROGRAM = Programs.MEMO.base58();
    public static final String LIGHTHOUSE_PROGRAM = Programs.LIGHTHOUSE.base58();

    /** An account of an instruction and its role. */
    public record Account(String address, boolean signer, boolean writable) {
        public Account {
            if (!Pubkey.isValid(address)) {
                throw new IllegalArgumentException("account " + address + " is not a Solana address");
            }
        }
    }

    public SolanaInstruction {
        if (!Pubkey.isValid(programId)) {
            throw new IllegalArgumentException("program " + programId + " is not a Solana address");
        }
        accounts = List.copyOf(accounts);
        data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static SolanaInstruction of(String programId, List<Account> accounts, byte[] data) {
        return new SolanaInstruction(programId, accounts, data);
    }

    /** ComputeBudget {@code SetComputeUnitLimit}. */
    public static SolanaInstruction computeUnitLimit(int units) {
        return from(ProgramInstructions.setComputeUnitLimit(units));
    }

    /** ComputeBudget {@code SetComputeUnitPrice}, in micro-lamports per compute unit. */
    public static SolanaInstruction computeUnitPrice(long microLamports) {
        return from(ProgramInstructions.setComputeUnitPrice(microLamports));
    }

    /** SPL Token / Token-2022 {@code TransferChecked}: source, mint, destination, authority (signer). */
    public static SolanaInstruction transferChecked(String tokenProgram, String source, String mint, String destination,
            String authority, BigInteger amount, int decimals) {
        return from(ProgramInstructions.transferChecked(Pubkey.parse(tokenProgram, "tokenProgram"),
                Pubkey.parse(source, "source"), Pubkey.parse(mint, "mint"), Pubkey.parse(destination, "destination"),
                Pubkey.parse(authority, "authority"), amount, decimals));
    }

    /** A Memo (v2) instruction without accounts: the text as UTF-8. */
    public static SolanaInstruction memo(String text) {
        return from(ProgramInstructions.memo(text));
    }

    static SolanaInstruction from(Instruction ix) {
        return new SolanaInstruction(ix.program().base58(), ix.accounts().stream()
                .map(a -> new Account(a.address().base58(), a.signer(), a.writable()))
                .toList(), ix.data());
    }

    Instruction toInternal() {
        return new Instruction(Pubkey.parse(programId), accounts.stream()
                .map(a -> new AccountMeta(Pubkey.parse(a.address()), a.signer(), a.writable()))
                .toList(), data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SolanaInstruction i && i.programId.equals(programId) && i.accounts.equals(accounts)
                && java.util.Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(programId, accounts, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SolanaInstruction[" + programId + ", " + accounts.size() + " accounts, " + data.length + " bytes]";
    }
}
