package dev.x402j.core;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The record of one paid (or refused) request: what was asked, what was offered, and how verification and settlement
 * went. Written by resource servers and facilitators for audit and statistics; optional fields are {@code null}
 * until known.
 */
public record TrackedPayment(
        String id,
        Instant startedAt,
        Instant finishedAt,
        String method,
        String resource,
        String scheme,
        String network,
        String asset,
        BigInteger amount,
        String payer,
        Status status,
        String errorReason,
        String transaction) {

    /** How far the request got. */
    public enum Status {
        PAYMENT_REQUIRED,
        VERIFIED,
        VERIFY_FAILED,
        SETTLED,
        SETTLE_FAILED,
        SETTLEMENT_PENDING
    }

    public TrackedPayment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
    }

    /** Time from start to finish, if finished. */
    public Duration latency() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
