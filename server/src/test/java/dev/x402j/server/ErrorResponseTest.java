package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The error bodies Micronaut's own failures get: fixed JSON, nothing of the exception. */
class ErrorResponseTest {
    private final X402ErrorResponseProcessor processor = new X402ErrorResponseProcessor();

    private String body(HttpStatus status, Throwable cause, String micronautMessage) {
        ErrorContext context = ErrorContext.builder(HttpRequest.POST("/settle", "{}"))
                .cause(cause)
                .errorMessage(micronautMessage)
                .build();
        MutableHttpResponse<byte[]> response = processor.processResponse(context, HttpResponse.status(status));
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/json"));
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void anUnexpectedExceptionIsAnOpaqueUnexpectedError() {
        IllegalStateException e = new IllegalStateException("rpc https://base-mainnet.g.alchemy.com/v2/SECRET failed");
        String body = body(HttpStatus.INTERNAL_SERVER_ERROR, e, "Internal Server Error: " + e.getMessage());
        assertThat(body).isEqualTo("{\"error\":\"unexpected_error\"}");
    }

    @Test
    void statusErrorsHaveTheirOwnCodesAndSentences() {
        assertThat(body(HttpStatus.NOT_FOUND, null, "Page Not Found"))
                .isEqualTo("{\"error\":\"not_found\",\"message\":\"no such endpoint: POST /settle\"}");
        assertThat(body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "Content Type [text/plain] not allowed"))
                .contains("\"error\":\"unsupported_media_type\"");
        assertThat(body(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null, "too large"))
                .contains("\"error\":\"payload_too_large\"");
        assertThat(body(HttpStatus.BAD_REQUEST, new RuntimeException("Exception at dev.x402j.Foo"), "boom"))
                .isEqualTo("{\"error\":\"bad_request\",\"message\":\"the request could not be read\"}");
    }

    @Test
    void aChainOutageIsARetryable503NamingTheNetworkNotTheUrl() {
        var e = new dev.x402j.core.ChainUnavailableException("eip155:8453", "https://base-mainnet.g.alchemy.com/v2/SECRET timed out", null);
        HttpResponse<byte[]> response = new ChainUnavailableHandler().handle(HttpRequest.POST("/accepts", "{}"), e);
        assertThat(response.getStatus().getCode()).isEqualTo(503);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(
                "{\"error\":\"chain_unavailable\",\"message\":\"the node of eip155:8453 could not be reached; retry later\"}");
        assertThat(body).doesNotContain("SECRET");
    }

    @Test
    void aStoreOutageIsARetryable503NamingNeitherStoreNorUrl() {
        var redis = new dev.x402j.core.StoreUnavailableException("claim settlement eip155:8453/0xabc",
                "claim settlement eip155:8453/0xabc: Unable to connect to redis://:SECRET@cache:6379", null);
        HttpResponse<byte[]> response = new StoreUnavailableHandler().handle(HttpRequest.POST("/settle", "{}"), redis);
        assertThat(response.getStatus().getCode()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"error\":\"store_unavailable\",\"message\":\"the settlement store could not be reached; retry later\"}");
    }

    @Test
    void aStartUpFailureIsExplainedInOneLine() {
        RuntimeException wrapped = new RuntimeException("Error instantiating bean\nPath Taken: ...",
                new SettingsException("EVM_NETWORKS names 'solana', which is not an EVM network."));
        assertThat(Application.explain(wrapped)).isEqualTo("EVM_NETWORKS names 'solana', which is not an EVM network.");
        RuntimeException bind = new RuntimeException("Unable to start Micronaut server on *:8090",
                new java.net.BindException("Address already in use"));
        assertThat(Application.explain(bind)).isEqualTo("Unable to start Micronaut server on *:8090 (Address already in use)");
    }
}
