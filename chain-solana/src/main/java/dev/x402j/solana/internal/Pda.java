package dev.x402j.solana.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Program-derived addresses, and associated token accounts (cached: they are derived on every verification). */
public final class Pda {
    private static final byte[] MARKER = "ProgramDerivedAddress".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_SEED_LENGTH = 32;
    private static final int MAX_SEEDS = 16;
    private static final int CACHE_SIZE = 4096;

    private record AtaKey(Pubkey owner, Pubkey mint, Pubkey tokenProgram) {}

    private static final Map<AtaKey, Pubkey> ATA_CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<AtaKey, Pubkey> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** An address and the bump seed that pushed it off the curve. */
    public record Derived(Pubkey address, int bump) {}

    private Pda() {}

    /**
     * {@code create_program_address}: SHA-256 of the seeds, the program id and "ProgramDerivedAddress".
     *
     * @throws IllegalArgumentException if the seeds are too many or too long, or the result lies on the curve
     */
    public static Pubkey create(List<byte[]> seeds, Pubkey program) {
        if (seeds.size() > MAX_SEEDS) {
            throw new IllegalArgumentException("at most " + MAX_SEEDS + " seeds");
        }
        MessageDigest sha = sha256();
        for (byte[] seed : seeds) {
            if (seed.length > MAX_SEED_LENGTH) {
                throw new IllegalArgumentException("a seed is at most " + MAX_SEED_LENGTH + " bytes");
            }
            sha.update(seed);
        }
        sha.update(program.unsafeBytes());
        sha.update(MARKER);
        byte[] hash = sha.digest();
        if (Ed25519.isOnCurve(hash)) {
            throw new IllegalArgumentException("the derived address lies on the ed25519 curve");
        }
        return Pubkey.of(hash);
    }

    /** {@code find_program_address}: the first bump from 255 down whose address is off the curve. */
    public static Derived find(List<byte[]> seeds, Pubkey program) {
        byte[][] withBump = new byte[seeds.size() + 1][];
        for (int i = 0; i < seeds.size(); i++) {
            withBump[i] = seeds.get(i);
        }
        for (int bump = 255; bump >= 0; bump--) {
            withBump[seeds.size()] = new byte[] {(byte) bump};
            try {
                return new Derived(create(List.of(withBump), program), bump);
            } catch (IllegalArgumentException onCurve) {
                // try the next bump
            }
        }
        throw new IllegalStateException("no bump seed yields an off-curve address");
    }

    /** The associated token account of {@code owner} for {@code mint} under {@code tokenProgram}. */
    public static Pubkey associatedTokenAddress(Pubkey owner, Pubkey mint, Pubkey tokenProgram) {
        AtaKey key = new AtaKey(owner, mint, tokenProgram);
        synchronized (ATA_CACHE) {
            Pubkey cached = ATA_CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Pubkey ata = find(List.of(owner.unsafeBytes(), tokenProgram.unsafeBytes(), mint.unsafeBytes()),
                        Programs.ASSOCIATED_TOKEN)
                .address();
        synchronized (ATA_CACHE) {
            ATA_CACHE.put(key, ata);
        }
        return ata;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
