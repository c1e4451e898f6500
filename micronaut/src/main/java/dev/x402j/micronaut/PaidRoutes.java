package dev.x402j.micronaut;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.gate.TrackingFailure;
import dev.x402j.core.gate.TrackingOptions;
import dev.x402j.core.wire.X402Json;
import io.micronaut.context.BeanContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's paid routes — controller methods annotated {@link Paid}, the entries of {@code x402j.paid-routes}
 * and any {@link PaidRoute} beans — gathered once into one {@link PaymentGate}, and which of them a request falls
 * under.
 *
 * <p>An annotated method is known to the gate by its HTTP method and URI template ({@code GET /items/{id}}), so that
 * Micronaut's own routing decides which requests it serves; a configured route (or bean) matches the request path
 * (exact, or ending in {@code /*}) in the gate's normal form — {@code /upload/}, {@code //upload}, {@code /./upload},
 * {@code /%75pload} and {@code HEAD /upload} are all {@code GET /upload} — so that what Micronaut serves under another
 * spelling is charged the same. Built at start-up: any bad offer stops it with one message naming every problem. Immutable.
 *
 * <p>When the application has a {@link TrackingStore} bean (and {@code x402j.gate.tracking.enabled} is not false), the
 * gate records every paid request into it, written as {@code x402j.gate.tracking.*} says; a
 * {@link TrackingFailure.Handler} bean, if any, receives tracking failures (else they are logged, rate-limited).
 * Closing the application closes the gate, which flushes pending records.
 */
@Singleton
final class PaidRoutes {
    private static final Logger log = LoggerFactory.getLogger(PaidRoutes.class);

    static final String PAID_ROUTES_PROPERTY = "x402j.paid-routes";

    private final PaymentGate gate;
    /** Annotated routes (by identity) and the template path the gate knows them by. */
    private final Map<RouteInfo<?>, String> annotated;
    /** The routes that came from configuration (by identity): matched by the request's path. */
    private final Set<PaidRoute> configured;

    PaidRoutes(Router router, Environment environment, X402jGateProperties properties, BeanContext beans) {
        List<String> problems = new ArrayList<>();
        Defaults defaults = new Defaults(properties.getNetwork(), properties.getPayTo());
        Map<RouteInfo<?>, String> byRoute = new IdentityHashMap<>();
        Map<String, PaidRoute> byKey = new LinkedHashMap<>();
        // The router may list a route more than once; Micronaut also adds a HEAD route for every GET route, which
        // carries the same annotations and is paid the same way.
        router.uriRoutes().forEach(info -> annotatedRoute(info, defaults, problems).ifPresent(route -> {
            byRoute.put(info, route.pathPattern());
            byKey.putIfAbsent(route.method() + " " + route.pathPattern(), route);
        }));
        List<PaidRoute> routes = new ArrayList<>(byKey.values());
        Set<PaidRoute> fromConfig = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PaidRoute> configuredRoutes = new ArrayList<>(ConfiguredRoutes.parse(
                environment.getProperty(PAID_ROUTES_PROPERTY, Argument.listOf(Object.class)).orElse(List.of()), defaults, problems));
        // Routes the application builds in code (a @Singleton PaidRoute), e.g. when an offer depends on another bean.
        configuredRoutes.addAll(beans.getBeansOfType(PaidRoute.class));
        for (PaidRoute route : configuredRoutes) {
            fromConfig.add(route);
            routes.add(route);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("x402j cannot set up paid routes: " + String.join("; ", problems.stream().distinct().toList()));
        }
        this.annotated = Collections.unmodifiableMap(byRoute);
        this.configured = Collections.unmodifiableSet(fromConfig);
        if (routes.isEmpty()) {
            log.info("x402j: no paid routes (no @Paid method and no {}); every route is free", PAID_ROUTES_PROPERTY);
            this.gate = null;
            return;
        }
        this.gate = buildGate(routes, properties, beans);
        log.info("x402j: {} paid route(s): {}", routes.size(),
                routes.stream().map(r -> r.method() + " " + r.pathPattern()).toList());
    }

    private static PaymentGate buildGate(List<PaidRoute> routes, X402jGateProperties properties, BeanContext beans) {
        FacilitatorClient facilitator = beans.findBean(FacilitatorClient.class).orElseThrow(() -> new ConfigurationException(
                "x402j has paid routes but no facilitator: set x402j.facilitator.url, or provide a FacilitatorClient bean "
                        + "(e.g. an InProcessFacilitatorClient)"));
        PaymentGate.Builder builder = PaymentGate.builder(facilitator)
                .networks(beans.findBean(NetworkRegistry.class).orElseGet(NetworkRegistry::defaults))
                .settleBeforeHandler(properties.isSettleBeforeHandler());
        beans.findBean(Clock.class).ifPresent(builder::clock);
        Duration ttl = properties.getAcceptsTtl();
        if (ttl != null) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new ConfigurationException("x402j.gate.accepts-ttl must be a positive duration, got " + ttl);
            }
            builder.useAccepts(ttl);
        }
        properties.getPaymentHeaderAliases().forEach(builder::paymentHeaderAlias);
        X402jGateProperties.Tracking tracking = properties.getTracking();
        if (tracking.isEnabled()) {
            beans.findBean(TrackingStore.class).ifPresent(store -> builder.tracking(store, trackingOptions(tracking, beans)));
        }
        routes.forEach(builder::route);
        try {
            return builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConfigurationException("x402j: " + e.getMessage(), e);
        }
    }

    private static TrackingOptions trackingOptions(X402jGateProperties.Tracking tracking, BeanContext beans) {
        TrackingOptions.Builder options = TrackingOptions.custom()
                .synchronous(tracking.isSynchronous())
                .queueCapacity(tracking.getQueueCapacity())
                .writers(tracking.getWriters())
                .closeTimeout(tracking.getCloseTimeout() == null ? TrackingOptions.DEFAULT_CLOSE_TIMEOUT : tracking.getCloseTimeout());
        beans.findBean(TrackingFailure.Handler.class).ifPresent(options::onFailure);
        try {
            return options.build();
        } catch (IllegalArgumentException e) {
            // The option names match the keys: queueCapacity is queue-capacity, closeTimeout close-timeout.
            throw new ConfigurationException("x402j.gate.tracking: " + e.getMessage()
                    .replace("queueCapacity", "queue-capacity").replace("closeTimeout", "close-timeout"));
        }
    }

    /** Flushes the gate's pending tracking records (bounded by {@code x402j.gate.tracking.close-timeout}). */
    @PreDestroy
    void close() {
        if (gate != null) {
            gate.close();
        }
    }

    /** The gate, when there is at least one paid route. */
    Optional<PaymentGate> gate() {
        return Optional.ofNullable(gate);
    }

    /**
     * The method and path to present to the gate for this request, or empty when the request is free: the annotated
     * route it was routed to (by its URI template), else a configured route its path falls under.
     */
    Optional<Target> target(HttpRequest<?> request) {
        if (gate == null) {
            return Optional.empty();
        }
        RouteInfo<?> info = RouteAttributes.getRouteMatch(request).map(RouteMatch::getRouteInfo).orElse(null);
        if (info != null) {
            String template = annotated.get(info);
            if (template != null) {
                return Optional.of(new Target(((UriRouteInfo<?, ?>) info).getHttpMethodName(), template));
            }
        }
        String method = request.getMethodName();
        String path = request.getPath();
        return gate.route(method, path).filter(configured::contains).map(r -> new Target(method, path));
    }

    record Target(String method, String path) {}

    private static Optional<PaidRoute> annotatedRoute(UriRouteInfo<?, ?> info, Defaults defaults, List<String> problems) {
        List<AnnotationValue<Paid>> paid = info.getAnnotationMetadata().getAnnotationValuesByType(Paid.class);
        if (paid.isEmpty()) {
            return Optional.empty();
        }
        String where = "@Paid on " + describe(info);
        List<Offer> offers = new ArrayList<>();
        String description = null;
        String mimeType = null;
        for (int i = 0; i < paid.size(); i++) {
            AnnotationValue<Paid> a = paid.get(i);
            String at = paid.size() == 1 ? where : where + " (offer " + (i + 1) + ")";
            try {
                String price = text(a, "price").or(() -> text(a, "value")).orElse(null);
                if (text(a, "price").isPresent() && text(a, "value").isPresent()) {
                    throw new IllegalArgumentException("give the price once, as value or as price");
                }
                Map<String, Object> extra = new LinkedHashMap<>();
                for (String entry : a.stringValues("extra")) {
                    int eq = entry.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("extra entry '" + entry + "' is not key=value");
                    }
                    extra.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
                }
                offers.add(offer(
                        text(a, "scheme").orElse("exact"),
                        text(a, "network").orElse(defaults.network()),
                        price,
                        text(a, "amount").orElse(null),
                        text(a, "asset").orElse(null),
                        text(a, "payTo").orElse(defaults.payTo()),
                        a.intValue("maxTimeoutSeconds").orElse(60),
                        extra));
                if (description == null) {
                    description = text(a, "description").orElse(null);
                }
                if (mimeType == null) {
                    mimeType = text(a, "mimeType").orElse(null);
                }
            } catch (IllegalArgumentException | NullPointerException | ConfigurationException e) {
                // ConfigurationException: Micronaut could not resolve a ${placeholder} in the annotation.
                problems.add(at + ": " + e.getMessage());
            }
        }
        if (offers.size() != paid.size()) {
            return Optional.empty();
        }
        String path = info.getUriMatchTemplate().toPathString();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        return Optional.of(new PaidRoute(info.getHttpMethodName(), path, offers, description, mimeType));
    }

    /**
     * One offer, checked: a price or an atomic amount with an asset (not both), a network and a recipient, a positive
     * timeout. Whether the network and price resolve is checked by the gate's builder.
     */
    static Offer offer(String scheme, String network, String price, String amount, String asset, String payTo,
            int maxTimeoutSeconds, Map<String, Object> extra) {
        if (price == null && amount == null) {
            throw new IllegalArgumentException("give a price (e.g. $0.01) or an amount and an asset");
        }
        if (price != null && amount != null) {
            throw new IllegalArgumentException("give a price or an amount, not both");
        }
        if (amount != null && asset == null) {
            throw new IllegalArgumentException("an amount (" + amount + ") needs an asset");
        }
        if (price != null && asset != null) {
            throw new IllegalArgumentException("a dollar price is paid in the network's USDC; for asset " + asset
                    + " give an amount in its atomic units instead");
        }
        if (network == null) {
            throw new IllegalArgumentException("no network (set it on the offer, or x402j.gate.network)");
        }
        if (payTo == null) {
            throw new IllegalArgumentException("no payTo (set it on the offer, or x402j.gate.pay-to)");
        }
        if (maxTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("maxTimeoutSeconds must be positive, got " + maxTimeoutSeconds);
        }
        BigInteger atomic = null;
        if (amount != null) {
            try {
                atomic = new BigInteger(amount.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("amount '" + amount + "' is not a whole number of atomic units");
            }
        }
        ObjectNode extraNode = extra.isEmpty() ? null : X402Json.mapper().valueToTree(extra);
        return new Offer(scheme, network, price, atomic, asset, payTo, Duration.ofSeconds(maxTimeoutSeconds), extraNode);
    }

    /** A member's text; Micronaut has resolved its {@code ${placeholders}} (or thrown ConfigurationException). */
    private static Optional<String> text(AnnotationValue<Paid> a, String member) {
        return a.stringValue(member).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String describe(UriRouteInfo<?, ?> info) {
        String name = info instanceof MethodBasedRouteInfo<?, ?> m
                ? info.getDeclaringType().getSimpleName() + "." + m.getTargetMethod().getMethodName() + "()"
                : info.getDeclaringType().getSimpleName();
        return name + " (" + info.getHttpMethodName() + " " + info.getUriMatchTemplate().toPathString() + ")";
    }

    /** {@code x402j.gate.network} and {@code x402j.gate.pay-to}: what an offer that names none uses. */
    record Defaults(String network, String payTo) {
        Defaults {
            network = network == null || network.isBlank() ? null : network.strip();
            payTo = payTo == null || payTo.isBlank() ? null : payTo.strip();
        }
    }

    static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
