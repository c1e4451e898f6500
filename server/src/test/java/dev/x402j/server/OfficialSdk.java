package dev.x402j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.X402Json;
import dev.x402j.testkit.LiteSvmRpc;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The official x402 TypeScript SDK (pinned in {@code interop/}), run as child processes: {@code pay.mjs}, the official
 * client, and {@code resource-server.mjs}, the official express resource server. Every wait is bounded and every
 * process is stopped by its owner. A machine without Node.js or without {@code interop/node_modules} fails the test
 * that needs them, saying what to install: the interop tests are never skipped silently.
 */
final class OfficialSdk {
    private static final Duration PAY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String node;
    private final Path interop;

    private OfficialSdk(String node, Path interop) {
        this.node = node;
        this.interop = interop;
    }

    /**
     * Finds {@code node} (system property {@code x402j.node}, environment variable {@code X402J_NODE}, else the
     * {@code PATH}) and the {@code interop} directory
     * with its installed packages.
     *
     * @throws AssertionError naming what is missing and how to install it
     */
    static OfficialSdk locate() {
        Path interop = findInterop();
        if (!Files.isRegularFile(interop.resolve("node_modules/@x402/fetch/package.json"))
                || !Files.isRegularFile(interop.resolve("node_modules/@x402/express/package.json"))) {
            throw new AssertionError("the official x402 SDK is not installed in " + interop
                    + ": run `npm ci --prefix interop` (the server's Maven build does it when node_modules is missing)");
        }
        String node = findNode();
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("`" + node + " --version` failed; the interop tests need Node.js >= 20");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + node + " (the interop tests need Node.js >= 20: put node on the PATH"
                    + " or set X402J_NODE): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new OfficialSdk(node, interop);
    }

    private static Path findInterop() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("interop");
            if (Files.isRegularFile(candidate.resolve("pay.mjs")) && Files.isRegularFile(candidate.resolve("resource-server.mjs"))) {
                return candidate;
            }
        }
        throw new AssertionError("no interop/ directory with pay.mjs and resource-server.mjs above " + Path.of("").toAbsolutePath());
    }

    private static String findNode() {
        // The same settings as the testkit's other Node programs.
        for (String configured : new String[] {System.getProperty(LiteSvmRpc.NODE_PROPERTY), System.getenv(LiteSvmRpc.NODE_ENV)}) {
            if (configured != null && !configured.isBlank()) {
                return configured;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "node");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new AssertionError("Node.js is not installed (no `node` on the PATH, no -Dx402j.node or X402J_NODE): the"
                + " interop tests run the official x402 TypeScript SDK and need Node.js >= 20, then `npm ci --prefix interop`");
    }

    // ------------------------------------------------------------------------------------------------ pay.mjs

    /**
     * The official client fetches {@code url} once (paying a 402 and retrying, as the SDK does) and reports what went
     * over the wire: {@code status}, {@code body}, {@code paymentResponse}, {@code paymentRequired},
     * {@code paymentPayload}, {@code finalPaymentRequired} (see interop/README.md).
     */
    JsonNode pay(String url, String payerKey) {
        ProcessBuilder pb = new ProcessBuilder(node, "pay.mjs", url).directory(interop.toFile());
        pb.environment().put("PAYER_PRIVATE_KEY", payerKey);
        Process p = start(pb);
        try {
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(PAY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("pay.mjs " + url + " did not finish within " + PAY_TIMEOUT);
            }
            String stdout = out.get(10, TimeUnit.SECONDS).strip();
            if (p.exitValue() != 0) {
                throw new AssertionError("pay.mjs " + url + " exited " + p.exitValue() + ": " + stdout + " " + err.get(10, TimeUnit.SECONDS));
            }
            return X402Json.mapper().readTree(stdout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("pay.mjs " + url + ": unreadable output", e);
        } finally {
            stop(p);
        }
    }

    /**
     * A payment the official client signed and that went nowhere else: a local stand-in answers its first request with
     * {@code paymentRequiredHeader} (a real {@code PAYMENT-REQUIRED} value) and keeps the {@code PAYMENT-SIGNATURE} of
     * the paid retry. The stand-in speaks the real HTTP 402 protocol; it exists so that a test can alter the payment
     * before it reaches the real server.
     */
    String signedPayment(String paymentRequiredHeader, String payerKey) {
        AtomicReference<String> captured = new AtomicReference<>();
        HttpServer stand;
        try {
            stand = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stand.createContext("/", exchange -> {
            String payment = exchange.getRequestHeaders().getFirst(PaymentHeaders.PAYMENT_SIGNATURE);
            byte[] body;
            if (payment == null) {
                exchange.getResponseHeaders().add(PaymentHeaders.PAYMENT_REQUIRED, paymentRequiredHeader);
                body = X402Json.write(PaymentHeaders.decodeTree(PaymentHeaders.PAYMENT_REQUIRED, paymentRequiredHeader));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(402, body.length);
            } else {
                captured.set(payment);
                body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
            }
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stand.start();
        try {
            JsonNode result = pay("http://127.0.0.1:" + stand.getAddress().getPort() + "/capture", payerKey);
            if (captured.get() == null) {
                throw new AssertionError("the official client sent no payment: " + result);
            }
            return captured.get();
        } finally {
            stand.stop(0);
        }
    }

    // ------------------------------------------------------------------------------------------------ resource server

    /**
     * Starts the official express resource server in front of {@code facilitatorUrl}, selling {@code GET /weather} for
     * {@code priceAtomic} of {@code asset}; returns once it listens (it has fetched the facilitator's
     * {@code /supported} and accepted the route by then).
     */
    ResourceServer resourceServer(String facilitatorUrl, String priceAtomic, String asset, String network, String payTo) {
        return resourceServer(facilitatorUrl, priceAtomic, asset, network, payTo, null);
    }

    /**
     * The same, sending {@code apiKey} (when not null) as {@code Authorization: Bearer} to the facilitator's
     * {@code /supported}, {@code /verify} and {@code /settle} through the official client's {@code createAuthHeaders}.
     */
    ResourceServer resourceServer(String facilitatorUrl, String priceAtomic, String asset, String network, String payTo,
            String apiKey) {
        ProcessBuilder pb = new ProcessBuilder(node, "resource-server.mjs").directory(interop.toFile());
        if (apiKey != null) {
            pb.environment().put("FACILITATOR_API_KEY", apiKey);
        }
        pb.environment().putAll(Map.of(
                "FACILITATOR_URL", facilitatorUrl,
                "PRICE_ATOMIC", priceAtomic,
                "ASSET", asset,
                "NETWORK", network,
                "PAY_TO", payTo,
                "PORT", "0"));
        Process p = start(pb);
        ResourceServer server = new ResourceServer(p);
        try {
            server.awaitListening();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The running official resource server; {@link #close()} stops it. Its stderr is kept (one JSON line per event). */
    static final class ResourceServer implements AutoCloseable {
        private final Process process;
        private final List<String> log = new ArrayList<>();
        private final CompletableFuture<String> listening = new CompletableFuture<>();
        private URI base;

        private ResourceServer(Process process) {
            this.process = process;
            Thread.ofVirtual().start(() -> readLines(process.getInputStream(), line -> {
                synchronized (log) {
                    log.add(line);
                }
                if (line.startsWith("Listening on ")) {
                    listening.complete(line.substring("Listening on ".length()).strip());
                }
            }));
            Thread.ofVirtual().start(() -> readLines(process.getErrorStream(), line -> {
                synchronized (log) {
                    log.add(line);
                }
            }));
            process.onExit().thenRun(() -> listening.completeExceptionally(
                    new AssertionError("resource-server.mjs exited with " + process.exitValue() + ": " + log())));
        }

        private void awaitListening() {
            try {
                base = URI.create("http://" + listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                throw new AssertionError("resource-server.mjs did not listen within " + START_TIMEOUT + ": " + log());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        URI base() {
            return base;
        }

        /** Everything it printed so far (stdout and stderr lines). */
        List<String> log() {
            synchronized (log) {
                return List.copyOf(log);
            }
        }

        /** Its verify/settle events (stderr JSON lines {@code {"event": …, "result": …}}), in order. */
        /**
         * The events once at least {@code count} have been read from the server's output (its lines are read by a
         * background thread, so one may arrive just after the HTTP answer it belongs to); at most 10 s.
         */
        List<JsonNode> events(int count) {
            return eventsOnce(events -> events.size() >= count);
        }

        /** The events once {@code done} holds of them, or as they are after 10 s (the assertion then says why). */
        List<JsonNode> eventsOnce(java.util.function.Predicate<List<JsonNode>> done) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            List<JsonNode> events = events();
            while (!done.test(events) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                events = events();
            }
            return events;
        }

        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : log()) {
                if (line.startsWith("{\"event\"")) {
                    try {
                        events.add(X402Json.mapper().readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return events;
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    // ------------------------------------------------------------------------------------------------ processes

    private static Process start(ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + pb.command() + ": " + e.getMessage(), e);
        }
    }

    /** Stops a child process and its own children: politely, then by force after 10 s. */
    static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    private static void readLines(InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
