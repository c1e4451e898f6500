package dev.x402j.solana.internal;

/** The programs the exact scheme knows, by address. */
public final class Programs {
    public static final Pubkey SYSTEM = Pubkey.parse("11111111111111111111111111111111");
    public static final Pubkey COMPUTE_BUDGET = Pubkey.parse("ComputeBudget111111111111111111111111111111");
    public static final Pubkey TOKEN = Pubkey.parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    public static final Pubkey TOKEN_2022 = Pubkey.parse("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
    public static final Pubkey ASSOCIATED_TOKEN = Pubkey.parse("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    /** SPL Memo v2, the one the official x402 client uses. */
    public static final Pubkey MEMO = Pubkey.parse("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
    /** Lighthouse, whose assertion instructions Phantom and Solflare append to transactions they sign. */
    public static final Pubkey LIGHTHOUSE = Pubkey.parse("L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95");

    private Programs() {}

    public static boolean isTokenProgram(Pubkey program) {
        return TOKEN.equals(program) || TOKEN_2022.equals(program);
    }
}
