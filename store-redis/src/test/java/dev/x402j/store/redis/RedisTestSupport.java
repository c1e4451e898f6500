package dev.x402j.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.List;
import java.util.UUID;

/**
 * The real Redis the *IT classes use: {@code X402J_TEST_REDIS_URL}, else {@code redis://127.0.0.1:6379/0}. Each test
 * class writes under its own random key prefix and deletes those keys afterwards; nothing here flushes a database,
 * since other users may share it.
 */
final class RedisTestSupport {
    private RedisTestSupport() {}

    static String url() {
        String url = System.getenv("X402J_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379/0" : url;
    }

    /** A fresh prefix, e.g. {@code x402j-test:RedisLockIT:5f0c…:}. */
    static String prefix(Class<?> testClass) {
        return "x402j-test:" + testClass.getSimpleName() + ":" + UUID.randomUUID() + ":";
    }

    static RedisStores open(String prefix) {
        return RedisStores.builder().url(url()).keyPrefix(prefix).build();
    }

    static long pttl(RedisStores stores, String key) {
        return stores.gateway().call("test pttl", c -> c.pttl(key));
    }

    static String get(RedisStores stores, String key) {
        return stores.gateway().call("test get", c -> c.get(key));
    }

    /** Deletes every key under {@code stores}' prefix; returns how many. */
    static long deleteKeys(RedisStores stores) {
        String pattern = stores.keyPrefix() + "*";
        return stores.gateway().call("delete test keys", c -> {
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
                List<String> keys = page.getKeys();
                if (!keys.isEmpty()) {
                    deleted += c.unlink(keys.toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        });
    }
}
