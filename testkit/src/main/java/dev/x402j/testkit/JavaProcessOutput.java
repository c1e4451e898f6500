package dev.x402j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The merged output of a {@link JavaProcess}: drained on a daemon thread ({@link LocalProcess#drain}), its last
 * {@code keptLines} lines kept, with a count of all lines printed so that a waiter sees each new line once.
 * Thread-safe.
 */
final class JavaProcessOutput {
    private final int keptLines;
    private final List<String> lines = new ArrayList<>();
    private long total;
    private boolean ended;

    /** The kept lines, how many were printed in all, and whether the output has ended. */
    record Snapshot(List<String> lines, long total, boolean ended) {}

    /** Starts draining {@code process}'s output; each line is logged to {@code log} at trace level. */
    JavaProcessOutput(Process process, String name, Logger log, int keptLines) {
        this.keptLines = keptLines;
        LocalProcess.drain(process, name, log, this::add, this::end);
    }

    private synchronized void add(String line) {
        lines.add(line);
        total++;
        if (lines.size() > keptLines) {
            lines.subList(0, lines.size() - keptLines).clear();
        }
        notifyAll();
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    /** The last {@code count} kept lines, joined. */
    synchronized String tail(int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(lines), total, ended);
    }

    /** Waits up to {@code millis} for a line after the first {@code seen}, unless there is one or the output ended. */
    synchronized void awaitMore(long seen, long millis) {
        if (!ended && total <= seen) {
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Waits up to {@code timeout} for the output to end; returns early, quietly, if interrupted. */
    synchronized void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
