package dev.x402j.solana.internal;

import java.util.List;
import java.util.Objects;

/** An instruction with its accounts resolved to addresses (what a message compiles from and decompiles to). */
public record Instruction(Pubkey program, List<AccountMeta> accounts, byte[] data) {
    public Instruction {
        Objects.requireNonNull(program, "program");
        accounts = List.copyOf(accounts);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The account at {@code index}, or {@code null} when the instruction has fewer accounts. */
    public Pubkey account(int index) {
        return index < accounts.size() ? accounts.get(index).address() : null;
    }

    public int dataLength() {
        return data.length;
    }

    /** The first data byte (a program's instruction discriminator), or -1 without data. */
    public int discriminator() {
        return data.length == 0 ? -1 : data[0] & 0xff;
    }
}
