package dev.x402j.core.rpc;

import java.net.URI;

/**
 * One RPC endpoint of a {@link JsonRpcClient} and what the client learnt of it: its breaker, whether it refuses
 * batches, whether it passed the endpoint check or serves another chain. Thread-safe.
 */
final class Endpoint {
    final URI url;
    /** {@code scheme://host[:port]}: the only form that may appear in logs and messages. */
    final String loggable;
    final EndpointHealth health;
    volatile boolean refusesBatches;
    volatile boolean checked;
    /** Why it is never used (it failed the endpoint check), or null. */
    volatile String misconfigured;

    Endpoint(URI url, EndpointHealth health) {
        this.url = url;
        this.loggable = JsonRpcClient.loggable(url);
        this.health = health;
    }

    /** Not taken out of service, and its breaker would let a request through now. */
    boolean usable() {
        return misconfigured == null && health.admits();
    }

    /** Replaces the full URL (path and query may hold an API key) by the loggable endpoint. */
    String redact(String text) {
        String safe = text.replace(url.toString(), loggable);
        for (String secret : new String[] {url.getRawQuery(), url.getRawPath(), url.getRawUserInfo()}) {
            if (secret != null && secret.length() > 1) {
                safe = safe.replace(secret, "…");
            }
        }
        return safe;
    }
}
