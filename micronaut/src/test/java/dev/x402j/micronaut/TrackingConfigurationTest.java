package dev.x402j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.gate.GateRequest;
import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.gate.TrackingFailure;
import io.micronaut.context.ApplicationContext;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the binding wires tracking: a {@link TrackingStore} bean is tracked into (as {@code x402j.gate.tracking.*} says),
 * a {@link TrackingFailure.Handler} bean hears its failures, closing the application flushes pending records, and bad
 * settings stop start-up naming the key. No socket: the gate answers requests without a payment by itself.
 */
class TrackingConfigurationTest {
    private static final String PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static Map<String, Object> base(String store) {
        Map<String, Object> p = new HashMap<>();
        p.put("x402j.gate.network", "base-sepolia");
        p.put("x402j.gate.pay-to", PAY_TO);
        p.put("test.usdc", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        p.put("x402j.facilitator.url", "http://127.0.0.1:9/");
        if (store != null) {
            p.put("test.tracking-store", store);
        }
        return p;
    }

    private static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.builder().enableDefaultPropertySources(false).properties(properties).start();
    }

    private static GateRequest unpaidWeather() {
        return new GateRequest("GET", "/weather", "http://localhost/weather", name -> null);
    }

    @Test
    void aTrackingStoreBeanIsTrackedIntoAndClosingTheApplicationFlushesIt() {
        TrackingStore store;
        try (ApplicationContext context = start(base("memory"))) {
            store = context.getBean(TrackingStore.class);
            var answer = (GateResult.Respond) context.getBean(PaymentGate.class).check(unpaidWeather());
            assertThat(answer.status()).isEqualTo(402);
        } // asynchronous by default: the close waits for the record
        TrackedPayment record = store.list(TrackingStore.Query.all(10)).items().getFirst();
        assertThat(record.status()).isEqualTo(TrackedPayment.Status.PAYMENT_REQUIRED);
        assertThat(record.resource()).isEqualTo("http://localhost/weather");
        assertThat(record.network()).isEqualTo("eip155:84532");
        assertThat(record.amount()).isEqualTo(BigInteger.valueOf(10_000));
        assertThat(record.finishedAt()).isNotNull();
    }

    @Test
    void trackingCanBeTurnedOff() {
        Map<String, Object> p = base("memory");
        p.put("x402j.gate.tracking.enabled", false);
        try (ApplicationContext context = start(p)) {
            context.getBean(PaymentGate.class).check(unpaidWeather());
            context.getBean(PaymentGate.class).close();
            assertThat(context.getBean(TrackingStore.class).list(TrackingStore.Query.all(10)).total()).isZero();
        }
    }

    @Test
    void synchronousWritesReportAFailingStoreToTheHandlerBeanAndTheRequestIsAnsweredAnyway() {
        Map<String, Object> p = base("failing");
        p.put("x402j.gate.tracking.synchronous", true);
        try (ApplicationContext context = start(p)) {
            var answer = (GateResult.Respond) context.getBean(PaymentGate.class).check(unpaidWeather());

            assertThat(answer.status()).isEqualTo(402);
            // Synchronous: the failure is known by the time the request is answered.
            assertThat(context.getBean(TrackingBeans.Failures.class).seen).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(TrackingFailure.Kind.WRITE_FAILED);
                assertThat(f.cause()).hasMessage("the tracking database is down");
            });
        }
    }

    @Test
    void badTrackingSettingsStopStartUpNamingTheKey() {
        Map<String, Object> p = base("memory");
        p.put("x402j.gate.tracking.queue-capacity", 0);
        assertThatThrownBy(() -> start(p).close())
                .rootCause()
                .hasMessageContaining("x402j.gate.tracking: queue-capacity must be 1..10000000, got 0");

        Map<String, Object> q = base("memory");
        q.put("x402j.gate.tracking.writers", 100);
        assertThatThrownBy(() -> start(q).close())
                .rootCause()
                .hasMessageContaining("x402j.gate.tracking: writers must be 1..64, got 100");
    }
}
