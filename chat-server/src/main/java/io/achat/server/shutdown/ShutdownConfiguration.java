package io.achat.server.shutdown;

import io.achat.server.ChatServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * One setting bounds the shutdown: the lifecycle processor's per-phase timeout follows
 * {@code chat.server.shutdown-timeout} (plus a margin for the phases after the drain), so
 * {@code spring.lifecycle.timeout-per-shutdown-phase} need not be kept in step by hand.
 */
@Configuration(proxyBeanMethods = false)
class ShutdownConfiguration {

    static final long PHASE_MARGIN_MILLIS = 5_000;

    @Bean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
    DefaultLifecycleProcessor lifecycleProcessor(ChatServerProperties properties) {
        DefaultLifecycleProcessor processor = new DefaultLifecycleProcessor();
        processor.setTimeoutPerShutdownPhase(properties.shutdownTimeout().toMillis() + PHASE_MARGIN_MILLIS);
        return processor;
    }

}
