package io.achat.server.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

import io.achat.server.ChatStats;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.RateLimitedLog;
import io.achat.server.protocol.ServerLines;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The Net server factory with these changes:
 * <ul>
 * <li>{@link #stopAccepting()} closes the listening socket but keeps every open connection, so
 * that new clients are refused at once while the old ones drain;</li>
 * <li>closed connections leave the factory's connection map as they close, instead of by a scan
 * of every connection on every accept: that scan, one list of all open ids per accept, made the
 * single accept thread the bottleneck of a login storm (10,000 logins took 10 s on Java 17);</li>
 * <li>the accept loop survives what a public port gets: running out of file descriptors (see
 * {@link GuardedServerSocket}) and clients that reset before their socket is configured, either of
 * which would end the stock loop and leave the server running without a port.</li>
 * </ul>
 * Net, not NIO: NIO may reorder the lines of one socket, Net reads each socket on one thread.
 */
public class ChatServerConnectionFactory extends TcpNetServerConnectionFactory
        implements ApplicationListener<TcpConnectionCloseEvent> {

    private static final byte[] OUT_OF_DESCRIPTORS = ServerLines.error("server full; try again later");

    private final ChatStats stats;

    private final RateLimitedLog problems;

    ChatServerConnectionFactory(int port, ChatStats stats, RateLimitedLog problems) {
        super(port);
        this.stats = stats;
        this.problems = problems;
    }

    @Override
    protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic) throws IOException {
        GuardedServerSocket serverSocket = new GuardedServerSocket(this::refuse, this.problems);
        // Explicit, though the JDK's default on Unix: a restart right after a crash must rebind at once.
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(new InetSocketAddress(whichNic, port), Math.abs(backlog));
        }
        catch (IOException ex) {
            serverSocket.close();
            throw ex;
        }
        return serverSocket;
    }

    /**
     * A client that reset right after connecting makes these calls fail; the stock factory lets that
     * end its accept loop. The connection's reader finds the reset at its first read instead.
     */
    @Override
    protected void setSocketAttributes(Socket socket) {
        try {
            super.setSocketAttributes(socket);
        }
        catch (SocketException ex) {
            this.problems.info("reset-on-accept", () -> "A client reset its connection as it was accepted ("
                    + ex.getMessage() + ")");
        }
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

    /** A connection accepted with the reserve descriptor: answered and closed at once, on the accept thread. */
    private void refuse(Socket socket) {
        this.stats.connectionRefused();
        this.stats.error(ErrorKind.SERVER_FULL);
        try (socket; OutputStream out = socket.getOutputStream()) {
            // A fresh socket's send buffer is empty: this short write cannot block the accept thread.
            out.write(OUT_OF_DESCRIPTORS);
        }
        catch (IOException ex) {
            // gone already: nothing more to do
        }
    }

}
