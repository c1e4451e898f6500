package dev.x402j.core;

import dev.x402j.core.model.SettleResponse;

/** The settle answers that a ledger entry's state gives. */
final class SettleResponses {
    private SettleResponses() {}

    /** What the ledger knows of a payment: its outcome, or {@code settlement_pending} while unfinished. */
    static SettleResponse fromRecord(SettlementRecord r) {
        return switch (r.state()) {
            case CONFIRMED -> SettleResponse.success(r.payer(), r.transaction(), r.network(), null);
            case FAILED -> SettleResponse.failure(r.errorReason(), r.errorMessage(), r.payer(), r.transaction(), r.network());
            case CLAIMED, SUBMITTED -> pending(r.payer(), r.transaction(), r.network());
        };
    }

    static SettleResponse pending(String payer, String transaction, String network) {
        return SettleResponse.failure(
                ErrorReason.SETTLEMENT_PENDING.wire(),
                "the settlement transaction was sent but its outcome is not known yet; retry to get it",
                payer, transaction, network);
    }
}
