package dev.x402j.server;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Gives every error answer Micronaut produces itself — unknown route, wrong method, wrong media type, body too large,
 * unreadable request, unhandled exception — the server's JSON shape {@code {"error", "message"}}. Its messages are
 * fixed sentences: nothing of an exception (class, text, stack) reaches the wire; a 5xx is only
 * {@code {"error":"unexpected_error"}}.
 */
@Singleton
final class X402ErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        @SuppressWarnings("unchecked")
        MutableHttpResponse<byte[]> response = (MutableHttpResponse<byte[]>) base;
        HttpRequest<?> request = context.getRequest();
        if (request.getMethod() == HttpMethod.HEAD) {
            return response;
        }
        int code = response.code();
        String where = request.getMethodName() + " " + request.getPath();
        byte[] body;
        if (code >= 500) {
            body = JsonErrors.body(JsonErrors.UNEXPECTED_ERROR, null);
        } else if (code == HttpStatus.NOT_FOUND.getCode()) {
            body = JsonErrors.body("not_found", "no such endpoint: " + where);
        } else if (code == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            body = JsonErrors.body("method_not_allowed", "method not allowed: " + where);
        } else if (code == HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode()) {
            body = JsonErrors.body("unsupported_media_type", "the request body must be application/json");
        } else if (code == HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode()) {
            body = JsonErrors.body("payload_too_large", "the request body is larger than the server accepts");
        } else if (code == HttpStatus.NOT_ACCEPTABLE.getCode()) {
            body = JsonErrors.body("not_acceptable", "this endpoint answers application/json only");
        } else {
            body = JsonErrors.body("bad_request", "the request could not be read");
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
