package dev.x402j.core.family;

import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings every family resolves the same way, written once: which networks are served (a list setting, by name or
 * CAIP-2 id) and each one's RPC endpoints (explicit URLs per network, else the first provider that serves it, else
 * none — a problem). Messages name the setting and, for a missing URL, how to provide one.
 *
 * @param displayName     the family in messages, e.g. {@code EVM}
 * @param networksSetting the list of networks served
 * @param defaultNetworks served when the list is not set
 * @param rpcUrlsSetting  the per-network explicit RPC URLs
 * @param providers       where a URL comes from when none is explicit, in order; the last is usually the public one
 * @param providerHint    what to set to get a provider URL for a network, e.g. {@code ALCHEMY_API_KEY /
 *                        INFURA_API_KEY}, when a key-based provider serves it; empty when none does
 * @param member          whether a network belongs to the family
 * @param custom          a network the catalogue lacks that the family serves anyway (an EVM chain id), by name
 */
public record NetworkSettings(
        String displayName,
        Setting networksSetting,
        List<String> defaultNetworks,
        Setting rpcUrlsSetting,
        List<RpcProvider> providers,
        Function<String, Optional<String>> providerHint,
        java.util.function.Predicate<Network> member,
        Function<String, Optional<Network>> custom) {

    /** A provider of RPC URLs: its name, and its URL for a network name when it serves it. */
    public record RpcProvider(RpcSource source, Function<String, Optional<URI>> url) {}

    /** The served networks with their endpoints, in order, each once; problems go to {@code settings}. */
    public List<ServedNetwork> resolve(SettingsReader settings, NetworkRegistry registry) {
        Map<String, SettingValue> fileUrls = byNetwork(settings, registry, rpcUrlsSetting);
        List<ServedNetwork> out = new ArrayList<>();
        for (Network network : served(settings, registry)) {
            String name = network.name();
            Optional<SettingValue> explicit = settings.envFor(rpcUrlsSetting, name)
                    .or(() -> Optional.ofNullable(fileUrls.get(name)));
            if (explicit.isPresent()) {
                settings.httpUrls(explicit.get())
                        .ifPresent(urls -> out.add(new ServedNetwork(network, urls, RpcSource.EXPLICIT)));
                continue;
            }
            Optional<ServedNetwork> provided = providers.stream()
                    .flatMap(p -> p.url().apply(name).map(url -> new ServedNetwork(network, List.of(url), p.source())).stream())
                    .findFirst();
            if (provided.isPresent()) {
                out.add(provided.get());
                continue;
            }
            settings.problem(displayName + " network '" + name + "' has no RPC URL (set " + rpcUrlsSetting.envFor(name)
                    + " or " + rpcUrlsSetting.key() + "." + name
                    + providerHint.apply(name).map(hint -> ", or " + hint).orElse("") + ")");
        }
        return out;
    }

    /** The served networks, in order, without duplicates; unknown names and other families' networks are problems. */
    public List<Network> served(SettingsReader settings, NetworkRegistry registry) {
        Optional<SettingValue> value = settings.listValue(networksSetting);
        String origin = value.map(SettingValue::origin).orElse("the default networks");
        List<String> names = value.map(v -> SettingsReader.commaSeparated(v.text())).orElse(defaultNetworks);
        if (names.isEmpty()) {
            settings.problem(origin + " names no network (for example " + String.join(",", defaultNetworks) + ")");
            return List.of();
        }
        Map<String, Network> served = new LinkedHashMap<>();
        for (String name : names) {
            Optional<Network> network = registry.resolve(name).or(() -> custom.apply(name));
            if (network.isEmpty()) {
                settings.problem(origin + " names an unknown network '" + name + "' (known " + displayName
                        + " networks: " + known(registry) + ")");
            } else if (!member.test(network.get())) {
                settings.problem(origin + " names '" + name + "', which is not " + article(displayName) + " network");
            } else {
                served.putIfAbsent(network.get().chainId().toString(), network.get());
            }
        }
        return List.copyOf(served.values());
    }

    /**
     * A per-network setting's configuration-file entries keyed by canonical network name; a sub-key naming no known
     * network of the family is a problem.
     */
    public Map<String, SettingValue> byNetwork(SettingsReader settings, NetworkRegistry registry, Setting perNetwork) {
        Map<String, SettingValue> out = new LinkedHashMap<>();
        settings.fileEntries(perNetwork).forEach((key, value) -> {
            String normalised = key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            Optional<Network> network = registry.resolve(normalised).or(() -> custom.apply(normalised));
            String mapKey = value.origin().substring(0, value.origin().length() - key.length() - 1);
            if (network.isEmpty()) {
                settings.problem(mapKey + " names an unknown network '" + key + "' (known " + displayName
                        + " networks: " + known(registry) + ")");
            } else {
                out.put(network.get().name(), value);
            }
        });
        return out;
    }

    private String known(NetworkRegistry registry) {
        return registry.all().stream().filter(member).map(Network::name).collect(Collectors.joining(", "));
    }

    private static String article(String name) {
        return "AEIOU".indexOf(Character.toUpperCase(name.charAt(0))) >= 0 ? "an " + name : "a " + name;
    }
}
