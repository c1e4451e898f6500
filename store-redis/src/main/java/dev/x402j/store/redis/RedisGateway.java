package dev.x402j.store.redis;

import dev.x402j.core.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one connection all stores of a {@link RedisStores} share, and the one place where Lettuce's exceptions become
 * x402j's. Lettuce connections are thread-safe and pipeline concurrent commands, so one is enough for many virtual
 * threads (nothing here uses blocking commands or transactions).
 */
final class RedisGateway implements AutoCloseable {
    private static final List<String> UNAVAILABLE_REPLIES = List.of("MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN");

    private final StatefulRedisConnection<String, String> connection;
    private final RedisClient ownedClient;
    private volatile boolean closed;

    /**
     * @param ownedClient the client to shut down on {@link #close()}, or {@code null} when the caller owns it
     */
    RedisGateway(StatefulRedisConnection<String, String> connection, RedisClient ownedClient) {
        this.connection = connection;
        this.ownedClient = ownedClient;
    }

    /** Runs synchronous commands, translating failures. */
    <T> T call(String operation, Function<RedisCommands<String, String>, T> commands) {
        requireOpen(operation);
        try {
            return commands.apply(connection.sync());
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
    }

    /**
     * Runs a script by its SHA-1, sending the source only when Redis does not have it cached.
     *
     * @throws ScriptRefusal when the script refused with an {@code X402J_…} error reply
     */
    <T> T script(String operation, LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return call(operation, c -> {
            try {
                return c.<T>evalsha(script.sha1(), type, keys, args);
            } catch (RedisNoScriptException notCached) {
                return c.<T>eval(script.source(), type, keys, args);
            }
        });
    }

    /** {@code HGETALL} of every key, pipelined in one round trip; an empty map for a missing key. */
    List<Map<String, String>> hgetallEach(String operation, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        requireOpen(operation);
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(keys.size());
        try {
            var async = connection.async();
            for (String key : keys) {
                futures.add(async.hgetall(key));
            }
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
        long deadline = System.nanoTime() + timeout().toNanos();
        List<Map<String, String>> out = new ArrayList<>(keys.size());
        for (RedisFuture<Map<String, String>> f : futures) {
            try {
                out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw translate(operation, e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause()));
            } catch (TimeoutException e) {
                throw unavailable(operation, "Redis did not answer within " + timeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisStoreException(operation, "interrupted while waiting for Redis", e);
            }
        }
        return out;
    }

    ClientOptions options() {
        return connection.getOptions();
    }

    Duration timeout() {
        return connection.getTimeout();
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw unavailable(operation, "RedisStores was closed", null);
        }
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
        if (ownedClient != null) {
            ownedClient.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Lettuce's exception as x402j's: a script's refusal as {@link ScriptRefusal}, anything that says Redis cannot be
     * reached or cannot serve right now as core's {@link StoreUnavailableException}, any other Redis error as
     * {@link RedisStoreException}; other exceptions (bugs) unchanged.
     */
    static RuntimeException translate(String operation, RuntimeException e) {
        if (e instanceof RedisCommandExecutionException x && x.getMessage() != null) {
            // Redis prefixes "ERR " to an error reply that has no space (no code of its own).
            String reply = x.getMessage().startsWith("ERR " + ScriptRefusal.PREFIX) ? x.getMessage().substring(4) : x.getMessage();
            if (reply.startsWith(ScriptRefusal.PREFIX)) {
                return new ScriptRefusal(reply);
            }
        }
        if (isUnavailable(e)) {
            return unavailable(operation, describe(e), e);
        }
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new RedisStoreException(operation, "interrupted while waiting for Redis", e);
        }
        if (e instanceof RedisException) {
            return new RedisStoreException(operation, describe(e), e);
        }
        return e;
    }

    /** Redis could not be reached or answer: core's exception, with a message of the form RedisStoreException has. */
    private static StoreUnavailableException unavailable(String operation, String message, Throwable cause) {
        return new StoreUnavailableException(operation, operation + ": " + message, cause);
    }

    /** Whether the failure is about reaching Redis (retry later), not about the command. */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException
                    || t instanceof RedisCommandTimeoutException
                    || t instanceof RedisLoadingException
                    || t instanceof RedisBusyException
                    || t instanceof RedisReadOnlyException
                    || t instanceof IOException) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof RedisCommandExecutionException) {
                if (UNAVAILABLE_REPLIES.stream().anyMatch(message::startsWith)) {
                    return true;
                }
            } else if (t instanceof RedisException) {
                // Lettuce has no dedicated types for these; its messages are stable across 6.x.
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("connection closed")
                        || m.contains("connection is closed")
                        || m.contains("not connected")
                        || m.contains("connection disconnected")
                        || m.contains("connection reset")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
