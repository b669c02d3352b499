package io.achat.server.shutdown;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Makes the process exit with the graceful shutdown's status. After SIGTERM the JVM would exit
 * with 143 whatever happened; a shutdown hook may not call {@code System.exit}, so once every
 * context is closed we halt with 0 (all delivered) or {@value ShutdownReport#EXIT_DRAIN_INCOMPLETE}.
 * Only for the real process: tests never install it.
 */
public final class ExitStatus {

    private ExitStatus() {
    }

    /**
     * Call before {@code run}: Spring Boot runs its shutdown handlers in reverse order of
     * registration, so this one, registered first, runs last, after the logging system's.
     */
    public static void install(SpringApplication application) {
        AtomicReference<ShutdownCoordinator> coordinator = new AtomicReference<>();
        application.addListeners(new ReadyListener(coordinator));
        SpringApplication.getShutdownHandlers().add(() -> {
            ShutdownCoordinator current = coordinator.get();
            if (current != null) {
                current.report().ifPresent(report -> Runtime.getRuntime().halt(report.exitStatus()));
            }
        });
    }

    /**
     * A class rather than a lambda: Spring cannot read a lambda's event type, so it would hand a
     * lambda listener every event, TCP connection events included, and catch the
     * {@code ClassCastException}, stack trace and all, twice per connection.
     */
    private record ReadyListener(AtomicReference<ShutdownCoordinator> coordinator)
            implements ApplicationListener<ApplicationReadyEvent> {

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            this.coordinator.set(event.getApplicationContext().getBean(ShutdownCoordinator.class));
        }

    }

}
