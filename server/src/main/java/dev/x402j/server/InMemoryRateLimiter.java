package dev.x402j.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RateLimiter} of one instance, with the semantics of {@code RedisRateLimiter}: a fixed window per client that
 * starts with its first permit, at most {@code limit} permits in it, a refused request takes nothing.
 *
 * <p>No lock on the hot path: one {@link ConcurrentHashMap} entry per client holding the end of its window and an
 * {@link AtomicLong} count, incremented by compare-and-set only while under the limit, so any number of threads never
 * grant more than {@code limit} permits in a window. A window that has ended is replaced atomically by the first
 * request after it.
 *
 * <p>Memory is bounded: once per window length, the first request that finds the sweep due removes every ended window
 * (one pass over the map, by that request only, without blocking the others); and at most {@code maxClients} windows
 * are kept. A client that finds the map full is served without being counted until a sweep makes room (it is not
 * refused: the limiter protects capacity, and an attacker with that many addresses gets their limit anyway), and a
 * warning says so, at most once per window length.
 *
 * <p>Time is the injected {@link Clock}'s. Thread-safe.
 */
final class InMemoryRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(InMemoryRateLimiter.class);

    /** The most clients counted at once, by default (some 15 MB of heap). */
    static final int DEFAULT_MAX_CLIENTS = 100_000;

    private final String name;
    private final long limit;
    private final Duration window;
    private final long windowMillis;
    private final Clock clock;
    private final int maxClients;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;
    private final AtomicLong nextFullWarning = new AtomicLong(Long.MIN_VALUE);

    /** One client's current window. */
    private static final class Window {
        final long endMillis;
        final AtomicLong used = new AtomicLong();

        Window(long endMillis) {
            this.endMillis = endMillis;
        }
    }

    InMemoryRateLimiter(String name, long limit, Duration window, Clock clock) {
        this(name, limit, window, clock, DEFAULT_MAX_CLIENTS);
    }

    InMemoryRateLimiter(String name, long limit, Duration window, Clock clock, int maxClients) {
        this.name = Objects.requireNonNull(name, "name");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
        }
        this.limit = limit;
        this.window = window;
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxClients = maxClients;
        this.nextSweep = new AtomicLong(clock.millis() + windowMillis);
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public Decision tryAcquire(String client) {
        Objects.requireNonNull(client, "client");
        long now = clock.millis();
        sweepIfDue(now);
        Window w = current(client, now);
        if (w == null) {
            warnFull(now);
            return new Decision(true, limit, limit - 1, window);
        }
        Duration reset = Duration.ofMillis(w.endMillis - now);
        while (true) {
            long used = w.used.get();
            if (used >= limit) {
                return new Decision(false, limit, 0, reset);
            }
            if (w.used.compareAndSet(used, used + 1)) {
                return new Decision(true, limit, limit - used - 1, reset);
            }
        }
    }

    /** The client's window at {@code now}, a new one if it had none or it ended; null when the map is full. */
    private Window current(String client, long now) {
        Window w = windows.get(client);
        while (true) {
            if (w != null && now < w.endMillis) {
                return w;
            }
            Window fresh = new Window(now + windowMillis);
            if (w == null) {
                if (windows.size() >= maxClients) {
                    return null;
                }
                Window raced = windows.putIfAbsent(client, fresh);
                if (raced == null) {
                    return fresh;
                }
                w = raced;
            } else if (windows.replace(client, w, fresh)) {
                return fresh;
            } else {
                w = windows.get(client);
            }
        }
    }

    /** Removes the ended windows, at most once per window length, by the one caller that wins the due time. */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + windowMillis)) {
            return;
        }
        // Removes an entry only if it still maps to the ended window tested (a replaced one stays).
        windows.values().removeIf(w -> w.endMillis <= now);
    }

    private void warnFull(long now) {
        long due = nextFullWarning.get();
        if (now >= due && nextFullWarning.compareAndSet(due, now + windowMillis)) {
            log.warn("rate limit {}: {} clients are being counted, the most this instance keeps; new clients are served"
                    + " without a limit until their windows end", name, maxClients);
        }
    }

    /** How many clients have a window in memory (ended ones included until the next sweep). */
    int clients() {
        return windows.size();
    }

    @Override
    public String toString() {
        return "InMemoryRateLimiter[" + name + ", " + limit + " per " + RateLimitSettings.describe(window) + "]";
    }
}
