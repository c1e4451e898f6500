package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.server.HttpServerConfiguration;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dev mode never by accident: chosen by {@code X402J_MODE=auto} for want of a key, the real server listens on
 * 127.0.0.1 only (a connection to the machine's other address is refused), even when {@code micronaut.server.host}
 * asks for every interface; asked for with {@code X402J_MODE=dev}, it listens where Micronaut is told.
 */
class DevModeBindingIT {

    /** An IPv4 address of this machine that is not loopback. */
    private static InetAddress otherAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst()
                .orElseThrow(() -> new AssertionError("this test needs a non-loopback IPv4 address on the machine"));
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 3000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void devModeByDefaultListensOnLoopbackOnlyEvenWhenAskedForEveryInterface() throws Exception {
        InetAddress other = otherAddress();
        try (TestServer server = TestServer.start(Map.of(), Map.of("micronaut.server.host", "0.0.0.0"))) {
            assertThat(server.context.getBean(ServerSettings.class).devModeByDefault()).isTrue();
            assertThat(server.context.getBean(HttpServerConfiguration.class).getHost()).contains("127.0.0.1");
            int port = server.server.getPort();
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
            assertThat(connects(other, port)).as("dev mode by default on " + other).isFalse();
            assertThat(server.get("/health").json().path("mode").asText()).isEqualTo("dev");
        }
    }

    @Test
    void explicitDevModeListensWhereMicronautIsTold() throws Exception {
        InetAddress other = otherAddress();
        try (TestServer server = TestServer.start(Map.of("X402J_MODE", "dev"), Map.of())) {
            assertThat(server.context.getBean(ServerSettings.class).devModeByDefault()).isFalse();
            int port = server.server.getPort();
            assertThat(connects(other, port)).as("X402J_MODE=dev on " + other).isTrue();
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
        }
    }

    @Test
    void theBannerSaysLoopbackOnly() {
        try (TestServer server = TestServer.start(Map.of(), Map.of())) {
            var out = new java.io.ByteArrayOutputStream();
            server.context.getBean(DevBanner.class).print(new java.io.PrintStream(out, true), server.server.getPort());
            assertThat(out.toString()).contains("listening on 127.0.0.1 only: dev mode by default (no chain key);"
                    + " X402J_MODE=dev serves it on other interfaces");
        }
        try (TestServer server = TestServer.start(Map.of("X402J_MODE", "dev"), Map.of())) {
            var out = new java.io.ByteArrayOutputStream();
            server.context.getBean(DevBanner.class).print(new java.io.PrintStream(out, true), server.server.getPort());
            assertThat(out.toString()).doesNotContain("127.0.0.1 only");
        }
    }
}
