package io.achat.server.shutdown;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {

    /**
     * A listener whose event type Spring cannot resolve (a lambda) is called with every event and
     * fails with a caught ClassCastException: twice per connection for the TCP events. The
     * application here is never run, so the shutdown handler that install adds stays a no-op.
     */
    @Test
    void listensToTheReadyEventOnlyNotToEveryConnectionEvent() {
        SpringApplication application = new SpringApplication();
        Set<ApplicationListener<?>> before = new HashSet<>(application.getListeners());
        ExitStatus.install(application);
        Set<ApplicationListener<?>> added = new HashSet<>(application.getListeners());
        added.removeAll(before);

        assertThat(added).hasSize(1).allSatisfy((listener) -> {
            GenericApplicationListenerAdapter adapter = new GenericApplicationListenerAdapter(listener);
            assertThat(adapter.supportsEventType(ResolvableType.forClass(ApplicationReadyEvent.class))).isTrue();
            assertThat(adapter.supportsEventType(ResolvableType.forClass(TcpConnectionOpenEvent.class))).isFalse();
        });
    }

}
