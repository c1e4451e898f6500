package dev.x402j.server;

import dev.x402j.core.StoreUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store (PostgreSQL or Redis) cannot be reached during a request: 503 {@code store_unavailable}, retryable.
 * Nothing was lost: whatever the request had recorded stays in the ledger, and a retry answers from it (a settlement
 * interrupted after its broadcast is completed by the reconciler). The answer names neither the store nor its URL.
 */
@Singleton
final class StoreUnavailableHandler implements ExceptionHandler<StoreUnavailableException, HttpResponse<byte[]>> {
    private static final Logger log = LoggerFactory.getLogger(StoreUnavailableHandler.class);
    static final String CODE = "store_unavailable";
    static final String MESSAGE = "the settlement store could not be reached; retry later";

    /** Whichever store: unreachable, overloaded, or a statement or command that timed out. */
    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public HttpResponse<byte[]> handle(HttpRequest request, StoreUnavailableException e) {
        log.warn("{} {}: store unavailable: {}", request.getMethod(), request.getPath(), e.getMessage());
        return JsonErrors.response(HttpStatus.SERVICE_UNAVAILABLE, CODE, MESSAGE);
    }
}
