package dev.x402j.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a request counts against, for the rate limit: the address of the connection's peer by default; behind
 * {@code trustedProxies} reverse proxies, the entry of {@code X-Forwarded-For} that the outermost trusted proxy wrote.
 *
 * <p>Each proxy appends the address it received the request from, so with n trusted proxies the client is the n-th
 * entry from the right; entries further left were written by the client itself and are never believed. With fewer
 * entries than n the leftmost is used; with no header, or an entry that is not an IP address, the connection's peer.
 *
 * <p>An IPv4 client is its address; an IPv6 client is its /64 network ({@code 2001:db8:0:1::/64}), since one host
 * usually holds a whole /64. No name is ever looked up (no DNS). Immutable.
 */
final class ClientAddress {
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String UNKNOWN = "unknown";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final int trustedProxies;

    ClientAddress(int trustedProxies) {
        if (trustedProxies < 0) {
            throw new IllegalArgumentException("trustedProxies must not be negative, got " + trustedProxies);
        }
        this.trustedProxies = trustedProxies;
    }

    int trustedProxies() {
        return trustedProxies;
    }

    /**
     * The client a request counts against.
     *
     * @param remote the connection's peer (may be null)
     * @param forwardedFor every value of {@code X-Forwarded-For}, in the order received (ignored without trusted proxies)
     */
    String of(InetAddress remote, List<String> forwardedFor) {
        if (trustedProxies > 0 && forwardedFor != null) {
            List<String> hops = new ArrayList<>();
            for (String value : forwardedFor) {
                for (String entry : value.split(",")) {
                    if (!entry.isBlank()) {
                        hops.add(entry.strip());
                    }
                }
            }
            if (!hops.isEmpty()) {
                String entry = hops.get(Math.max(0, hops.size() - trustedProxies));
                Optional<InetAddress> forwarded = literal(entry);
                if (forwarded.isPresent()) {
                    return key(forwarded.get());
                }
            }
        }
        return remote == null ? UNKNOWN : key(remote);
    }

    /** An IPv4 address as such, an IPv6 address as its /64 network. */
    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /**
     * An IP address written as a literal, as proxies write them in {@code X-Forwarded-For}: {@code 203.0.113.7},
     * {@code 203.0.113.7:51234}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}; anything else (a name, {@code unknown},
     * an obfuscated identifier) is empty. Never a DNS lookup.
     */
    static Optional<InetAddress> literal(String text) {
        String t = text.strip();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            t = t.substring(1, end);
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            t = t.substring(0, t.indexOf(':')); // IPv4 with a port
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        var v4 = IPV4.matcher(t);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(byAddress(bytes));
        }
        if (t.indexOf(':') < 0 || t.length() > 45 || !IPV6_CHARS.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            // A text with ':' is parsed as an IPv6 literal or refused; it never reaches the resolver.
            InetAddress address = InetAddress.getByName(t);
            return address instanceof Inet6Address || address instanceof Inet4Address
                    ? Optional.of(address) : Optional.empty();
        } catch (UnknownHostException | IllegalArgumentException notLiteral) {
            return Optional.empty();
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String toString() {
        return trustedProxies == 0 ? "remote address (X-Forwarded-For ignored)"
                : "X-Forwarded-For entry " + trustedProxies + " from the right (behind " + trustedProxies
                        + " trusted prox" + (trustedProxies == 1 ? "y" : "ies") + ")";
    }
}
