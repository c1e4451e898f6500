package dev.x402j.server;

import dev.x402j.core.Network;
import dev.x402j.core.family.DevChain;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's local chains, one per family (in family order), started with the application and stopped with it. The
 * first one is the demo's: the sample payment without a network and the demo paid route are on it.
 */
@Singleton
@Requires(condition = DevModeCondition.class)
public final class DevChains implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevChains.class);

    private final List<DevChain> chains;

    DevChains(ServerSettings settings) {
        List<DevChain> started = new ArrayList<>();
        try {
            for (DevChain.Launcher launcher : settings.devChains()) {
                started.add(launcher.start());
            }
        } catch (NoClassDefFoundError missing) {
            started.forEach(DevChain::close);
            throw new SettingsException("dev mode needs the x402j testkit on the class path (it starts the local"
                    + " chains); run it with ./mvnw -pl server -am -Prun verify -DskipTests, or set a private key for"
                    + " live mode.");
        } catch (RuntimeException e) {
            started.forEach(DevChain::close);
            throw e;
        }
        if (started.isEmpty()) {
            throw new SettingsException("dev mode found no chain family with a local chain on the class path.");
        }
        this.chains = List.copyOf(started);
    }

    /** Every local chain, in family order. */
    public List<DevChain> all() {
        return chains;
    }

    /** The demo's chain: the first. */
    public DevChain primary() {
        return chains.get(0);
    }

    /** The local chain of this type (tests reach a family's own accounts and token this way). */
    public <C extends DevChain> C get(Class<C> type) {
        return chains.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " in dev mode"));
    }

    /** The chain whose network has this name (case-insensitive) or CAIP-2 id. */
    public Optional<DevChain> named(String nameOrCaip2) {
        String s = nameOrCaip2.strip();
        return chains.stream().filter(c -> {
            Network n = c.network();
            return s.toLowerCase(Locale.ROOT).equals(n.name()) || s.equals(n.chainId().toString());
        }).findFirst();
    }

    @PreDestroy
    @Override
    public void close() {
        for (DevChain chain : chains) {
            try {
                chain.close();
            } catch (RuntimeException e) {
                log.warn("dev mode: stopping {} failed: {}", chain.network().name(), e.toString());
            }
        }
    }
}
