package dev.x402j.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java main class run as a real, separate OS process: a new JVM ({@code java.home} of the current one) with the
 * current JVM's class path ({@code java.class.path}, which surefire and failsafe set to the test class path), given
 * environment variables, system properties and arguments. Its standard output and error are merged, drained
 * continuously and kept (the last {@value #KEPT_LINES} lines), so a test can wait for a line and check what the
 * process printed.
 *
 * <pre>{@code
 * try (JavaProcess server = JavaProcess.builder("dev.x402j.server.Application")
 *         .env("PORT", "8091")
 *         .readyLine(Pattern.compile("Server Running: (\\S+)"))
 *         .start()) {                      // returns once the ready line was printed
 *     URI base = URI.create(server.readyMatch().group(1));
 *     ...
 *     server.kill();                       // SIGKILL: no shutdown hook runs, nothing is flushed
 * }
 * }</pre>
 *
 * <p>The environment is not inherited, so the machine's own variables (a private key, a database URL) cannot leak into
 * the process: it gets only {@code PATH}, {@code HOME}, {@code TMPDIR}, {@code LANG}, {@code LC_ALL} (those set) and
 * what the builder adds; {@link Builder#inheritEnvironment()} passes everything instead.
 *
 * <p>{@link #kill()} is {@code SIGKILL} of the real process (on Unix, {@link ProcessHandle#destroyForcibly()}); {@link #close()}
 * is {@code SIGTERM} (shutdown hooks run), then {@code SIGKILL} after 10 s. A JVM shutdown hook kills processes a
 * test forgot to close. Thread-safe.
 */
public final class JavaProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JavaProcess.class);
    static final int KEPT_LINES = 5000;

    private final String name;
    private final Process process;
    private final List<String> command;
    private final JavaProcessOutput output;
    private final JavaProcessStop stop;
    private volatile Matcher readyMatch;

    private JavaProcess(String name, Process process, List<String> command) {
        this.name = name;
        this.process = process;
        this.command = List.copyOf(command);
        this.output = new JavaProcessOutput(process, name, LOG, KEPT_LINES);
        this.stop = new JavaProcessStop(name, process, output);
    }

    /** A builder for a process running {@code mainClass}. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** A builder for a process running {@code mainClass}. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** Configures and starts a {@link JavaProcess}. Not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String classPath = System.getProperty("java.class.path");
        private Path workingDirectory;
        private boolean inheritEnvironment;
        private Pattern readyLine;
        private Duration startTimeout = Duration.ofSeconds(90);
        private String name;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** An environment variable of the process. */
        public Builder env(String variable, String value) {
            env.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Environment variables of the process. */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Passes this JVM's whole environment on, under the variables given with {@link #env}. */
        public Builder inheritEnvironment() {
            this.inheritEnvironment = true;
            return this;
        }

        /** A {@code -Dname=value} of the new JVM. */
        public Builder systemProperty(String property, String value) {
            systemProperties.put(Objects.requireNonNull(property, "property"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Options of the new JVM, e.g. {@code -Xmx256m}. */
        public Builder jvmArgs(String... options) {
            jvmArgs.addAll(List.of(options));
            return this;
        }

        /** Arguments of the main method. */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** The class path; default this JVM's {@code java.class.path}. */
        public Builder classPath(String classPath) {
            this.classPath = Objects.requireNonNull(classPath, "classPath");
            return this;
        }

        /** The working directory; default this JVM's. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * A line the process prints once it is ready; {@link #start()} returns when it appears, and
         * {@link JavaProcess#readyMatch()} gives its groups. Without one, {@link #start()} returns at once.
         */
        public Builder readyLine(Pattern line) {
            this.readyLine = Objects.requireNonNull(line, "line");
            return this;
        }

        /** How long {@link #start()} waits for the ready line; default 90 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** A name for thread names and messages; default the main class's simple name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Starts the process and, with a {@link #readyLine}, waits for it.
         *
         * @throws IllegalStateException if the process exits or stays silent before the ready line; the message quotes
         *     the end of its output (the process is killed)
         */
        public JavaProcess start() {
            JavaCommand command = new JavaCommand(
                    mainClass, jvmArgs, systemProperties, classPath, args, workingDirectory, env, inheritEnvironment);
            String label = name != null ? name : command.simpleName();
            Process process = command.start(label);
            JavaProcess started = new JavaProcess(label, process, command.line());
            if (readyLine != null) {
                try {
                    started.readyMatch = started.awaitLine(readyLine, startTimeout);
                } catch (RuntimeException | Error e) {
                    started.kill();
                    started.close();
                    throw e;
                }
            }
            LOG.debug("{} pid {} started", label, process.pid());
            return started;
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** The OS process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The match of the ready line; {@code null} when started without one. */
    public Matcher readyMatch() {
        return readyMatch;
    }

    /** Everything the process printed so far (its last {@value #KEPT_LINES} lines), stdout and stderr merged. */
    public String output() {
        return output.text();
    }

    /** The lines the process printed so far (its last {@value #KEPT_LINES}). */
    public List<String> outputLines() {
        return output.lines();
    }

    /**
     * Waits until the process prints a line matching {@code line} (or has printed one already).
     *
     * @return the match
     * @throws IllegalStateException if the process ends, or {@code timeout} passes, first; the message quotes its output
     */
    public Matcher awaitLine(Pattern line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0; // lines printed so far that were already looked at
        while (true) {
            JavaProcessOutput.Snapshot snapshot = output.snapshot();
            List<String> lines = snapshot.lines();
            long unseen = snapshot.total() - seen;
            for (int i = (int) Math.max(0, lines.size() - unseen); i < lines.size(); i++) {
                Matcher m = line.matcher(lines.get(i));
                if (m.find()) {
                    return m;
                }
            }
            seen = snapshot.total();
            if (snapshot.ended()) {
                awaitQuietly(Duration.ofSeconds(5));
                throw new IllegalStateException(name + " ended (" + exitDescription() + ") without printing a line"
                        + " matching /" + line + "/. Output:\n" + output.tail(80));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " printed no line matching /" + line + "/ within " + timeout
                        + ". Output:\n" + output.tail(80));
            }
            output.awaitMore(seen, 100);
        }
    }

    /**
     * Waits for the process to exit by itself.
     *
     * @return its exit code
     * @throws IllegalStateException if it is still running after {@code timeout} (it is then killed)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(
                        name + " did not exit within " + timeout + ". Output:\n" + output.tail(80));
            }
            output.awaitEnd(Duration.ofSeconds(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private void awaitQuietly(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exit code, once the process has exited. */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /**
     * Kills the process with {@code SIGKILL} and waits until it is gone: no shutdown hook runs, no buffer is flushed,
     * no connection is closed politely — as when a machine loses power. Idempotent.
     */
    public void kill() {
        stop.kill();
    }

    /** Stops the process with {@code SIGTERM} (its shutdown hooks run), then {@code SIGKILL} after 10 s. Idempotent. */
    @Override
    public void close() {
        stop.close();
    }

    @Override
    public String toString() {
        return "JavaProcess[" + name + ", pid " + process.pid() + (process.isAlive() ? "" : ", " + exitDescription()) + "]";
    }

    private String exitDescription() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /** The command line, for diagnostics. */
    List<String> command() {
        return command;
    }
}
