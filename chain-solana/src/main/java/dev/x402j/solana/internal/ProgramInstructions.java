package dev.x402j.solana.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Encoders and strict decoders of the instructions an x402 exact payment is made of: ComputeBudget
 * {@code SetComputeUnitLimit} / {@code SetComputeUnitPrice}, SPL Token / Token-2022 {@code TransferChecked}, and Memo.
 * A decoder answers empty unless the program, the discriminator, the data length and the account count are exactly
 * those of the instruction.
 */
public final class ProgramInstructions {
    public static final int SET_COMPUTE_UNIT_LIMIT = 2;
    public static final int SET_COMPUTE_UNIT_PRICE = 3;
    public static final int TRANSFER_CHECKED = 12;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ProgramInstructions() {}

    /** {@code TransferChecked}: accounts source, mint, destination, authority (then multisig signers). */
    public record TransferChecked(
            Pubkey program, Pubkey source, Pubkey mint, Pubkey destination, Pubkey authority, BigInteger amount,
            int decimals) {}

    // ------------------------------------------------------------------------------------------ compute budget

    public static Instruction setComputeUnitLimit(int units) {
        ByteBuffer b = le(5).put((byte) SET_COMPUTE_UNIT_LIMIT).putInt(units);
        return new Instruction(Programs.COMPUTE_BUDGET, List.of(), b.array());
    }

    /** @param microLamports price per compute unit, an unsigned 64-bit number */
    public static Instruction setComputeUnitPrice(long microLamports) {
        ByteBuffer b = le(9).put((byte) SET_COMPUTE_UNIT_PRICE).putLong(microLamports);
        return new Instruction(Programs.COMPUTE_BUDGET, List.of(), b.array());
    }

    /** The units of a {@code SetComputeUnitLimit} (an unsigned 32-bit number, as a long). */
    public static Optional<Long> computeUnitLimit(Instruction ix) {
        if (!Programs.COMPUTE_BUDGET.equals(ix.program()) || ix.discriminator() != SET_COMPUTE_UNIT_LIMIT
                || ix.dataLength() != 5) {
            return Optional.empty();
        }
        return Optional.of(Integer.toUnsignedLong(le(ix.data()).getInt(1)));
    }

    /** The micro-lamports per compute unit of a {@code SetComputeUnitPrice} (an unsigned 64-bit number). */
    public static Optional<BigInteger> computeUnitPrice(Instruction ix) {
        if (!Programs.COMPUTE_BUDGET.equals(ix.program()) || ix.discriminator() != SET_COMPUTE_UNIT_PRICE
                || ix.dataLength() != 9) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(Long.toUnsignedString(le(ix.data()).getLong(1))));
    }

    // ------------------------------------------------------------------------------------------ token

    public static Instruction transferChecked(Pubkey program, Pubkey source, Pubkey mint, Pubkey destination,
            Pubkey authority, BigInteger amount, int decimals) {
        if (amount.signum() < 0 || amount.compareTo(U64_MAX) > 0) {
            throw new IllegalArgumentException("a token amount is an unsigned 64-bit number, got " + amount);
        }
        if (decimals < 0 || decimals > 255) {
            throw new IllegalArgumentException("decimals must be 0..255, got " + decimals);
        }
        ByteBuffer b = le(10).put((byte) TRANSFER_CHECKED).putLong(amount.longValue()).put((byte) decimals);
        return new Instruction(program, List.of(
                        AccountMeta.writable(source),
                        AccountMeta.readonly(mint),
                        AccountMeta.writable(destination),
                        AccountMeta.signer(authority)),
                b.array());
    }

    public static Optional<TransferChecked> transferChecked(Instruction ix) {
        if (!Programs.isTokenProgram(ix.program()) || ix.discriminator() != TRANSFER_CHECKED
                || ix.dataLength() != 10 || ix.accounts().size() < 4) {
            return Optional.empty();
        }
        ByteBuffer b = le(ix.data());
        BigInteger amount = new BigInteger(Long.toUnsignedString(b.getLong(1)));
        int decimals = b.get(9) & 0xff;
        return Optional.of(new TransferChecked(
                ix.program(), ix.account(0), ix.account(1), ix.account(2), ix.account(3), amount, decimals));
    }

    // ------------------------------------------------------------------------------------------ memo

    /** A Memo (v2) instruction without signer accounts, as the official x402 client writes it. */
    public static Instruction memo(String text) {
        return new Instruction(Programs.MEMO, List.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text of a Memo instruction (its data as UTF-8), or empty for another program. */
    public static Optional<String> memoText(Instruction ix) {
        if (!Programs.MEMO.equals(ix.program())) {
            return Optional.empty();
        }
        return Optional.of(new String(ix.data(), StandardCharsets.UTF_8));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }
}
