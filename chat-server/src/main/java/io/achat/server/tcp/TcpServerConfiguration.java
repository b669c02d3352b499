package io.achat.server.tcp;

import io.achat.server.ChatExecutors;
import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.RateLimitedLog;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listening side: a Net server connection factory on the chat port. It reads every connection
 * on one thread of its own (so the lines of one socket stay in order), sets TCP_NODELAY (without
 * it, Nagle and delayed ACK stall each small line by ~40 ms, as they do in the original), and uses
 * the chat's own codec, connection and message mapper.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

    /** A bean, so that the factory publishes its events with the context as publisher. */
    @Bean
    ChatLineCodec chatLineCodec(ChatServerProperties properties) {
        return new ChatLineCodec(properties.maxLineBytes());
    }

    @Bean
    ChatServerConnectionFactory chatConnectionFactory(ChatServerProperties properties, ChatLineCodec codec,
            ChatExecutors executors, ChatStats stats) {
        ChatServerConnectionFactory factory = new ChatServerConnectionFactory(properties.port(), stats,
                new RateLimitedLog(LogFactory.getLog(GuardedServerSocket.class), properties.problemLogInterval()));
        factory.setLocalAddress(properties.host());
        factory.setBacklog(properties.backlog());
        factory.setSoTcpNoDelay(true);
        // Spring Integration resolves each peer's host name by default: a reverse DNS lookup on the accept thread,
        // where a slow resolver would hold up every new connection. Connection ids and logs use the address.
        factory.setLookupHost(false);
        if (properties.socketSendBuffer().toBytes() > 0) {
            factory.setSoSendBufferSize((int) properties.socketSendBuffer().toBytes());
        }
        factory.setSingleUse(false);
        factory.setDeserializer(codec);
        factory.setSerializer(codec);
        factory.setMapper(new LeanMessageMapper());
        factory.setTcpNetConnectionSupport(new ChatConnectionSupport());
        factory.setTaskExecutor(new ReaderStarts(executors.readers(), executors.readerStarts(),
                new RateLimitedLog(LogFactory.getLog(ReaderStarts.class), properties.problemLogInterval())));
        return factory;
    }

}
