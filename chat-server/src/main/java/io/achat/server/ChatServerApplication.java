package io.achat.server;

import io.achat.server.shutdown.ExitStatus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;

/**
 * The a-chat server: {@code java -jar chat-server.jar}, then {@code nc localhost 8080}.
 * <p>
 * Without Micrometer's Logback metrics: they install a Logback turbo filter that runs on every
 * level check, and Spring Integration's TCP reader checks the level for every line it reads; the
 * filter cost more server CPU per delivery than all the chat meters together (docs/benchmarks.md,
 * "Metrics overhead").
 */
@SpringBootApplication(exclude = LogbackMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ChatServerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ChatServerApplication.class);
        ExitStatus.install(application);
        application.run(args);
    }

}
