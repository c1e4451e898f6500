package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a request counts against: the peer by default, X-Forwarded-For only behind trusted proxies, IPv6 per /64. */
class ClientAddressTest {
    private static final InetAddress PEER = ClientAddress.literal("192.0.2.10").orElseThrow();
    private static final InetAddress PROXY = ClientAddress.literal("10.0.0.2").orElseThrow();

    @Test
    void withoutTrustedProxiesXForwardedForIsIgnored() {
        ClientAddress clients = new ClientAddress(0);
        assertThat(clients.of(PEER, List.of())).isEqualTo("192.0.2.10");
        assertThat(clients.of(PEER, List.of("203.0.113.7"))).isEqualTo("192.0.2.10");
        assertThat(clients.of(PEER, List.of("203.0.113.7, 198.51.100.1"))).isEqualTo("192.0.2.10");
        assertThat(clients.of(null, List.of("203.0.113.7"))).isEqualTo(ClientAddress.UNKNOWN);
    }

    @Test
    void behindOneProxyTheClientIsTheLastEntryWhatTheClientWroteBeforeItIsNotBelieved() {
        ClientAddress clients = new ClientAddress(1);
        assertThat(clients.of(PROXY, List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        // The client sent "X-Forwarded-For: 198.51.100.1" itself; the proxy appended the address it saw.
        assertThat(clients.of(PROXY, List.of("198.51.100.1, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // Several header lines are one list, in order.
        assertThat(clients.of(PROXY, List.of("198.51.100.1", "203.0.113.7"))).isEqualTo("203.0.113.7");
        // No header: the peer (the proxy itself).
        assertThat(clients.of(PROXY, List.of())).isEqualTo("10.0.0.2");
        assertThat(clients.of(PROXY, List.of(" , "))).isEqualTo("10.0.0.2");
    }

    @Test
    void behindTwoProxiesTheClientIsTheSecondEntryFromTheRight() {
        ClientAddress clients = new ClientAddress(2);
        assertThat(clients.of(PROXY, List.of("198.51.100.1, 203.0.113.7, 10.0.0.1"))).isEqualTo("203.0.113.7");
        // Fewer entries than proxies: the leftmost, which the outer proxy wrote.
        assertThat(clients.of(PROXY, List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void anEntryThatIsNotAnIpAddressFallsBackToThePeerAndIsNeverLookedUp() {
        ClientAddress clients = new ClientAddress(1);
        for (String entry : List.of("unknown", "_hidden", "example.com", "localhost", "300.1.2.3", "1.2.3", "abc:def:xyz",
                "[2001:db8::1", "1:2:3:4:5:6:7:8:9")) {
            assertThat(clients.of(PROXY, List.of(entry))).as(entry).isEqualTo("10.0.0.2");
        }
    }

    @Test
    void portsBracketsAndZonesAreStripped() {
        ClientAddress clients = new ClientAddress(1);
        assertThat(clients.of(PROXY, List.of("203.0.113.7:51234"))).isEqualTo("203.0.113.7");
        assertThat(clients.of(PROXY, List.of("[2001:db8:0:1::7]:443"))).isEqualTo("2001:db8:0:1::/64");
        assertThat(clients.of(PROXY, List.of("fe80::1%eth0"))).isEqualTo("fe80:0:0:0::/64");
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        ClientAddress clients = new ClientAddress(0);
        InetAddress one = ClientAddress.literal("2001:db8:0:1::1").orElseThrow();
        InetAddress other = ClientAddress.literal("2001:DB8:0:1:ffff:ffff:ffff:ffff").orElseThrow();
        InetAddress elsewhere = ClientAddress.literal("2001:db8:0:2::1").orElseThrow();
        assertThat(clients.of(one, List.of())).isEqualTo("2001:db8:0:1::/64");
        assertThat(clients.of(other, List.of())).isEqualTo("2001:db8:0:1::/64");
        assertThat(clients.of(elsewhere, List.of())).isEqualTo("2001:db8:0:2::/64");
        // An IPv4-mapped IPv6 address is the IPv4 client.
        assertThat(clients.of(ClientAddress.literal("::ffff:203.0.113.7").orElseThrow(), List.of()))
                .isEqualTo("203.0.113.7");
    }
}
