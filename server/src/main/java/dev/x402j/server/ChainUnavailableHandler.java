package dev.x402j.server;

import dev.x402j.core.ChainUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain node that cannot be reached outside a verify or settle (which answer {@code unexpected_*} results
 * themselves), e.g. while {@code /accepts} reads a token: 503, retryable, naming the network but not the RPC URL.
 */
@Singleton
final class ChainUnavailableHandler implements ExceptionHandler<ChainUnavailableException, HttpResponse<byte[]>> {
    private static final Logger log = LoggerFactory.getLogger(ChainUnavailableHandler.class);

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public HttpResponse<byte[]> handle(HttpRequest request, ChainUnavailableException e) {
        log.warn("{} {}: chain {} unavailable", request.getMethod(), request.getPath(), e.network());
        return JsonErrors.response(HttpStatus.SERVICE_UNAVAILABLE, "chain_unavailable",
                "the node of " + e.network() + " could not be reached; retry later");
    }
}
