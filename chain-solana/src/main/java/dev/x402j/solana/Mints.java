package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.internal.Programs;
import dev.x402j.solana.internal.Pubkey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The token program and decimals of the mints seen, read from their accounts once, for {@code enrich}. Thread-safe. */
final class Mints {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);
    private static final int MINT_DECIMALS_OFFSET = 44;
    private static final int MINT_SIZE = 82;

    /** A mint's token program and decimals. */
    record MintInfo(Pubkey tokenProgram, int decimals) {}

    private final String network;
    private final Map<Pubkey, MintInfo> known = new ConcurrentHashMap<>();

    Mints(String network) {
        this.network = network;
    }

    /** What was read of {@code mint} before, if anything. */
    MintInfo known(Pubkey mint) {
        return known.get(mint);
    }

    /** Decimals and token program from a mint's account (then cached); empty when the account is not a mint. */
    Optional<MintInfo> read(Pubkey mint, JsonNode account) {
        if (account == null || !account.isObject()) {
            log.debug("mint {} on {} does not exist", mint, network);
            return Optional.empty();
        }
        Pubkey owner = Pubkey.isValid(account.path("owner").asText()) ? Pubkey.parse(account.path("owner").asText()) : null;
        byte[] data = Cluster.accountData(account);
        if (owner == null || !Programs.isTokenProgram(owner) || data == null || data.length < MINT_SIZE) {
            log.debug("account {} on {} is not an SPL Token or Token-2022 mint", mint, network);
            return Optional.empty();
        }
        MintInfo info = new MintInfo(owner, data[MINT_DECIMALS_OFFSET] & 0xff);
        known.put(mint, info);
        return Optional.of(info);
    }
}
