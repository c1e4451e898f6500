package dev.x402j.evm.internal;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction nonces of one signer on one chain, counted locally so that concurrent settlements get consecutive
 * nonces without waiting for each other (nor asking the node for each one), and without ever leaving a gap.
 *
 * <p>Rules:
 * <ul>
 *   <li>The count starts from the chain's pending transaction count (mempool included) and moves only forward, past
 *       nonces the chain shows used by another sender ({@link #take} and {@link #resync} catch up), never back over a
 *       nonce handed out: two live transactions of this signer never share a nonce.
 *   <li>A nonce handed out whose transaction will never be sent — signing failed, the node refused it for good, the
 *       facilitator abandoned it — comes back with {@link #release} and is handed out again first, lowest first, so no
 *       gap is left (a later nonce would wait forever behind it).
 *   <li>A returned nonce the chain shows used meanwhile (by another sender) is forgotten; one whose transaction reached
 *       the node after all ({@link #sent}) is taken back out of the returned ones.
 *   <li>When the node says a nonce is taken by another transaction ({@link #consumed}), or too high, the manager
 *       {@linkplain #resync resyncs} from fresh counts: it catches up, and nonces between the chain's pending count and
 *       its own count that nobody holds (another sender's transactions that the node dropped) are returned for reuse.
 * </ul>
 *
 * <p>Thread-safe; each signer has its own manager and lock, so signers never wait for each other.
 */
public final class NonceManager {
    /**
     * What the node says about the signer's nonces.
     *
     * @param pending its transaction count including its mempool: the next nonce the node expects
     * @param latest its transaction count in the latest block: every nonce below is mined
     */
    public record ChainCounts(long pending, long latest) {
        public ChainCounts {
            if (pending < 0 || latest < 0) {
                throw new IllegalArgumentException("transaction counts are not negative");
            }
        }
    }

    /** Gaps looked for on a resync, at most: a signer never has this many transactions in flight. */
    private static final int MAX_GAP_SCAN = 10_000;

    private final ReentrantLock lock = new ReentrantLock();
    /** The next nonce never handed out; -1 until the first counts are known. */
    private long next = -1;
    /** The highest "latest" count seen: nonces below are mined. */
    private long mined;
    /** Handed out, not returned, not known to be mined: the transactions of this signer in flight. */
    private final NavigableSet<Long> outstanding = new TreeSet<>();
    /** Handed out and returned, to be handed out again first. */
    private final NavigableSet<Long> returned = new TreeSet<>();

    /** Whether the counts were ever known (else {@link #take} needs them). */
    public boolean isSynced() {
        lock.lock();
        try {
            return next >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands out a nonce: the lowest returned one, else the next of the count.
     *
     * @param observed the chain's counts, read just before (they may be a little stale: they only ever move the count
     *     forward and forget returned nonces the chain shows used)
     */
    public long take(ChainCounts observed) {
        lock.lock();
        try {
            apply(observed, false);
            long nonce = returned.isEmpty() ? next++ : returned.pollFirst();
            outstanding.add(nonce);
            return nonce;
        } finally {
            lock.unlock();
        }
    }

    /** A nonce handed out whose transaction will never reach the node: it is handed out again first. */
    public void release(long nonce) {
        lock.lock();
        try {
            outstanding.remove(nonce);
            if (next >= 0 && nonce >= mined && nonce < next) {
                returned.add(nonce);
                compact();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A transaction with {@code nonce} reached the node: the nonce is in use (even if it had been returned). */
    public void sent(long nonce) {
        lock.lock();
        try {
            returned.remove(nonce);
            if (next >= 0 && nonce >= next) {
                for (long free = next; free < nonce && free - next < MAX_GAP_SCAN; free++) {
                    returned.add(free); // between the count and this nonce: nobody holds them
                }
                next = nonce + 1;
            }
            if (nonce >= mined) {
                outstanding.add(nonce);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The node refused a transaction because another transaction holds {@code nonce}: that nonce is not ours to
     * use (nor to hand out again); then {@linkplain #resync resync} from {@code fresh}.
     */
    public void consumed(long nonce, ChainCounts fresh) {
        lock.lock();
        try {
            outstanding.remove(nonce);
            returned.remove(nonce);
            apply(fresh, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resynchronises with counts just read after the node refused a nonce (too low, too high, taken): catches up with
     * nonces used by another sender, forgets returned nonces the chain shows used, and returns for reuse the nonces
     * between the chain's pending count and this count that no transaction of this signer holds.
     */
    public void resync(ChainCounts fresh) {
        lock.lock();
        try {
            apply(fresh, true);
        } finally {
            lock.unlock();
        }
    }

    /** The next nonce never handed out, or -1 before the first counts (for tests and diagnostics). */
    public long nextFresh() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** The nonces returned and waiting to be handed out again, lowest first (for tests and diagnostics). */
    public NavigableSet<Long> returnedNonces() {
        lock.lock();
        try {
            return new TreeSet<>(returned);
        } finally {
            lock.unlock();
        }
    }

    private void apply(ChainCounts counts, boolean fillGaps) {
        if (next < 0) {
            next = counts.pending();
            mined = counts.latest();
            return;
        }
        mined = Math.max(mined, counts.latest());
        outstanding.headSet(mined).clear();
        long used = Math.max(counts.pending(), mined);
        returned.headSet(used).clear(); // below the chain's pending count: taken by someone meanwhile
        if (counts.pending() > next) {
            next = counts.pending(); // the key was used elsewhere: skip what it used
        }
        if (fillGaps) {
            long end = Math.min(next, used + MAX_GAP_SCAN);
            for (long n = used; n < end; n++) {
                if (!outstanding.contains(n)) {
                    returned.add(n);
                }
            }
        }
        compact();
    }

    /** Returned nonces at the top of the count simply lower it. */
    private void compact() {
        while (!returned.isEmpty() && returned.last() == next - 1) {
            returned.pollLast();
            next--;
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "NonceManager[next=" + next + ", in flight=" + outstanding.size() + ", returned=" + returned + "]";
        } finally {
            lock.unlock();
        }
    }
}
