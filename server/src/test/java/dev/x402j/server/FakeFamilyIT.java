package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.server.fakefamily.FakeFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chain family the server's main code has never heard of ({@link FakeFamily}, namespace {@code fake}) is served end
 * to end once its module is on the class path: here its {@code META-INF/services} entry is on the class loader the
 * server starts with (so no other test sees it). Its settings are read from the environment and from
 * {@code application.yml}, it is listed in {@code /supported} and {@code /health}, its reason reaches the wire, a bad
 * setting stops start-up with one sentence naming it, and in dev mode its local chain is in the banner, the balances
 * and the sample payments.
 */
class FakeFamilyIT {
    private static Path services;
    private static ClassLoader withFakeFamily;

    @BeforeAll
    static void registerTheFakeFamilyAsAModuleWould() throws IOException {
        services = Files.createTempDirectory("x402j-fake-family");
        Path file = services.resolve("META-INF/services/dev.x402j.core.family.ChainFamily");
        Files.createDirectories(file.getParent());
        Files.writeString(file, FakeFamily.class.getName() + "\n");
        withFakeFamily = new URLClassLoader(new URL[] {services.toUri().toURL()},
                Thread.currentThread().getContextClassLoader());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        ((URLClassLoader) withFakeFamily).close();
        Files.deleteIfExists(services.resolve("META-INF/services/dev.x402j.core.family.ChainFamily"));
        Files.deleteIfExists(services.resolve("META-INF/services"));
        Files.deleteIfExists(services.resolve("META-INF"));
        Files.deleteIfExists(services);
    }

    private static <T> T withTheFamily(Callable<T> start) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(withFakeFamily);
        try {
            return start.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void itsSettingsFromTheEnvironmentServeItsNetworkInSupportedAndHealthAndItsReasonReachesTheWire() throws Exception {
        try (TestServer server = withTheFamily(() -> TestServer.start(Map.of(
                "FAKE_PRIVATE_KEY", "fakekey-alpha,fakekey-beta",
                "FAKE_NETWORKS", "fake-net",
                "FAKE_RPC_URL_FAKE_NET", "http://127.0.0.1:9/secret-path"), Map.of()))) {
            JsonNode supported = server.get("/supported").json();
            assertThat(supported.path("kinds").toString())
                    .contains("{\"x402Version\":2,\"scheme\":\"exact\",\"network\":\"fake:net1\"}")
                    .contains("{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"fake-net\"}");
            assertThat(supported.path("signers").path("fake:*").toString())
                    .isEqualTo("[\"fake-address-of-alpha\",\"fake-address-of-beta\"]");

            JsonNode health = server.get("/health").json();
            assertThat(health.path("mode").asText()).isEqualTo("live");
            assertThat(health.path("networks").toString())
                    .contains("{\"name\":\"fake-net\",\"network\":\"fake:net1\",\"rpc\":\"explicit\"}")
                    .doesNotContain("secret-path");

            String body = """
                    {"x402Version":2,
                     "paymentPayload":{"x402Version":2,"accepted":%1$s,"payload":{"fake":true}},
                     "paymentRequirements":%1$s}""".formatted("""
                    {"scheme":"exact","network":"fake:net1","amount":"1000","asset":"fakeusdc","payTo":"p",\
                    "maxTimeoutSeconds":60}""");
            JsonNode verified = server.post("/verify", "application/json", body.getBytes(StandardCharsets.UTF_8)).json();
            assertThat(verified.path("isValid").asBoolean()).isFalse();
            assertThat(verified.path("invalidReason").asText()).isEqualTo("invalid_exact_fake_payload_not_a_chain");
        }
    }

    @Test
    void itsSettingsFromApplicationYmlServeItToo() throws Exception {
        try (TestServer server = withTheFamily(() -> TestServer.start(Map.of(), Map.of(
                "x402j.mode", "live",
                "x402j.fake.private-key", "fakekey-gamma",
                "x402j.fake.networks", "fake-net",
                "x402j.fake.rpc-urls.fake-net", "http://127.0.0.1:9")))) {
            assertThat(server.get("/supported").json().path("signers").path("fake:*").toString())
                    .isEqualTo("[\"fake-address-of-gamma\"]");
            assertThat(server.get("/health").json().path("networks").toString()).contains("\"name\":\"fake-net\"");
        }
    }

    @Test
    void aBadSettingOfTheFamilyStopsStartUpWithOneSentenceNamingItAndNotQuotingTheKey() throws Exception {
        String message = null;
        try {
            withTheFamily(() -> TestServer.start(Map.of("FAKE_PRIVATE_KEY", "not-a-fake-secret"), Map.of()))
                    .close();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SettingsException s) {
                    message = s.getMessage();
                }
            }
        }
        assertThat(message).isEqualTo("2 settings are wrong: FAKE_PRIVATE_KEY is not a valid fake key;"
                + " Fake network 'fake-net' has no RPC URL (set FAKE_RPC_URL_FAKE_NET or x402j.fake.rpc-urls.fake-net).");
        assertThat(message).doesNotContain("not-a-fake-secret");
    }

    @Test
    void inDevModeItsLocalChainIsInTheBannerTheBalancesTheHealthAndTheSamplePayments() throws Exception {
        try (TestServer server = withTheFamily(() -> TestServer.start(Map.of(), Map.of()))) {
            assertThat(server.get("/health").json().path("networks").toString())
                    .contains("{\"name\":\"fake-local\",\"network\":\"fake:local\",\"rpc\":\"local\"}")
                    .contains("\"name\":\"local\"");
            assertThat(server.get("/dev/balances").json().path("fake").path("network").asText()).isEqualTo("fake:local");
            assertThat(server.get("/dev/sample-payment?network=fake-local&amount=5").json()
                    .path("paymentRequirements").path("network").asText()).isEqualTo("fake:local");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            server.context.getBean(DevBanner.class).print(new PrintStream(out, true, StandardCharsets.UTF_8), 8090);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("fake-local = fake:local")
                    .contains("curl -s 'localhost:8090/dev/sample-payment?network=fake-local'");
        }
    }
}
