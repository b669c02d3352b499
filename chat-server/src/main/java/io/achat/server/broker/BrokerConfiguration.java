package io.achat.server.broker;

import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.session.Sessions;
import io.achat.server.tcp.ChatServerConnectionFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.messaging.MessageChannel;

/**
 * The inbound half: the TCP inbound adapter puts every line on the {@code broker} channel, a direct
 * channel, so the broker runs on the reader thread of the line's connection.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    Broker chatBroker(Sessions sessions, RoutingGate gate, ChatStats stats, ChatServerProperties properties,
            MeterRegistry meterRegistry) {
        Timer routing = Timer.builder("chat.routing")
            .description("Time to route a message line (look up and queue it for every recipient); "
                    + "each client's first message and every " + Broker.ROUTING_SAMPLE + "th after it")
            .register(meterRegistry);
        return new Broker(sessions, gate, stats, properties, routing);
    }

    @Bean
    MessageChannel broker() {
        return MessageChannels.direct().getObject();
    }

    @Bean
    IntegrationFlow inboundFlow(ChatServerConnectionFactory connectionFactory, MessageChannel broker,
            Broker chatBroker) {
        return IntegrationFlow.from(Tcp.inboundAdapter(connectionFactory).id("tcpIn").outputChannel(broker))
                .handle(chatBroker)
                .get();
    }

}
