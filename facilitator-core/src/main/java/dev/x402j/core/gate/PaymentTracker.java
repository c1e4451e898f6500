package dev.x402j.core.gate;

import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link PaymentGate}'s tracking records to a {@link TrackingStore}, best effort: nothing the store does
 * (throw, hang, lag) reaches a payment. Asynchronously by default — a request only puts its {@link TrackedRequest}
 * in a bounded queue (full: the update is dropped and reported, never waited for) and virtual-thread writers save its
 * latest snapshot, each request's snapshots in order, several updates written at once when they pile up — or on the
 * request's thread when {@link TrackingOptions#synchronous()}. Failures go to {@link TrackingOptions#onFailure()}.
 * {@link #close()} lets the writers drain the queue for at most {@link TrackingOptions#closeTimeout()}. Thread-safe.
 */
final class PaymentTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentTracker.class);
    /** Tells a writer to stop; one per writer, queued behind the work present at close. */
    private static final TrackedRequest STOP = TrackedRequest.untracked();

    private final TrackingStore store;
    private final TrackingOptions options;
    private final Clock clock;
    private final LinkedBlockingQueue<TrackedRequest> queue = new LinkedBlockingQueue<>();
    /** Requests waiting in the queue (not those being written): bounded by the capacity. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> writers = new ArrayList<>();
    private final CountDownLatch writersDone;

    PaymentTracker(TrackingStore store, TrackingOptions options, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        int count = options.synchronous() ? 0 : options.writers();
        this.writersDone = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            writers.add(Thread.ofVirtual().name("x402j-tracking-writer-" + i).start(this::write));
        }
    }

    /** A tracked request starting now; untracked when no id could be made (reported). Never throws. */
    TrackedRequest start(String method, String resource) {
        String id = null;
        try {
            id = options.ids().get();
        } catch (RuntimeException e) {
            log.warn("x402j payment tracking: the id supplier failed ({}); this request is not tracked", RateLimitedWarning.summary(e));
        }
        if (id == null || id.isBlank()) {
            return TrackedRequest.untracked();
        }
        return TrackedRequest.tracked(this, id, clock.instant(), method, resource);
    }

    /** The resource a record names: the URL without its query or fragment (which may carry a client's tokens). */
    static String withoutQuery(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int f = url.indexOf('#');
        if (f >= 0 && f < cut) {
            cut = f;
        }
        return url.substring(0, cut);
    }

    Instant now() {
        return clock.instant();
    }

    boolean synchronous() {
        return options.synchronous();
    }

    /** Saves on the caller's thread (synchronous mode); a failure is reported, never thrown. */
    void saveNow(TrackedPayment snapshot) {
        if (closed.get()) {
            report(TrackingFailure.Kind.CLOSED, snapshot.id(), null);
            return;
        }
        save(snapshot);
    }

    /** Puts a request in the write queue without waiting; false (reported) when the queue is full or closed. */
    boolean enqueue(TrackedRequest request) {
        if (closed.get()) {
            report(TrackingFailure.Kind.CLOSED, request.id(), null);
            return false;
        }
        if (waiting.incrementAndGet() > options.queueCapacity()) {
            waiting.decrementAndGet();
            report(TrackingFailure.Kind.QUEUE_FULL, request.id(), null);
            return false;
        }
        queue.add(request);
        return true;
    }

    private void write() {
        try {
            while (true) {
                TrackedRequest request = queue.take();
                if (request == STOP) {
                    return;
                }
                waiting.decrementAndGet();
                for (TrackedRequest.Write w = request.nextWrite(); w != null; w = request.nextWrite()) {
                    save(w.snapshot());
                    request.written(w.version());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writersDone.countDown();
        }
    }

    private void save(TrackedPayment snapshot) {
        try {
            store.save(snapshot);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            report(TrackingFailure.Kind.WRITE_FAILED, snapshot.id(), t);
        }
    }

    private void report(TrackingFailure.Kind kind, String trackingId, Throwable cause) {
        try {
            options.onFailure().onFailure(new TrackingFailure(kind, trackingId, cause));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            log.debug("x402j payment tracking: the failure handler threw", t);
        }
    }

    /**
     * Stops taking updates and waits at most {@link TrackingOptions#closeTimeout()} for the writers to save what is
     * queued; whatever is left then is reported as {@link TrackingFailure.Kind#CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writers.forEach(w -> queue.add(STOP));
        boolean drained;
        try {
            drained = writersDone.await(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            writers.forEach(Thread::interrupt);
        }
        List<TrackedRequest> left = new ArrayList<>();
        queue.drainTo(left);
        for (TrackedRequest request : left) {
            if (request != STOP) {
                report(TrackingFailure.Kind.CLOSED, request.id(), null);
            }
        }
    }
}
