package dev.x402j.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestPathsTest {
    private static final Offer CENT = Offer.usd("$0.01", "base-sepolia", "0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
    private static final PaidRoute UPLOAD = PaidRoute.of("GET", "/upload", CENT);
    private static final PaidRoute FILES = PaidRoute.of("GET", "/files/*", CENT);

    @ParameterizedTest
    @ValueSource(strings = {"/upload", "/upload/", "//upload", "/upload//", "/./upload", "/a/../upload", "/a/b/../../upload",
            "/../upload", "/%75pload", "/%75%70%6C%6F%61%64", "/up%6Coad", "/upload?x=1",
            "/a/%2e%2e/upload", "/%2E/upload", "/upload/."})
    void everySpellingOfAPaidPathIsThatPath(String spelling) {
        assertThat(RequestPaths.normalize(spelling)).isEqualTo("/upload");
        assertThat(UPLOAD.matches("GET", spelling)).as(spelling).isTrue();
    }

    @Test
    void otherPathsStayDistinct() {
        assertThat(RequestPaths.normalize("/")).isEqualTo("/");
        assertThat(RequestPaths.normalize("")).isEqualTo("/");
        assertThat(RequestPaths.normalize("/..")).isEqualTo("/");
        assertThat(RequestPaths.normalize("/uploads")).isEqualTo("/uploads");
        assertThat(RequestPaths.normalize("/upload/x")).isEqualTo("/upload/x");
        // a reserved character stays escaped (an encoded slash is not a separator), with upper-case hex
        assertThat(RequestPaths.normalize("/a%2fb")).isEqualTo("/a%2Fb");
        assertThat(RequestPaths.normalize("/100%")).isEqualTo("/100%");
        assertThat(RequestPaths.normalize("/%zz")).isEqualTo("/%zz");
        assertThat(UPLOAD.matches("GET", "/uploads")).isFalse();
        assertThat(UPLOAD.matches("GET", "/upload/x")).isFalse();
        assertThat(UPLOAD.matches("POST", "/upload")).isFalse();
    }

    @Test
    void headIsChargedAsGet() {
        assertThat(UPLOAD.matches("HEAD", "/upload")).isTrue();
        assertThat(UPLOAD.matches("head", "//upload/")).isTrue();
        assertThat(PaidRoute.of("HEAD", "/upload", CENT).matches("GET", "/upload")).isTrue();
        assertThat(PaidRoute.of("*", "/upload", CENT).matches("HEAD", "/upload")).isTrue();
    }

    @Test
    void aWildcardRouteCoversEverySpellingBelowIt() {
        assertThat(FILES.matches("GET", "/files")).isTrue();
        assertThat(FILES.matches("GET", "/files/")).isTrue();
        assertThat(FILES.matches("GET", "//files//a")).isTrue();
        assertThat(FILES.matches("GET", "/x/../files/a")).isTrue();
        assertThat(FILES.matches("HEAD", "/%66iles/a")).isTrue();
        assertThat(FILES.matches("GET", "/filesX")).isFalse();
        assertThat(FILES.matches("GET", "/files/../free")).isFalse();
        assertThat(PaidRoute.of("GET", "/*", CENT).matches("GET", "//anything")).isTrue();
    }

    @Test
    void theGateChargesEverySpelling() {
        PaymentGate gate = PaymentGate.builder(new InProcessFacilitatorClient(
                dev.x402j.core.Facilitator.builder().scheme(new dev.x402j.core.FakeChainSchemeAccess().scheme()).build()))
                .route(UPLOAD).build();
        for (String spelling : new String[] {"/upload/", "//upload", "/./upload", "/a/../upload", "/%75pload"}) {
            assertThat(gate.route("GET", spelling)).as(spelling).contains(UPLOAD);
            assertThat(gate.check(new GateRequest("GET", spelling, "https://x.test" + spelling, h -> null)))
                    .as(spelling).isInstanceOf(GateResult.Respond.class);
        }
        assertThat(gate.check(new GateRequest("HEAD", "/upload", "https://x.test/upload", h -> null)))
                .isInstanceOfSatisfying(GateResult.Respond.class, r -> assertThat(r.status()).isEqualTo(402));
        assertThat(gate.check(new GateRequest("GET", "/uploads", "https://x.test/uploads", h -> null))).isInstanceOf(GateResult.Free.class);
    }
}
