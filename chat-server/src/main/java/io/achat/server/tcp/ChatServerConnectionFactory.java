package io.achat.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The Net server factory with one extra: {@link #stopAccepting()} closes the listening socket but
 * keeps every open connection, so that new clients are refused at once while the old ones drain.
 * Net, not NIO: NIO may reorder the lines of one socket, Net reads each socket on one thread.
 */
public class ChatServerConnectionFactory extends TcpNetServerConnectionFactory {

    ChatServerConnectionFactory(int port) {
        super(port);
    }

    /**
     * Closes the listening socket; the accept loop ends ("Server Socket closed") and connection
     * attempts get "connection refused". {@code stop()} still closes the open connections later.
     */
    public void stopAccepting() {
        ServerSocket serverSocket = getServerSocket();
        if (serverSocket != null) {
            try {
                serverSocket.close();
            }
            catch (IOException ex) {
                logger.warn(ex, "Could not close the listening socket");
            }
        }
    }

}
