package dev.x402j.core.gate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Puts a request path (and a route's path) into the one form the gate compares, so that a paid route cannot be reached
 * for free under another spelling that a router or file system would treat as the same resource: every spelling a
 * router may map onto the same handler must map onto the same string here.
 *
 * <ul>
 *   <li>percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}, RFC 3986 §2.3) are decoded
 *       ({@code /%75pload} is {@code /upload}); other escapes are kept, with upper-case hex ({@code %2F} stays a
 *       character of a segment, never a separator);</li>
 *   <li>empty segments ({@code //upload}, {@code /upload/}) and {@code .} segments are dropped, and {@code ..} removes
 *       the segment before it (never above the root), after decoding ({@code /%2e%2e/} is {@code /../});</li>
 *   <li>a query or fragment, if one was passed, is cut off.</li>
 * </ul>
 *
 * The result starts with {@code /} and has no trailing {@code /} (except the root itself). Matching on this normal
 * form errs on the side of charging: a path it folds onto a paid one that the router would serve differently costs the
 * client a 402, never the merchant its content. Methods fold likewise: {@code HEAD} is charged as {@code GET} (see
 * {@link #method}), since a framework answers a HEAD with its GET handler. Stateless.
 */
final class RequestPaths {
    private RequestPaths() {}

    /** The normal form of {@code path}, as described above. */
    static String normalize(String path) {
        int cut = indexOfAny(path, '?', '#');
        String decoded = decodeUnreserved(cut < 0 ? path : path.substring(0, cut));
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/", -1)) {
            switch (segment) {
                case "", "." -> {}
                case ".." -> segments.pollLast();
                default -> segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** The method a request is charged as: {@code HEAD} as {@code GET}, every method in upper case. */
    static String method(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return m.equals("HEAD") ? "GET" : m;
    }

    private static String decodeUnreserved(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c != '%' || lo < 0) {
                out.append(c); // not an escape (a lone '%' is kept as it is)
                continue;
            }
            char decoded = (char) (hi * 16 + lo);
            if (unreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(s.charAt(i + 1))).append(Character.toUpperCase(s.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
