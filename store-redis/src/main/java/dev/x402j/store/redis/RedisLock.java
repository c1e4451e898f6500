package dev.x402j.store.redis;

import dev.x402j.core.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed lock for periodic jobs (the upto sweeper, the settlement reconciler) so that one facilitator instance
 * runs a job at a time: {@code SET <prefix>lock:<name> <token> NX PX <ttl>}. Only the holder of the token can extend or
 * release it (compare-and-pexpire, compare-and-delete in Lua); if the holder dies, the lock expires with its time to
 * live and another instance takes over.
 *
 * <p>This is a lease, not a fence: a holder paused longer than the time to live loses the lock without knowing it. Jobs
 * guarded by it must therefore be safe to overlap briefly, as the settlement ledger and session store make them (every
 * change is state-checked). Choose a time to live well above one run, or {@link Lease#extend} it while working.
 *
 * <pre>{@code
 * RedisLock sweeper = stores.lock("upto-sweeper");
 * sweeper.tryAcquire(Duration.ofSeconds(30)).ifPresent(lease -> {
 *     try (lease) {
 *         sweep();
 *     }
 * });
 * }</pre>
 *
 * <p>Thread-safe. Obtain it from {@link RedisStores#lock(String)}.
 */
public final class RedisLock {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLock.class);
    private static final LuaScript RELEASE = LuaScript.load("lock-release", false);
    private static final LuaScript EXTEND = LuaScript.load("lock-extend", false);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisGateway redis;
    private final String name;
    private final String key;

    RedisLock(RedisGateway redis, String keyPrefix, String name) {
        this.redis = redis;
        this.name = name;
        this.key = keyPrefix + "lock:" + name;
    }

    public String name() {
        return name;
    }

    String key() {
        return key;
    }

    /**
     * Takes the lock for {@code ttl} if nobody holds it.
     *
     * @param ttl how long the lock lasts unless released or extended; at least one millisecond
     * @return the lease, or empty if another owner holds the lock
     * @throws RedisStoreException if Redis fails
     * @throws StoreUnavailableException if Redis cannot be reached
     */
    public Optional<Lease> tryAcquire(Duration ttl) {
        long millis = millis(ttl);
        String token = newToken();
        String reply = redis.call("acquire lock " + name, c -> c.set(key, token, SetArgs.Builder.nx().px(millis)));
        return "OK".equals(reply) ? Optional.of(new Lease(token)) : Optional.empty();
    }

    private static long millis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a lock's time to live must be at least 1 ms, got " + ttl);
        }
        return ttl.toMillis();
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One holding of the lock, identified by a random token. Closing it releases the lock if it is still held.
     * Thread-safe.
     */
    public final class Lease implements AutoCloseable {
        private final String token;

        private Lease(String token) {
            this.token = token;
        }

        /** The random token this holding wrote into the lock. */
        public String token() {
            return token;
        }

        /** The lock this lease is a holding of. */
        public RedisLock lock() {
            return RedisLock.this;
        }

        /**
         * Sets a new time to live, counted from now, if this lease still holds the lock.
         *
         * @return {@code false} if the lock expired or is held by another owner: stop the job
         */
        public boolean extend(Duration ttl) {
            long millis = millis(ttl);
            Long done = redis.script("extend lock " + name, EXTEND, ScriptOutputType.INTEGER, new String[] {key}, token, Long.toString(millis));
            return done != null && done == 1L;
        }

        /**
         * Releases the lock if this lease still holds it.
         *
         * @return {@code false} if the lock had expired or is held by another owner (nothing was deleted)
         */
        public boolean release() {
            Long done = redis.script("release lock " + name, RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token);
            return done != null && done == 1L;
        }

        /** Whether the lock still holds this lease's token. */
        public boolean isHeld() {
            return token.equals(redis.call("read lock " + name, c -> c.get(key)));
        }

        /**
         * Releases the lock if still held. If Redis cannot be reached, logs and returns: the lock then expires with
         * its time to live.
         */
        @Override
        public void close() {
            try {
                release();
            } catch (RedisStoreException | StoreUnavailableException e) {
                LOG.warn("could not release lock {}; it expires with its time to live: {}", name, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "RedisLock.Lease[" + name + "]";
        }
    }

    @Override
    public String toString() {
        return "RedisLock[" + key + "]";
    }
}
