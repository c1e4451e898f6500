package dev.x402j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the launchers of local chain processes (anvil, the LiteSVM RPC front) share: draining their output while
 * spotting the {@code Listening on HOST:PORT} line, and stopping a process with its children. {@link JavaProcess}
 * drains its output with {@link #drain} too.
 */
final class LocalProcess {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final int OUTPUT_TAIL_LINES = 60;

    private LocalProcess() {}

    /** Stops a process and its descendants, politely first, then forcibly; waits for them to exit. */
    static void destroyTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * Reads a process's merged stdout/stderr line by line on a daemon thread named {@code NAME-output-PID}: each line
     * is logged to {@code log} at trace level and handed to {@code onLine}; a read failure becomes one last line
     * {@code [output closed: MESSAGE]}; {@code onEnd} runs once the output has ended, whatever the cause.
     */
    static void drain(Process process, String name, Logger log, Consumer<String> onLine, Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.trace("{}: {}", name, line);
                    onLine.accept(line);
                }
            } catch (IOException e) {
                onLine.accept("[output closed: " + e.getMessage() + "]");
            } finally {
                onEnd.run();
            }
        }, name + "-output-" + process.pid());
        thread.setDaemon(true);
        thread.start();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reads a process's merged stdout/stderr on a daemon thread, keeps the tail, and spots the listening line. */
    static final class Output {
        private final String name;
        private final Deque<String> tail = new ArrayDeque<>();
        private final CompletableFuture<String> listening = new CompletableFuture<>();

        Output(Process process, String name) {
            this.name = name;
            drain(process, name, LOG, this::read, () ->
                    listening.completeExceptionally(new IllegalStateException(name + " output ended")));
        }

        private void read(String line) {
            remember(line);
            Matcher matcher = LISTENING.matcher(line);
            if (!listening.isDone() && matcher.find()) {
                listening.complete(matcher.group(1) + ":" + matcher.group(2));
            }
        }

        private synchronized void remember(String line) {
            tail.addLast(line);
            while (tail.size() > OUTPUT_TAIL_LINES) {
                tail.removeFirst();
            }
        }

        synchronized String tail() {
            return String.join("\n", tail);
        }

        /** The {@code host:port} the process said it listens on. */
        String awaitListening(Process process, Duration timeout, List<String> command) {
            try {
                return listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(name + " printed no 'Listening on' line within " + timeout
                        + " (" + String.join(" ", command) + "). Output:\n" + tail(), e);
            } catch (ExecutionException e) {
                String exit = process.isAlive() ? "still running" : "exit code " + exitValue(process);
                throw new IllegalStateException(name + " stopped before listening (" + exit + ", "
                        + String.join(" ", command) + "). Output:\n" + tail(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }

        private static int exitValue(Process process) {
            try {
                return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }
}
