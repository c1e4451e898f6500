package dev.x402j.server;

import dev.x402j.core.wire.X402Json;
import dev.x402j.testkit.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real server ({@link Application#main}) as a separate OS process on a free port, configured only by the given
 * environment variables (nothing of the test machine's environment is passed on), and a JDK HTTP client to talk to it.
 * {@link #kill()} is SIGKILL; {@link #close()} a normal stop.
 */
final class ServerProcess implements AutoCloseable {
    /** Micronaut's line once the HTTP server listens. */
    static final Pattern READY = Pattern.compile("Server Running: http://[^\\s:/]+:(\\d+)");
    /** Small, quick-starting JVMs: several run at once on a small machine. */
    private static final String[] JVM = {"-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"};

    private final String name;
    private final JavaProcess process;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ServerProcess(String name, JavaProcess process, int port) {
        this.name = name;
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server and waits until it listens. */
    static ServerProcess start(String name, Map<String, String> env) {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        JavaProcess process = JavaProcess.builder(Application.class)
                .name(name)
                .env(all)
                .jvmArgs(JVM)
                .readyLine(READY)
                .startTimeout(Duration.ofSeconds(120))
                .start();
        return new ServerProcess(name, process, port);
    }

    /** Runs the server with a configuration that must stop its start-up; returns the exit code. */
    static JavaProcess startFailing(Map<String, String> env) {
        return JavaProcess.builder(Application.class).name("failing-server").env(env).jvmArgs(JVM).start();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        return process.output();
    }

    JavaProcess process() {
        return process;
    }

    TestServer.Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    TestServer.Answer postJson(String path, Object body) {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : X402Json.write(body);
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Sends a request; an I/O failure (the process died) is an {@link UncheckedIOException}. */
    TestServer.Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TestServer.Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + request.build().uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the process dies at once, in the middle of whatever it was doing. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        http.close();
        process.close();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + base + ")";
    }
}
