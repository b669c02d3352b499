package io.achat.server.monitoring;

import io.achat.server.ChatServerProperties;
import io.achat.server.session.Sessions;
import io.achat.server.tcp.ChatServerConnectionFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code chat}: {@code UP} while the chat port accepts connections, {@code
 * OUT_OF_SERVICE} before it does and from the moment the graceful shutdown closes it. It is part
 * of the readiness group (application.yml), so readiness is {@code UP} only once the port listens.
 */
@Component
class ChatHealthIndicator implements HealthIndicator {

    private final ChatServerConnectionFactory connectionFactory;

    private final Sessions sessions;

    private final ChatServerProperties properties;

    ChatHealthIndicator(ChatServerConnectionFactory connectionFactory, Sessions sessions,
            ChatServerProperties properties) {
        this.connectionFactory = connectionFactory;
        this.sessions = sessions;
        this.properties = properties;
    }

    @Override
    public Health health() {
        boolean listening = this.connectionFactory.isListening();
        return (listening ? Health.up() : Health.outOfService())
            .withDetail("listener", listening ? "listening" : "not listening")
            .withDetail("port", this.connectionFactory.getPort())
            .withDetail("connections", this.sessions.count())
            .withDetail("peers", this.sessions.peerCount())
            .withDetail("maxConnections", this.properties.maxConnections())
            .build();
    }

}
