package dev.x402j.server;

import dev.x402j.core.wire.MalformedPaymentException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A request that cannot be read as x402: 400 with the wire reason and the sentence saying what is wrong. */
@Singleton
final class MalformedPaymentHandler implements ExceptionHandler<MalformedPaymentException, HttpResponse<byte[]>> {
    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public HttpResponse<byte[]> handle(HttpRequest request, MalformedPaymentException e) {
        return JsonErrors.response(HttpStatus.BAD_REQUEST, e.reason().wire(), e.getMessage());
    }
}
