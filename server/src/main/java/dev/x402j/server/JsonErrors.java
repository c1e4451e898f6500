package dev.x402j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.wire.X402Json;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** The JSON body of every error answer: {@code {"error": code, "message": sentence}}; 5xx carry no message. */
final class JsonErrors {
    static final String UNEXPECTED_ERROR = "unexpected_error";

    private JsonErrors() {}

    static MutableHttpResponse<byte[]> response(HttpStatus status, String error, String message) {
        return HttpResponse.<byte[]>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body(error, message));
    }

    static byte[] body(String error, String message) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("error", error);
        if (message != null) {
            o.put("message", message);
        }
        return X402Json.write(o);
    }
}
