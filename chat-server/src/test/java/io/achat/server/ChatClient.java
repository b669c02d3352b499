package io.achat.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test client on a real socket: what {@code nc} does, with timeouts so that no test can hang.
 * Reads raw bytes and splits lines itself, so tests see exactly what the server wrote.
 */
public final class ChatClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    private final byte[] buffer = new byte[64 * 1024];

    private int position;

    private int limit;

    private ChatClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.socket.setSoTimeout((int) TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static ChatClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects with a small receive buffer ({@code SO_RCVBUF}, set before connecting so it takes effect) if given. */
    public static ChatClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new ChatClient(socket);
    }

    /** Connects, logs in and checks the server's welcome line. */
    public static ChatClient login(int port, String name) throws IOException {
        return login(port, name, 0);
    }

    public static ChatClient login(int port, String name, int receiveBuffer) throws IOException {
        ChatClient client = connect(port, receiveBuffer);
        client.send(name);
        assertThat(client.readLine()).isEqualTo("info: logged in as " + name);
        return client;
    }

    public ChatClient send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public ChatClient sendRaw(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
        return this;
    }

    /**
     * Sends {@code count} numbered lines {@code "<recipient>: <i> <padding>"} batched into large
     * writes, as a client at full speed does.
     */
    public ChatClient sendNumbered(String recipient, int count, String padding) throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < count; i++) {
            batch.append(recipient).append(": ").append(i);
            if (!padding.isEmpty()) {
                batch.append(' ').append(padding);
            }
            batch.append('\n');
            if (batch.length() > 64 * 1024) {
                sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
            }
        }
        return sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
    }

    public Socket socket() {
        return this.socket;
    }

    /** The next line without its {@code \n}; fails on end of stream or after {@link #TIMEOUT}. */
    public String readLine() throws IOException {
        String line = readLineOrNull();
        assertThat(line).as("a line before end of stream").isNotNull();
        return line;
    }

    /** The next line, or {@code null} at end of stream. */
    public String readLineOrNull() throws IOException {
        return readLineOrNull(false);
    }

    /**
     * Every complete line until the server closes the connection, for a peer whose socket the server
     * closed under a blocked write: it may see a reset, and a last line cut short, which is left out.
     */
    public List<String> readUntilCutOff() throws IOException {
        List<String> lines = new ArrayList<>();
        try {
            for (String line = readLineOrNull(true); line != null; line = readLineOrNull(true)) {
                lines.add(line);
            }
        }
        catch (SocketException reset) {
            // closed under it
        }
        return lines;
    }

    private String readLineOrNull(boolean partialTailAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (this.position == this.limit) {
                int n = this.in.read(this.buffer);
                if (n < 0) {
                    if (!partialTailAllowed) {
                        assertThat(line.size()).as("bytes after the last newline").isZero();
                    }
                    return null;
                }
                this.position = 0;
                this.limit = n;
            }
            byte b = this.buffer[this.position++];
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    public List<String> readLines(int count) throws IOException {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(readLine());
        }
        return lines;
    }

    /** Asserts that the server closes the connection with no further line. */
    public void assertClosed() throws IOException {
        assertThat(readLineOrNull()).as("end of stream").isNull();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
