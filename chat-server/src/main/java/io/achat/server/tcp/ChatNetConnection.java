package io.achat.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;

/**
 * A Net connection with the two changes the chat needs from the stock one:
 * <ul>
 * <li>reads go through a {@link LineInputStream} (bulk reads, no per-byte lock), and the writers
 * woken by one read's lines start when it is handled ({@link ReadBatch});</li>
 * <li>writes go straight to the socket. The stock {@code send} wraps the socket in a
 * {@code BufferedOutputStream} as large as the kernel's send buffer, about 1.9 MB on loopback, held
 * for the connection's life; our payloads are whole coalesced lines, so that buffer only costs heap.</li>
 * </ul>
 * Reads run on the connection's reader thread; {@link #send} runs on the peer's writer thread.
 */
final class ChatNetConnection extends TcpNetConnection {

    /** A chat line usually fits the first; bursts grow it (see {@link LineInputStream}). */
    private static final int READ_BUFFER_INITIAL = 512;

    private static final int READ_BUFFER_MAX = 8192;

    private final Socket socket;

    private final Lock sendLock = new ReentrantLock();

    private final MessageHeaders headers;

    private volatile LineInputStream input;

    ChatNetConnection(Socket socket, boolean server, boolean lookupHost, ApplicationEventPublisher publisher,
            String factoryName) {
        super(socket, server, lookupHost, publisher, factoryName);
        this.socket = socket;
        this.headers = ConnectionHeaders.of(getConnectionId());
    }

    /** The reader's loop, for the life of the connection, with its {@link ReadBatch}. */
    @Override
    public void run() {
        ReadBatch batch = ReadBatch.open();
        try {
            super.run();
        }
        finally {
            batch.close();
        }
    }

    /** The headers every message read from this connection carries. */
    MessageHeaders headers() {
        return this.headers;
    }

    @Override
    protected InputStream inputStream() throws IOException {
        if (this.input == null) {
            this.input = new LineInputStream(this.socket.getInputStream(), READ_BUFFER_INITIAL, READ_BUFFER_MAX);
        }
        return this.input;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void send(Message<?> message) {
        this.sendLock.lock();
        try {
            OutputStream out = this.socket.getOutputStream();
            ((Serializer<Object>) getSerializer()).serialize(getMapper().fromMessage(message), out);
        }
        catch (Exception ex) {
            MessagingException failure = new MessagingException(message, "Send Failed", ex);
            publishConnectionExceptionEvent(failure);
            closeConnection(true);
            throw failure;
        }
        finally {
            this.sendLock.unlock();
        }
    }

}
