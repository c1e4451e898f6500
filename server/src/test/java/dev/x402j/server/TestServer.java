package dev.x402j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.wire.X402Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real application (the same beans as {@link Application}), with its HTTP server on a free port, given
 * environment variables and {@code application.yml}-style properties; and a plain JDK HTTP client to talk to it.
 */
final class TestServer implements AutoCloseable {
    final ApplicationContext context;
    final EmbeddedServer server;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestServer(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
        this.base = URI.create("http://localhost:" + server.getPort());
    }

    /** Starts the application; {@code env} stands for the process environment (the real one is not read). */
    static TestServer start(Map<String, String> env, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("micronaut.server.port", -1);
        ApplicationContext context = ApplicationContext.builder()
                .properties(all)
                .singletons(EnvironmentVariables.of(env))
                .start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            return new TestServer(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** An answer: status, content type and body text. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return X402Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Answer postJson(String path, Object body) {
        byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : X402Json.write(body);
        return post(path, "application/json", bytes);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        context.close();
    }
}
