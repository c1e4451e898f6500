package dev.x402j.core;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A batched {@code upto} session: one signed spending permit (cap, deadline) reused across requests. Each paid
 * request adds to {@code pending}; a sweeper settles the batch on-chain and moves it to {@code settled}. Invariant:
 * {@code pending + settled <= cap}.
 */
public record UptoSession(
        String id,
        String network,
        String asset,
        String owner,
        String spender,
        BigInteger cap,
        BigInteger pending,
        BigInteger settled,
        Status status,
        Instant deadline,
        Instant createdAt,
        Instant lastActivityAt) {

    public enum Status {
        OPEN,
        SETTLING,
        CLOSED
    }

    public UptoSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        if (cap.signum() < 0 || pending.signum() < 0 || settled.signum() < 0) {
            throw new IllegalArgumentException("session amounts must not be negative");
        }
        if (pending.add(settled).compareTo(cap) > 0) {
            throw new IllegalArgumentException("pending + settled exceeds the cap of session " + id);
        }
    }

    /** A new open session with nothing spent. */
    public static UptoSession open(
            String id, String network, String asset, String owner, String spender, BigInteger cap, Instant deadline, Instant now) {
        return new UptoSession(id, network, asset, owner, spender, cap, BigInteger.ZERO, BigInteger.ZERO, Status.OPEN, deadline, now, now);
    }

    /** What may still be reserved. */
    public BigInteger remaining() {
        return cap.subtract(pending).subtract(settled);
    }

    UptoSession with(BigInteger newPending, BigInteger newSettled, Status newStatus, Instant now) {
        return new UptoSession(id, network, asset, owner, spender, cap, newPending, newSettled, newStatus, deadline, createdAt, now);
    }
}
