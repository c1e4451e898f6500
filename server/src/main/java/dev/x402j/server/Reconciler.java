package dev.x402j.server;

import dev.x402j.core.Facilitator;
import dev.x402j.core.StoreUnavailableException;
import dev.x402j.store.redis.RedisLock;
import dev.x402j.store.redis.RedisStoreException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Facilitator#reconcile()}: settlements a timeout or a crash left unfinished (on this instance or another
 * sharing the ledger) are completed from the chain.
 *
 * <ul>
 *   <li>{@link #startupPass()} once when the server has started, unconditionally, so a restarted instance finishes what
 *       it left;
 *   <li>{@link #periodicPass()} every {@code x402j.reconcile-interval}; with Redis configured, only while holding the
 *       Redis lock {@value ServerStores#RECONCILER_LOCK}, so one instance at a time runs it. The lease lasts one
 *       interval and is extended while a pass runs; it is not released at the end, so the instances share one pass per
 *       interval between them. If Redis cannot be reached the pass runs anyway: {@code reconcile()} is safe to run
 *       concurrently (every change is state-checked, a transaction is only re-sent as the same bytes); the lock only
 *       saves work.
 * </ul>
 *
 * <p>Thread-safe; a failed pass is logged and the next one tries again.
 */
@Singleton
final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    /** What a pass did. */
    enum Outcome {
        /** The pass ran (whatever it found). */
        RAN,
        /** Another instance holds the lock: this periodic pass was left to it. */
        SKIPPED,
        /** The pass failed (the store or the chain could not be reached); the next one tries again. */
        FAILED
    }

    private final Facilitator facilitator;
    private final Optional<RedisLock> lock;
    private final Duration lease;
    private final TaskScheduler scheduler;

    @Inject
    Reconciler(Facilitator facilitator, ServerStores stores, ServerSettings settings,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this(facilitator, stores.reconcilerLock(), settings.reconcileInterval(), scheduler);
    }

    Reconciler(Facilitator facilitator, Optional<RedisLock> lock, Duration lease, TaskScheduler scheduler) {
        this.facilitator = facilitator;
        this.lock = lock;
        this.lease = lease;
        this.scheduler = scheduler;
    }

    /** The pass at start-up: never locked. */
    Outcome startupPass() {
        return run("start-up");
    }

    /** A periodic pass: under the Redis lock when Redis is configured. */
    Outcome periodicPass() {
        if (lock.isEmpty()) {
            return run("periodic");
        }
        Optional<RedisLock.Lease> held;
        try {
            held = lock.get().tryAcquire(lease);
        } catch (RedisStoreException | StoreUnavailableException e) {
            log.warn("reconciler lock unavailable ({}); reconciling without it, which is safe", e.getMessage());
            return run("periodic (unlocked)");
        }
        if (held.isEmpty()) {
            log.debug("another instance holds the reconciler lock; skipping this pass");
            return Outcome.SKIPPED;
        }
        RedisLock.Lease l = held.get();
        Duration every = lease.dividedBy(3).isZero() ? Duration.ofMillis(1) : lease.dividedBy(3);
        ScheduledFuture<?> keepAlive = scheduler.scheduleAtFixedRate(every, every, () -> extend(l));
        try {
            return run("periodic");
        } finally {
            keepAlive.cancel(false);
        }
    }

    private void extend(RedisLock.Lease l) {
        try {
            if (!l.extend(lease)) {
                log.warn("the reconciler lock expired during a pass; another instance may overlap it, which is safe");
            }
        } catch (RedisStoreException | StoreUnavailableException e) {
            log.warn("extending the reconciler lock failed: {}", e.getMessage());
        }
    }

    private Outcome run(String which) {
        try {
            Facilitator.ReconcileReport report = facilitator.reconcile();
            if (report.confirmed() + report.failed() + report.released() + report.stillPending() + report.replaced() > 0) {
                log.info("{} reconcile: {} confirmed, {} failed, {} released, {} still pending ({} replaced)", which,
                        report.confirmed(), report.failed(), report.released(), report.stillPending(),
                        report.replaced());
            } else {
                log.debug("{} reconcile: nothing unfinished", which);
            }
            return Outcome.RAN;
        } catch (RuntimeException e) {
            log.warn("{} reconcile failed: {}", which, e.toString());
            return Outcome.FAILED;
        }
    }
}
