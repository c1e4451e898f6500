package dev.x402j.core;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SessionStore} in this JVM's memory; atomic per session id. Thread-safe. Forgets everything on restart. */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentHashMap<String, UptoSession> sessions = new ConcurrentHashMap<>();

    @Override
    public UptoSession openIfAbsent(UptoSession session) {
        UptoSession existing = sessions.putIfAbsent(session.id(), session);
        return existing == null ? session : existing;
    }

    @Override
    public Optional<UptoSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public Reservation reserve(String id, BigInteger amount, Instant now) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot reserve a negative amount");
        }
        Reservation[] result = new Reservation[1];
        UptoSession after = sessions.computeIfPresent(id, (k, s) -> {
            if (s.status() != UptoSession.Status.OPEN) {
                result[0] = new Reservation.NotOpen(s);
                return s;
            }
            if (s.remaining().compareTo(amount) < 0) {
                result[0] = new Reservation.CapExhausted(s);
                return s;
            }
            UptoSession reserved = s.with(s.pending().add(amount), s.settled(), s.status(), now);
            result[0] = new Reservation.Reserved(reserved);
            return reserved;
        });
        if (after == null) {
            throw new IllegalArgumentException("no upto session " + id);
        }
        return result[0];
    }

    @Override
    public Optional<UptoSession> beginSettling(String id, Instant now) {
        UptoSession[] started = new UptoSession[1];
        sessions.computeIfPresent(id, (k, s) -> {
            if (s.status() == UptoSession.Status.OPEN && s.pending().signum() > 0) {
                started[0] = s.with(s.pending(), s.settled(), UptoSession.Status.SETTLING, now);
                return started[0];
            }
            return s;
        });
        return Optional.ofNullable(started[0]);
    }

    @Override
    public UptoSession finishSettling(String id, BigInteger amountSettled, boolean close, Instant now) {
        UptoSession after = sessions.computeIfPresent(id, (k, s) -> {
            if (s.status() != UptoSession.Status.SETTLING) {
                throw new InvalidTransitionException("session " + id + " is " + s.status() + "; cannot finish settling it");
            }
            if (amountSettled.signum() < 0 || amountSettled.compareTo(s.pending()) > 0) {
                throw new IllegalArgumentException("settled amount " + amountSettled + " is outside 0.." + s.pending());
            }
            return s.with(
                    s.pending().subtract(amountSettled),
                    s.settled().add(amountSettled),
                    close ? UptoSession.Status.CLOSED : UptoSession.Status.OPEN,
                    now);
        });
        if (after == null) {
            throw new IllegalArgumentException("no upto session " + id);
        }
        return after;
    }

    @Override
    public List<UptoSession> findActive(int limit) {
        return sessions.values().stream()
                .filter(s -> s.status() != UptoSession.Status.CLOSED)
                .sorted(Comparator.comparing(UptoSession::lastActivityAt))
                .limit(limit)
                .toList();
    }
}
