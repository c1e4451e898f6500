package dev.x402j.micronaut;

import dev.x402j.core.X402Exception;
import dev.x402j.core.gate.GateRequest;
import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.wire.X402Json;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges for paid routes around their controllers. Before the controller, {@link PaymentGate#check} answers a
 * request without a valid payment directly (402 with {@code PAYMENT-REQUIRED}, a paywall page for a browser; 400 for
 * a malformed payment; 502 when the facilitator cannot be reached) or admits it; after the controller,
 * {@link PaymentGate#complete} settles the payment of a successful response and adds {@code PAYMENT-RESPONSE} (v1:
 * {@code X-PAYMENT-RESPONSE}), or replaces the response with a 402 when settlement failed. A failed controller
 * (status 400 or more, or an exception) is never charged.
 *
 * <p>Free requests pass straight through; verification and settlement block on the facilitator, so they run on
 * {@link TaskExecutors#BLOCKING} (virtual threads on JDK 21+). Runs after security filters: an unauthorised request
 * is refused before it is asked to pay.
 *
 * <p>The gate's tracking record of a request ends with it: a 402/400/502 answered here is recorded when it is decided,
 * an admitted request when it is completed here (settled, refused, or not charged because the controller failed or
 * threw), and one whose response ended without completion (the client went away) by {@link PaymentRequestEnd}.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
@Requires(property = "x402j.gate.enabled", notEquals = StringUtils.FALSE)
final class PaymentFilter implements Ordered {
    private static final Logger log = LoggerFactory.getLogger(PaymentFilter.class);
    private static final CompletionStage<Optional<HttpResponse<?>>> PASS = CompletableFuture.completedFuture(Optional.empty());

    private final BeanProvider<PaidRoutes> routes;
    private final HttpHostResolver hosts;
    private final Executor blocking;

    PaymentFilter(BeanProvider<PaidRoutes> routes, HttpHostResolver hosts, @Named(TaskExecutors.BLOCKING) Executor blocking) {
        this.routes = routes;
        this.hosts = hosts;
        this.blocking = blocking;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    CompletionStage<Optional<HttpResponse<?>>> beforeHandler(HttpRequest<?> request) {
        if (request.getAttribute(PaymentAttributes.PAYMENT).isPresent()) {
            return PASS; // already admitted (filters run again while an error is rendered)
        }
        PaidRoutes paid = routes.get();
        Optional<PaidRoutes.Target> target = paid.target(request);
        if (target.isEmpty()) {
            return PASS;
        }
        PaymentGate gate = paid.gate().orElseThrow();
        PaidExchange<GateResult.Admitted> exchange = new PaidExchange<>();
        request.setAttribute(PaidExchange.ATTRIBUTE, exchange);
        return CompletableFuture.supplyAsync(() -> check(gate, request, target.get(), exchange), blocking);
    }

    private Optional<HttpResponse<?>> check(PaymentGate gate, HttpRequest<?> request, PaidRoutes.Target target,
            PaidExchange<GateResult.Admitted> exchange) {
        GateRequest gateRequest = new GateRequest(target.method(), target.path(), url(request), name -> request.getHeaders().get(name));
        GateResult result;
        try {
            result = gate.check(gateRequest);
        } catch (X402Exception e) {
            log.warn("x402j: could not verify a payment for {} {}: {}", target.method(), target.path(), e.getMessage());
            return Optional.of(unavailable());
        }
        return switch (result) {
            case GateResult.Free free -> Optional.empty();
            case GateResult.Respond respond -> Optional.of(response(respond));
            case GateResult.Admitted admitted -> {
                if (!exchange.admitted(admitted)) {
                    gate.finish(admitted); // the client went away while its payment was verified
                    yield Optional.empty();
                }
                request.setAttribute(PaymentAttributes.PAYMENT, admitted);
                if (admitted.settled() != null) {
                    request.setAttribute(PaymentAttributes.SETTLEMENT, admitted.settled());
                }
                log.debug("x402j: admitted a payment from {} for {} {}", admitted.payer(), target.method(), target.path());
                yield Optional.empty();
            }
        };
    }

    @ResponseFilter
    CompletionStage<Optional<HttpResponse<?>>> afterHandler(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<GateResult.Admitted> admitted = PaymentAttributes.payment(request);
        if (admitted.isEmpty() || !PaidExchange.of(request).map(PaidExchange::startCompleting).orElse(false)) {
            return PASS; // not paid, or completed already (filters run again while an error is rendered)
        }
        PaymentGate gate = routes.get().gate().orElseThrow();
        return CompletableFuture.supplyAsync(() -> complete(gate, request, admitted.get(), response), blocking);
    }

    private Optional<HttpResponse<?>> complete(PaymentGate gate, HttpRequest<?> request, GateResult.Admitted admitted,
            MutableHttpResponse<?> response) {
        PaymentGate.Completion completion;
        try {
            completion = gate.complete(admitted, response.code());
        } catch (X402Exception e) {
            log.warn("x402j: could not settle a payment from {}: {}", admitted.payer(), e.getMessage());
            return Optional.of(unavailable());
        }
        return switch (completion) {
            case PaymentGate.Completion.Deliver deliver -> {
                deliver.headers().forEach(response::header);
                if (deliver.settlement() != null) {
                    request.setAttribute(PaymentAttributes.SETTLEMENT, deliver.settlement());
                }
                yield Optional.empty();
            }
            case PaymentGate.Completion.Refuse refuse -> Optional.of(response(refuse.response()));
        };
    }

    private String url(HttpRequest<?> request) {
        URI uri = request.getUri();
        if (uri.isAbsolute()) {
            return uri.toString();
        }
        return hosts.resolve(request) + uri;
    }

    private static MutableHttpResponse<byte[]> response(GateResult.Respond respond) {
        MutableHttpResponse<byte[]> r = HttpResponse.<byte[]>status(HttpStatus.valueOf(respond.status()))
                .contentType(respond.contentType())
                .body(respond.body());
        respond.headers().forEach(r::header);
        return r;
    }

    private static MutableHttpResponse<byte[]> unavailable() {
        byte[] body = X402Json.write(X402Json.mapper().createObjectNode()
                .put("error", "facilitator_unavailable")
                .put("message", "the payment could not be processed; retry later"));
        return HttpResponse.<byte[]>status(HttpStatus.BAD_GATEWAY).contentType("application/json").body(body);
    }
}
