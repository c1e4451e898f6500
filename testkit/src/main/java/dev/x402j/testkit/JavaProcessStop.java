package dev.x402j.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link JavaProcess} ends: {@link #kill()} ({@code SIGKILL}), {@link #close()} ({@code SIGTERM}, then
 * {@code SIGKILL} after 10 s), and a JVM shutdown hook, registered on construction, that kills the process if a test
 * left it running. Signals go through the {@link ProcessHandle}: {@code Process.destroy()} would also close our end of
 * the output, and what the process prints while it dies would be lost. Each waits for the output to end (5 s at the
 * most), so that everything printed has been read. Thread-safe.
 */
final class JavaProcessStop {
    private static final Logger LOG = LoggerFactory.getLogger(JavaProcess.class); // one log category for a process

    private final String name;
    private final Process process;
    private final JavaProcessOutput output;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    JavaProcessStop(String name, Process process, JavaProcessOutput output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.shutdownHook = new Thread(() -> {
            if (process.isAlive()) {
                process.toHandle().destroyForcibly();
            }
        }, name + "-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** {@code SIGKILL}, then waits (30 s at the most, else throws) until the process is gone. Idempotent. */
    void kill() {
        if (process.isAlive()) {
            // SIGKILL on Unix. Through the handle: Process.destroyForcibly() would also close our end of the output.
            process.toHandle().destroyForcibly();
            LOG.debug("{} pid {} killed", name, process.pid());
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " pid " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        output.awaitEnd(Duration.ofSeconds(5));
    }

    /** {@code SIGTERM}, then {@code SIGKILL} after 10 s; removes the shutdown hook. Only the first call acts. */
    void close() {
        if (stopped.compareAndSet(false, true)) {
            if (process.isAlive()) {
                // SIGTERM on Unix, through the handle so that what the shutdown hooks print is still read.
                process.toHandle().destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.toHandle().destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.toHandle().destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            output.awaitEnd(Duration.ofSeconds(5));
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
