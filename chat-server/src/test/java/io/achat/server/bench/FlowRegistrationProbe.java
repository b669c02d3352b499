package io.achat.server.bench;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;

/**
 * Measures what the design card's "dynamically registered outbound adapters" would cost if each
 * peer got a real flow through {@link IntegrationFlowContext}: registers N one-endpoint flows in
 * batches of 1,000 and removes them again, printing the time per batch. The handler does nothing,
 * so this is the registration cost alone (docs/architecture.md).
 * Run: {@code mvn -q -pl chat-server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.achat.server.bench.FlowRegistrationProbe -Dexec.args=10000}
 */
public final class FlowRegistrationProbe {

    private FlowRegistrationProbe() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off", "logging.level.root=warn")
                .run()) {
            IntegrationFlowContext flows = context.getBean(IntegrationFlowContext.class);
            List<IntegrationFlowRegistration> registrations = new ArrayList<>(count);
            long total = System.nanoTime();
            for (int batch = 0; batch < count / 1000; batch++) {
                long start = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    IntegrationFlow flow = f -> f.handle(message -> { });
                    registrations.add(flows.registration(flow).id("peer" + registrations.size()).register());
                }
                System.out.printf("flows %5d-%5d registered in %6.0f ms (%.0f/s)%n", batch * 1000, batch * 1000 + 999,
                        (System.nanoTime() - start) / 1e6, 1000 / ((System.nanoTime() - start) / 1e9));
            }
            System.out.printf("%d registrations: %.1f s; beans in the context: %d%n", count,
                    (System.nanoTime() - total) / 1e9, context.getBeanDefinitionCount()
                            + context.getBeanFactory().getSingletonNames().length);
            long removal = System.nanoTime();
            registrations.forEach(registration -> flows.remove(registration.getId()));
            System.out.printf("%d removals: %.1f s%n", count, (System.nanoTime() - removal) / 1e9);
        }
    }

    /** A context with Spring Integration and nothing else. */
    @SpringBootApplication(scanBasePackages = "none")
    static class Empty {

    }

}
