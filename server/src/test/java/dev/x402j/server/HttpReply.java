package dev.x402j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.wire.X402Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An HTTP answer with its headers (the rate-limit tests read {@code Retry-After} and {@code RateLimit-*}). */
record HttpReply(int status, HttpHeaders headers, String body) {

    /** {@code POST base+path} with a JSON body and extra headers given as name, value, name, value… */
    static HttpReply postJson(URI base, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    static HttpReply get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private static HttpReply send(HttpRequest.Builder request) {
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpReply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json() {
        try {
            return X402Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + status + "): " + body, e);
        }
    }

    /** The value of a header that must be there. */
    String header(String name) {
        return headers.firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in " + headers));
    }

    /** The value of a header that must be there and a whole number. */
    long number(String name) {
        return Long.parseLong(header(name));
    }

    @Override
    public String toString() {
        return status + " " + headers.map() + " " + body;
    }
}
