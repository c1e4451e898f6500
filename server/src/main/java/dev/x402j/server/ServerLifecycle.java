package dev.x402j.server;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Once the server listens: runs the {@link Reconciler}'s start-up pass (a restarted instance finishes the settlements
 * it left) and schedules its periodic pass every {@code x402j.reconcile-interval}.
 */
@Singleton
final class ServerLifecycle implements ApplicationEventListener<ServerStartupEvent> {
    private final Reconciler reconciler;
    private final ServerSettings settings;
    private final TaskScheduler scheduler;

    ServerLifecycle(Reconciler reconciler, ServerSettings settings, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.reconciler = reconciler;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.schedule(Duration.ZERO, reconciler::startupPass);
        scheduler.scheduleWithFixedDelay(settings.reconcileInterval(), settings.reconcileInterval(), reconciler::periodicPass);
    }
}
