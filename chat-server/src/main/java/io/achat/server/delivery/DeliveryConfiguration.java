package io.achat.server.delivery;

import io.achat.server.tcp.ChatServerConnectionFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.messaging.MessageChannel;

/**
 * The outbound half: every peer writer sends its coalesced lines to {@code toClients}, a direct
 * channel, so the write happens on the writer's own thread; the one shared TCP outbound adapter
 * finds the socket by {@code ip_connectionId}. One adapter for all peers: an adapter per peer can
 * not reach a connection accepted before it was created, and stopping one would stop the factory
 * and with it every socket.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    MessageChannel toClients() {
        return MessageChannels.direct().getObject();
    }

    @Bean
    IntegrationFlow outboundFlow(MessageChannel toClients, ChatServerConnectionFactory connectionFactory) {
        return IntegrationFlow.from(toClients)
                .handle(Tcp.outboundAdapter(connectionFactory), endpoint -> endpoint.id("tcpOut"))
                .get();
    }

}
