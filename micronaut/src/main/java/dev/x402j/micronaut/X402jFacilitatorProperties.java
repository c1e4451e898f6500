package dev.x402j.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code x402j.facilitator.*}: the remote facilitator the payment gate verifies and settles with, when the
 * application provides no {@link dev.x402j.core.gate.FacilitatorClient} bean of its own (an in-process one, say).
 */
@ConfigurationProperties("x402j.facilitator")
public class X402jFacilitatorProperties {
    private URI url;
    private String apiKey;
    private Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = dev.x402j.core.gate.HttpFacilitatorClient.DEFAULT_TIMEOUT;

    /**
     * The facilitator's base URL, e.g. {@code https://x402.org/facilitator}; {@code /verify}, {@code /settle},
     * {@code /supported} and {@code /accepts} are resolved against it.
     *
     * @param url an http or https URL
     */
    public void setUrl(URI url) {
        this.url = url;
    }

    public URI getUrl() {
        return url;
    }

    /**
     * An API key sent to the facilitator as {@code Authorization: Bearer <key>} on every call. Keep it in the
     * environment: {@code api-key: ${FACILITATOR_API_KEY}}.
     *
     * @param apiKey the key
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * Further headers sent to the facilitator on every call (name: value), for facilitators that authenticate
     * otherwise than with a bearer key.
     *
     * @param headers header names and values
     */
    public void setHeaders(Map<String, String> headers) {
        this.headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    /**
     * Upper bound of one call to the facilitator, settlement included (which waits for the chain). Default 30s.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getTimeout() {
        return timeout;
    }
}
