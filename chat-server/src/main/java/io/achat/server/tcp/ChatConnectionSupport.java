package io.achat.server.tcp;

import java.net.Socket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.AbstractTcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/** Makes the factory create {@link ChatNetConnection}s. */
final class ChatConnectionSupport extends AbstractTcpConnectionSupport implements TcpNetConnectionSupport {

    @Override
    public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
            ApplicationEventPublisher applicationEventPublisher, String connectionFactoryName) {
        return new ChatNetConnection(socket, server, lookupHost, applicationEventPublisher, connectionFactoryName);
    }

}
