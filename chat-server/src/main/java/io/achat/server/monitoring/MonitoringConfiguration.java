package io.achat.server.monitoring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.IntegrationManagementConfigurer;

/**
 * Keeps Spring Integration's own meters off the hot path. Once a {@code MeterRegistry} exists,
 * Spring Boot's {@code @EnableIntegrationManagement} gives every channel and handler a metrics
 * captor, and each send is then timed: on the {@code broker} channel that is every line read, and
 * it cost about 30% more server CPU per delivery (docs/benchmarks.md, "Metrics overhead"); even
 * with those meters denied by a filter, the samples are still taken. Declaring the configurer
 * ourselves makes Boot's back off, and this one has no captor: the {@code chat.*} meters measure
 * what an operator needs instead.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    /** Static: the configurer is a bean post-processor. */
    @Bean(IntegrationManagementConfigurer.MANAGEMENT_CONFIGURER_NAME)
    static IntegrationManagementConfigurer integrationManagementConfigurer() {
        return new IntegrationManagementConfigurer();
    }

}
