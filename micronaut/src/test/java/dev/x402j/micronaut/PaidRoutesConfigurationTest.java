package dev.x402j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.HttpFacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import dev.x402j.core.gate.PaymentGate;
import io.micronaut.context.ApplicationContext;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link Paid} annotations, {@code x402j.paid-routes} and {@link PaidRoute} beans become the routes of the one {@link PaymentGate}, and how
 * a bad configuration stops start-up. The application context starts without its HTTP server (no socket is opened)
 * and without {@code application.yml}, so each test gives its whole configuration. {@link WeatherController} is the
 * annotated controller; its offers default to {@code x402j.gate.network} and {@code x402j.gate.pay-to}.
 */
class PaidRoutesConfigurationTest {
    private static final String PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put("x402j.gate.network", "base-sepolia");
        p.put("x402j.gate.pay-to", PAY_TO);
        p.put("test.usdc", TOKEN);
        p.put("x402j.facilitator.url", "http://127.0.0.1:9/");
        return p;
    }

    private static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.builder().enableDefaultPropertySources(false).properties(properties).start();
    }

    private static Map<String, Object> route(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void annotatedMethodsAndConfiguredRoutesShareOneGate() {
        Map<String, Object> p = base();
        p.put("x402j.paid-routes", List.of(
                route("path", "/reports/*", "description", "Reports", "offers", List.of(
                        route("price", "$0.02"),
                        route("amount", 7, "asset", TOKEN, "network", "base", "pay-to", "0x0000000000000000000000000000000000000001",
                                "max-timeout-seconds", 30, "extra", route("name", "Token", "version", "1")))),
                route("method", "POST", "path", "/upload", "price", "$1")));
        try (ApplicationContext context = start(p)) {
            PaymentGate gate = context.getBean(PaymentGate.class);
            assertThat(context.getBean(FacilitatorClient.class)).isInstanceOf(HttpFacilitatorClient.class);

            PaidRoute weather = gate.route("GET", "/weather").orElseThrow();
            assertThat(weather.description()).isEqualTo("Weather report");
            assertThat(weather.mimeType()).isEqualTo("application/json");
            assertThat(weather.offers()).containsExactly(Offer.usd("$0.01", "base-sepolia", PAY_TO));

            // A templated route is known by its template; Micronaut's routing decides which paths it serves.
            PaidRoute item = gate.route("GET", "/items/{id}").orElseThrow();
            assertThat(item.offers()).hasSize(2);
            assertThat(item.offers().get(0).amount()).isEqualTo(BigInteger.valueOf(5000));
            assertThat(item.offers().get(0).asset()).isEqualTo(TOKEN);
            assertThat(item.offers().get(0).maxTimeout()).hasSeconds(120);
            assertThat(item.offers().get(0).extra().path("name").asText()).isEqualTo("USD Coin");
            assertThat(item.offers().get(1).price()).isEqualTo("$0.05");
            assertThat(gate.route("GET", "/items/42")).isEmpty();
            assertThat(gate.route("HEAD", "/weather")).isPresent();
            assertThat(gate.route("GET", "/free")).isEmpty();
            assertThat(gate.route("GET", "/reports")).isPresent();
            assertThat(gate.route("GET", "/reportsX")).isEmpty();

            PaidRoute reports = gate.route("GET", "/reports/daily").orElseThrow();
            assertThat(reports.description()).isEqualTo("Reports");
            assertThat(reports.offers().get(0)).isEqualTo(Offer.usd("$0.02", "base-sepolia", PAY_TO));
            Offer atomic = reports.offers().get(1);
            assertThat(atomic.amount()).isEqualTo(BigInteger.valueOf(7));
            assertThat(atomic.network()).isEqualTo("base");
            assertThat(atomic.maxTimeout()).hasSeconds(30);
            assertThat(atomic.extra().path("version").asText()).isEqualTo("1");
            assertThat(gate.route("POST", "/upload").orElseThrow().offers().get(0).price()).isEqualTo("$1");
            assertThat(gate.route("GET", "/upload")).isEmpty();
        }
    }

    @Test
    void paidRouteBeansJoinTheGate() {
        Map<String, Object> p = base();
        p.put("test.route-bean", true);
        try (ApplicationContext context = start(p)) {
            PaidRoute archive = context.getBean(PaymentGate.class).route("GET", "/archive/2020").orElseThrow();
            assertThat(archive.description()).isEqualTo("Archive");
            assertThat(archive.offers().get(0).price()).isEqualTo("$0.03");
        }
    }

    @Test
    void everyProblemOfTheConfigurationIsNamedInOneMessage() {
        Map<String, Object> p = base();
        p.put("x402j.paid-routes", List.of(
                route("path", "/no-offer"),
                route("path", "/both", "price", "$0.01", "amount", 5, "asset", TOKEN),
                route("path", "/typo", "prise", "$0.01"),
                route("price", "$0.01"),
                route("path", "/bad-offer", "offers", List.of(route("amount", "ten", "asset", TOKEN)))));
        assertThatThrownBy(() -> start(p).close())
                .rootCause()
                .hasMessageContaining("x402j.paid-routes[0] has no offer")
                .hasMessageContaining("x402j.paid-routes[1]: give a price or an amount, not both")
                .hasMessageContaining("x402j.paid-routes[2] has an unknown key 'prise'")
                .hasMessageContaining("x402j.paid-routes[3] has no path")
                .hasMessageContaining("x402j.paid-routes[4].offers[0]: amount 'ten' is not a whole number");
    }

    @Test
    void aPriceTheNetworkCannotExpressStopsStartUp() {
        Map<String, Object> p = base();
        p.put("x402j.paid-routes", List.of(
                route("path", "/precise", "price", "$0.0000001"),
                route("path", "/nowhere", "price", "$0.01", "network", "atlantis")));
        assertThatThrownBy(() -> start(p).close())
                .rootCause()
                .hasMessageContaining("route GET /precise")
                .hasMessageContaining("more precision")
                .hasMessageContaining("route GET /nowhere")
                .hasMessageContaining("'atlantis' is unknown");
    }

    @Test
    void anAnnotationWithoutNetworkOrUnresolvedPlaceholderNamesTheMethod() {
        Map<String, Object> p = base();
        p.remove("x402j.gate.network");
        p.remove("test.usdc");
        assertThatThrownBy(() -> start(p).close())
                .rootCause()
                .hasMessageContaining("@Paid on WeatherController.weather() (GET /weather): no network")
                .hasMessageContaining("@Paid on WeatherController.item() (GET /items/{id}) (offer 1): Could not resolve placeholder ${test.usdc}");
    }

    @Test
    void paidRoutesNeedAFacilitator() {
        Map<String, Object> p = base();
        p.remove("x402j.facilitator.url");
        assertThatThrownBy(() -> start(p).close())
                .rootCause()
                .hasMessageContaining("no facilitator: set x402j.facilitator.url, or provide a FacilitatorClient bean");
    }

    @Test
    void aDisabledGateChargesNothingAndChecksNothing() {
        Map<String, Object> p = new HashMap<>();
        p.put("x402j.gate.enabled", false);
        try (ApplicationContext context = start(p)) {
            assertThat(context.containsBean(PaymentFilter.class)).isFalse();
        }
    }
}
