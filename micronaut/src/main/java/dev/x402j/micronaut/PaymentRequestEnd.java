package dev.x402j.micronaut;

import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.PaymentGate;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.event.HttpRequestTerminatedEvent;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the end of every request (its response written, failed, or its client gone — Micronaut's
 * {@link HttpRequestTerminatedEvent}): a paid request admitted but never completed by the {@link PaymentFilter} is
 * {@linkplain PaymentGate#finish finished}: its payment released unsettled and its tracking record ended. Completed
 * requests need nothing here; their record ended when they were settled (or not).
 */
@Singleton
@Requires(property = "x402j.gate.enabled", notEquals = StringUtils.FALSE)
final class PaymentRequestEnd implements ApplicationEventListener<HttpRequestTerminatedEvent> {
    private static final Logger log = LoggerFactory.getLogger(PaymentRequestEnd.class);

    private final BeanProvider<PaidRoutes> routes;
    private final Executor blocking;

    PaymentRequestEnd(BeanProvider<PaidRoutes> routes, @Named(TaskExecutors.BLOCKING) Executor blocking) {
        this.routes = routes;
        this.blocking = blocking;
    }

    @Override
    public void onApplicationEvent(HttpRequestTerminatedEvent event) {
        if (!(event.getSource() instanceof HttpRequest<?> request)) {
            return;
        }
        Optional<GateResult.Admitted> unfinished = PaidExchange.of(request).flatMap(PaidExchange::ended);
        if (unfinished.isEmpty()) {
            return;
        }
        PaymentGate gate = routes.get().gate().orElseThrow();
        Runnable finish = () -> {
            log.debug("x402j: the response for a payment from {} ended before it was completed; released unsettled",
                    unfinished.get().payer());
            gate.finish(unfinished.get());
        };
        try {
            blocking.execute(finish); // off the event loop: a synchronous tracking store may block
        } catch (RejectedExecutionException shuttingDown) {
            finish.run();
        }
    }
}
