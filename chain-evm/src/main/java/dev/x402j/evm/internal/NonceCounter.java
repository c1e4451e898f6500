package dev.x402j.evm.internal;

import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The next transaction nonce of one signer on one chain, counted locally so that concurrent settlements get
 * consecutive nonces without waiting for each other's transactions to be mined. It starts from (and after
 * {@link #invalidate()} returns to) the chain's pending transaction count. Thread-safe; its lock is its own, so signers
 * never wait for each other.
 */
public final class NonceCounter {
    private final ReentrantLock lock = new ReentrantLock();
    private long next = -1;

    /** Whether the counter holds a value (else the next {@link #take} reads the chain). */
    public boolean isSynced() {
        lock.lock();
        try {
            return next >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next nonce.
     *
     * @param chainPending the chain's pending transaction count if it was just read, so that a counter that is not
     *     synced (or is behind, because the key was used elsewhere) starts from it
     * @param fetch reads the pending count when the counter is not synced and {@code chainPending} is empty; called
     *     under the lock
     */
    public long take(OptionalLong chainPending, LongSupplier fetch) {
        lock.lock();
        try {
            if (next < 0) {
                next = chainPending.isPresent() ? chainPending.getAsLong() : fetch.getAsLong();
            } else if (chainPending.isPresent() && chainPending.getAsLong() > next) {
                next = chainPending.getAsLong();
            }
            return next++;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the count: the next {@link #take} starts again from the chain (after a refused or failed send). */
    public void invalidate() {
        lock.lock();
        try {
            next = -1;
        } finally {
            lock.unlock();
        }
    }
}
