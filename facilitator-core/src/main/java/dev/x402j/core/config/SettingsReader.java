package dev.x402j.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@link Setting}s from a {@link SettingSource} with one precedence, the same for every setting: the environment
 * variable, then the configuration-file key, then its older aliases, then the default. Problems are collected rather
 * than thrown, so that start-up can name every bad setting in one sentence ({@link #problems()}).
 *
 * <p>No message quotes a secret setting's text, nor any URL (providers put API keys in them): those are named by the
 * setting and, in a list, by position. Not thread-safe: one reader resolves one configuration, once.
 */
public final class SettingsReader {

    private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final SettingSource source;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(SettingSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public SettingSource source() {
        return source;
    }

    /** The setting's value by the precedence above; empty when it is not set anywhere. */
    public Optional<SettingValue> value(Setting setting) {
        if (setting.perNetwork()) {
            throw new IllegalArgumentException(setting.key() + " is per network: use entries() and envFor()");
        }
        if (setting.env().isPresent()) {
            Optional<String> fromEnv = source.env(setting.env().get());
            if (fromEnv.isPresent()) {
                return Optional.of(new SettingValue(setting.env().get(), fromEnv.get()));
            }
        }
        return fromFile(setting, false);
    }

    /**
     * A list setting's value by the same precedence, where a configuration key set to an empty list counts as set
     * (and names no item), rather than as unset.
     */
    public Optional<SettingValue> listValue(Setting setting) {
        if (setting.env().isPresent()) {
            Optional<String> fromEnv = source.env(setting.env().get());
            if (fromEnv.isPresent()) {
                return Optional.of(new SettingValue(setting.env().get(), fromEnv.get()));
            }
        }
        return fromFile(setting, true);
    }

    /** The setting's value from the configuration file alone (its key, then its aliases); blank is unset. */
    public Optional<SettingValue> fromFile(Setting setting) {
        return fromFile(setting, false);
    }

    private Optional<SettingValue> fromFile(Setting setting, boolean emptyIsSet) {
        for (String key : keys(setting)) {
            Optional<String> v = source.file(key);
            if (v.isPresent() && (emptyIsSet || !v.get().isBlank())) {
                return Optional.of(new SettingValue(key, v.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether the environment variable of a (non per-network) setting is set. */
    public boolean inEnvironment(Setting setting) {
        return setting.env().flatMap(source::env).isPresent();
    }

    /**
     * The configuration-file entries of a per-network setting (its key's and its aliases'), sub-key as written to
     * value; the first key that has an entry for a sub-key wins.
     */
    public Map<String, SettingValue> fileEntries(Setting setting) {
        Map<String, SettingValue> out = new LinkedHashMap<>();
        for (String key : keys(setting)) {
            source.fileMap(key).forEach((sub, text) -> {
                if (text != null && !text.isBlank()) {
                    out.putIfAbsent(sub, new SettingValue(key + "." + sub, text.strip()));
                }
            });
        }
        return out;
    }

    /** The environment variable of one network of a per-network setting, when set. */
    public Optional<SettingValue> envFor(Setting setting, String networkName) {
        String name = setting.envFor(networkName);
        return source.env(name).map(text -> new SettingValue(name, text));
    }

    /** Notes a problem: a phrase naming the setting, without a final period. */
    public void problem(String phrase) {
        problems.add(phrase);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The number of problems so far, to tell whether a step added any. */
    public int problemCount() {
        return problems.size();
    }

    /** Every problem in one sentence. */
    public String sentence() {
        if (problems.size() == 1) {
            return problems.get(0) + ".";
        }
        return problems.size() + " settings are wrong: " + String.join("; ", problems) + ".";
    }

    // ------------------------------------------------------------------------------------------------ parsers

    /** A positive duration ({@code 30s}, {@code 500ms}, {@code 2m}, ISO {@code PT30S}), else {@code fallback}. */
    public Duration positiveDuration(Setting setting, Duration fallback) {
        Optional<SettingValue> value = value(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        Optional<Duration> parsed = parseDuration(value.get().text());
        if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
            problem(value.get().origin() + " must be a positive duration such as 30s, 500ms or 2m, not '"
                    + value.get().text() + "'");
            return fallback;
        }
        return parsed.get();
    }

    /** An API key: letters, digits, {@code -} and {@code _}; never quoted. */
    public Optional<SettingValue> apiKey(Setting setting) {
        Optional<SettingValue> value = value(setting);
        if (value.isPresent() && !API_KEY.matcher(value.get().text()).matches()) {
            problem(value.get().origin() + " is not a valid API key (expected only letters, digits, '-' and '_')");
            return Optional.empty();
        }
        return value;
    }

    /**
     * One or more http(s) URLs, comma separated, each once: endpoints in order of preference. No URL is quoted (they
     * may hold API keys): a bad one is named by its position.
     */
    public Optional<List<URI>> httpUrls(SettingValue value) {
        List<String> texts = commaSeparated(value.text());
        if (texts.isEmpty()) {
            problem(value.origin() + " holds no URL (expected http(s) URLs, comma separated)");
            return Optional.empty();
        }
        List<URI> urls = new ArrayList<>();
        Map<URI, Integer> positionOf = new LinkedHashMap<>();
        boolean ok = true;
        for (int i = 0; i < texts.size(); i++) {
            String which = texts.size() == 1 ? value.origin() : value.origin() + " URL " + (i + 1) + " of " + texts.size();
            Optional<URI> url = httpUrl(texts.get(i));
            if (url.isEmpty()) {
                problem(which + " is not a valid http(s) URL with a host");
                ok = false;
                continue;
            }
            Integer first = positionOf.putIfAbsent(url.get(), i + 1);
            if (first != null) {
                problem(value.origin() + " lists the same URL twice (URLs " + first + " and " + (i + 1) + ")");
                ok = false;
                continue;
            }
            urls.add(url.get());
        }
        return ok ? Optional.of(List.copyOf(urls)) : Optional.empty();
    }

    /**
     * One or more secret keys, comma separated, parsed by {@code parse} (which throws on a bad key) and told apart by
     * {@code identity} (an address): the keys in their configured order. No key's text, nor a fragment of it, ever
     * goes into a message: keys are named by position.
     *
     * @param invalid what a bad key is not, e.g. {@code "a valid EVM private key (expected 64 hex digits)"}
     * @param parse   a key's text to the key; an exception's message is not used
     */
    public <K> List<K> keys(SettingValue value, String expected, Function<String, Optional<String>> problemOf,
            Function<String, K> parse, Function<K, String> identity) {
        List<String> texts = commaSeparated(value.text());
        if (texts.isEmpty()) {
            problem(value.origin() + " holds no key (expected " + expected + ")");
            return List.of();
        }
        List<K> keys = new ArrayList<>();
        Map<String, Integer> positionOf = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String which = texts.size() == 1 ? value.origin() : value.origin() + " key " + (i + 1) + " of " + texts.size();
            Optional<String> bad = problemOf.apply(texts.get(i));
            if (bad.isPresent()) {
                problem(which + " is not " + bad.get());
                continue;
            }
            K key = parse.apply(texts.get(i));
            Integer first = positionOf.putIfAbsent(identity.apply(key), i + 1);
            if (first != null) {
                problem(value.origin() + " lists the same key twice (keys " + first + " and " + (i + 1) + ")");
                continue;
            }
            keys.add(key);
        }
        return keys;
    }

    /** The non-blank comma-separated parts of a text, stripped. */
    public static List<String> commaSeparated(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Reads a duration as {@code <n>ms|s|m|h|d} ({@code 30s}, {@code 2m}) or ISO-8601 ({@code PT30S}).
     *
     * @return empty if the text is neither
     */
    public static Optional<Duration> parseDuration(String text) {
        String t = text.strip();
        var m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isBlank()) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException malformed) {
            // reported by the caller
        }
        return Optional.empty();
    }

    private static List<String> keys(Setting setting) {
        List<String> keys = new ArrayList<>();
        keys.add(setting.key());
        keys.addAll(setting.aliases());
        return keys;
    }
}
