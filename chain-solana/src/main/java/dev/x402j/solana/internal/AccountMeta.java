package dev.x402j.solana.internal;

import java.util.Objects;

/** An account an instruction touches, and how: signer and/or writable. */
public record AccountMeta(Pubkey address, boolean signer, boolean writable) {
    public AccountMeta {
        Objects.requireNonNull(address, "address");
    }

    public static AccountMeta readonly(Pubkey address) {
        return new AccountMeta(address, false, false);
    }

    public static AccountMeta writable(Pubkey address) {
        return new AccountMeta(address, false, true);
    }

    public static AccountMeta signer(Pubkey address) {
        return new AccountMeta(address, true, false);
    }
}
