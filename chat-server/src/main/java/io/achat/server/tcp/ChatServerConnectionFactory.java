package io.achat.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The Net server factory with two changes:
 * <ul>
 * <li>{@link #stopAccepting()} closes the listening socket but keeps every open connection, so
 * that new clients are refused at once while the old ones drain;</li>
 * <li>closed connections leave the factory's connection map as they close, instead of by a scan
 * of every connection on every accept: that scan, one list of all open ids per accept, made the
 * single accept thread the bottleneck of a login storm (10,000 logins took 10 s on Java 17).</li>
 * </ul>
 * Net, not NIO: NIO may reorder the lines of one socket, Net reads each socket on one thread.
 */
public class ChatServerConnectionFactory extends TcpNetServerConnectionFactory
        implements ApplicationListener<TcpConnectionCloseEvent> {

    ChatServerConnectionFactory(int port) {
        super(port);
    }

    /** Runs on the thread that closed the connection; removes it from the map in O(1). */
    @Override
    public void onApplicationEvent(TcpConnectionCloseEvent event) {
        if (getComponentName().equals(event.getConnectionFactoryName())) {
            closeConnection(event.getConnectionId());
        }
    }

    @Override
    protected void harvestClosedConnections() {
        // Nothing to harvest: see onApplicationEvent.
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
