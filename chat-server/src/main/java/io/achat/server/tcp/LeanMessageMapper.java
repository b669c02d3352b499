package io.achat.server.tcp;

import java.util.Map;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Builds each inbound message with the one header the chat uses, {@code ip_connectionId}, from the
 * connection's own {@link ConnectionHeaders}. The stock mapper adds four more per line, two of which
 * cost a {@code getsockname} system call each.
 */
final class LeanMessageMapper extends TcpMessageMapper {

    @Override
    public Message<?> toMessage(TcpConnection connection, Map<String, Object> headers) {
        Object payload = connection.getPayload();
        return payload == null ? null : new GenericMessage<>(payload, ((ChatNetConnection) connection).headers());
    }

}
