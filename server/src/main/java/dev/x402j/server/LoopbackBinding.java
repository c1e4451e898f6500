package dev.x402j.server;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode never by accident: when {@code X402J_MODE=auto} (the default) found no key and chose dev mode, the HTTP
 * server binds {@value #LOOPBACK} only, whatever {@code micronaut.server.host} says; serving dev mode on another
 * interface (a container, a demo on the LAN) takes {@code X402J_MODE=dev}. The host is set on the server's
 * configuration as it is created, before the server binds.
 */
@Singleton
final class LoopbackBinding implements BeanCreatedEventListener<HttpServerConfiguration> {
    private static final Logger log = LoggerFactory.getLogger(LoopbackBinding.class);
    static final String LOOPBACK = "127.0.0.1";

    private final BeanProvider<ServerSettings> settings;

    LoopbackBinding(BeanProvider<ServerSettings> settings) {
        this.settings = settings;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration configuration = event.getBean();
        boolean byDefault;
        try {
            byDefault = settings.get().devModeByDefault();
        } catch (RuntimeException badSettings) {
            return configuration; // start-up fails where the facilitator is built, with the settings' sentence
        }
        if (byDefault) {
            String asked = configuration.getHost().orElse(null);
            configuration.setHost(LOOPBACK);
            log.info("dev mode by default (no chain key, {}=auto): listening on {} only{}; set {}=dev to serve dev mode"
                            + " on other interfaces", GeneralSettings.variable(GeneralSettings.MODE), LOOPBACK,
                    asked == null || asked.equals(LOOPBACK) ? "" : " (not on micronaut.server.host " + asked + ")",
                    GeneralSettings.variable(GeneralSettings.MODE));
        }
        return configuration;
    }
}
