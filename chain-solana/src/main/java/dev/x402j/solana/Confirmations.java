package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.rpc.Polling;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of a sent transaction, from {@code getSignatureStatuses} at the configured commitment: an error is
 * {@code transaction_failed}. It remembers the blockhash of each transaction prepared here, so that one still unseen
 * when its blockhash has expired, which will never land, is reported failed instead of pending forever. Thread-safe.
 */
final class Confirmations {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int REMEMBERED_BLOCKHASHES = 10_000;

    private final Cluster cluster;
    /** Blockhash of each transaction prepared here, to tell a dropped transaction from a slow one. */
    private final Map<String, String> blockhashOfPrepared = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_BLOCKHASHES;
                }
            });

    Confirmations(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Remembers the blockhash of a transaction prepared here (the most recent ones are kept). */
    void prepared(String transaction, String blockhash) {
        blockhashOfPrepared.put(transaction, blockhash);
    }

    /** Polls the status until {@code timeout}; at the deadline, a transaction known to be dropped is failed. */
    Confirmation confirm(String transaction, Duration timeout) {
        return Polling.until(cluster.network(), timeout, POLL_INTERVAL, deadline -> {
            JsonNode status = signatureStatus(transaction);
            if (status.isObject()) {
                return Optional.ofNullable(outcome(transaction, status));
            } else if (deadline.passed() && dropped(transaction)) {
                log.warn("settlement {} on {} was dropped: its blockhash expired before it landed", transaction,
                        cluster.network());
                return Optional.of(new Confirmation.Failed(transaction, SolanaReasons.TRANSACTION_FAILED, "settlement "
                        + "transaction " + transaction + " was dropped: its blockhash expired before it landed"));
            }
            return Optional.empty();
        }).orElseGet(() -> new Confirmation.Pending(transaction));
    }

    private JsonNode signatureStatus(String transaction) {
        return cluster.call("getSignatureStatuses", List.of(transaction), Map.of("searchTransactionHistory", true))
                .path("value")
                .path(0);
    }

    /** The outcome once the status reaches the configured commitment; {@code null} before. */
    private Confirmation outcome(String transaction, JsonNode status) {
        String level = status.path("confirmationStatus").asText("");
        if (level.isEmpty() && status.path("confirmations").isNull()) {
            level = "finalized"; // rooted
        }
        if (rank(level) < rank(cluster.commitment())) {
            return null;
        }
        JsonNode err = status.path("err");
        if (!err.isMissingNode() && !err.isNull()) {
            log.warn("settlement {} on {} failed in slot {}: {}", transaction, cluster.network(),
                    status.path("slot").asText("?"), err);
            return new Confirmation.Failed(transaction, SolanaReasons.TRANSACTION_FAILED, "settlement transaction "
                    + transaction + " failed in slot " + status.path("slot").asText("?") + ": " + err);
        }
        log.info("settlement {} on {} {} in slot {}", transaction, cluster.network(), level,
                status.path("slot").asText("?"));
        return new Confirmation.Confirmed(transaction);
    }

    private static int rank(String commitment) {
        return switch (commitment) {
            case "processed" -> 0;
            case "confirmed" -> 1;
            case "finalized" -> 2;
            default -> -1;
        };
    }

    /**
     * Whether a transaction prepared here can no longer land: its blockhash is invalid even at {@code processed} and,
     * checked after that, the chain still has no status for it. Unknown (prepared by another instance) → false.
     */
    private boolean dropped(String transaction) {
        String blockhash = blockhashOfPrepared.get(transaction);
        if (blockhash == null) {
            return false;
        }
        boolean valid = cluster.call("isBlockhashValid", blockhash, Map.of("commitment", "processed"))
                .path("value")
                .asBoolean(true);
        return !valid && !signatureStatus(transaction).isObject();
    }
}
