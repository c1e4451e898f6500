package dev.x402j.server;

import dev.x402j.core.Facilitator;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the server listens: schedules {@link Facilitator#reconcile()} (settlements a timeout or a crash left unfinished
 * are completed from the chain) every {@code x402j.reconcile-interval}.
 */
@Singleton
final class ServerLifecycle implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger log = LoggerFactory.getLogger(ServerLifecycle.class);

    private final Facilitator facilitator;
    private final ServerSettings settings;
    private final TaskScheduler scheduler;

    ServerLifecycle(Facilitator facilitator, ServerSettings settings, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.facilitator = facilitator;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.scheduleWithFixedDelay(settings.reconcileInterval(), settings.reconcileInterval(), this::reconcile);
    }

    private void reconcile() {
        try {
            Facilitator.ReconcileReport report = facilitator.reconcile();
            if (report.confirmed() + report.failed() + report.released() > 0 || report.stillPending() > 0) {
                log.info("reconciled settlements: {}", report);
            }
        } catch (RuntimeException e) {
            log.warn("reconciling settlements failed: {}", e.toString());
        }
    }
}
