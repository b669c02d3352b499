package io.achat.shell.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to an a-chat server: a socket, a reader thread, a line codec. It knows nothing
 * of Spring Shell; the shell's commands and the pipe mode use it alike.
 * <p>
 * Threads: {@link #send} runs on the caller's thread (writes are serialized); every line the
 * server sends is handed to the {@link Listener} on the connection's own reader thread, in order,
 * and {@link Listener#closed} is called once, on that thread, when the connection ends.
 */
public final class ChatConnection implements AutoCloseable {

    /** Receives what the server sends. Called on the reader thread; must not block for long. */
    public interface Listener {

        void line(String line);

        /** {@code connection} ended: the server closed it, the network failed, or {@link #close()} was called. */
        void closed(ChatConnection connection, String reason);

    }

    /** Longest line accepted from the server (a {@code /who} answer on a big server is long). */
    static final int MAX_LINE = 1024 * 1024;

    static final String WELCOME = "info: logged in as ";

    static final String ONLINE = "info: online: ";

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    private final ReentrantLock sendLock = new ReentrantLock();

    private volatile boolean extended;

    private final Queue<CompletableFuture<List<String>>> whoRequests = new ConcurrentLinkedQueue<>();

    private final byte[] buffer = new byte[8192];

    private int position;

    private int limit;

    private volatile boolean closedByUs;

    /** The line being read; a field, so that a read timeout in the middle of a line loses nothing. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream(128);

    private ChatConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and logs in. Our server answers {@code info: logged in as <name>} or an
     * {@code error:} line; the original a-chat server answers nothing, so silence for
     * {@code welcomeWait} (or any other first line) counts as logged in there.
     *
     * @throws LoginRefusedException with the server's own error text
     * @throws IOException when the server cannot be reached
     */
    public static ChatConnection open(String host, int port, String login, Duration connectTimeout,
            Duration welcomeWait, Listener listener) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setTcpNoDelay(true);
            ChatConnection connection = new ChatConnection(socket);
            connection.send(login);
            socket.setSoTimeout((int) welcomeWait.toMillis());
            String first;
            try {
                first = connection.readLine();
            }
            catch (SocketTimeoutException silent) {
                // The original server says nothing on login.
                connection.start(listener, null);
                return connection;
            }
            if (first == null) {
                throw new LoginRefusedException("the server closed the connection");
            }
            if (first.startsWith("error: ")) {
                throw new LoginRefusedException(first.substring("error: ".length()));
            }
            if (first.startsWith(WELCOME)) {
                connection.extended = true;
                connection.start(listener, null);
            }
            else {
                // A server without a welcome, already delivering to us.
                connection.start(listener, first);
            }
            return connection;
        }
        catch (IOException | RuntimeException ex) {
            socket.close();
            throw ex;
        }
    }

    /**
     * Connects without logging in, for the pipe mode: whatever is sent goes as it is, the login
     * line included, and every line the server sends goes to the listener.
     */
    public static ChatConnection raw(String host, int port, Duration connectTimeout, Listener listener)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setTcpNoDelay(true);
            ChatConnection connection = new ChatConnection(socket);
            connection.start(listener, null);
            return connection;
        }
        catch (IOException | RuntimeException ex) {
            socket.close();
            throw ex;
        }
    }

    /** True if the server speaks our extensions ({@code info:}/{@code error:} lines, {@code /who}). */
    public boolean extended() {
        return this.extended;
    }

    public boolean isOpen() {
        return !this.socket.isClosed();
    }

    /** Sends one protocol line; it must not contain a line break. */
    public void send(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line may not contain a line break");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        this.sendLock.lock();
        try {
            this.out.write(bytes);
            this.out.flush();
        }
        finally {
            this.sendLock.unlock();
        }
    }

    /**
     * Asks {@code /who} and waits for the answer, which is not passed to the listener.
     *
     * @throws UnsupportedOperationException against a server without our extensions
     * @throws TimeoutException if the answer does not come in time
     */
    public List<String> who(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        if (!this.extended) {
            throw new UnsupportedOperationException("this server does not support /who");
        }
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        this.whoRequests.add(answer);
        send("/who");
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new IOException(ex.getCause().getMessage(), ex.getCause());
        }
        finally {
            this.whoRequests.remove(answer);
        }
    }

    /** Ends the connection without waiting for the server; the listener hears "disconnected". */
    @Override
    public void close() {
        this.closedByUs = true;
        closeSocket();
    }

    /** Sends FIN after everything sent so far, keeps reading until the server closes (pipe mode's end). */
    public void finishSending() throws IOException {
        this.socket.shutdownOutput();
    }

    private void start(Listener listener, String firstLine) throws IOException {
        this.socket.setSoTimeout(0);
        Thread reader = new Thread(() -> read(listener, firstLine), "chat-connection");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Listener listener, String firstLine) {
        String reason = "the server closed the connection";
        try {
            if (firstLine != null) {
                listener.line(firstLine);
            }
            for (String line = readLine(); line != null; line = readLine()) {
                if (line.startsWith(ONLINE)) {
                    CompletableFuture<List<String>> request = this.whoRequests.poll();
                    if (request != null) {
                        String names = line.substring(ONLINE.length()).strip();
                        request.complete(names.isEmpty() ? List.of() : Arrays.asList(names.split(",\\s*")));
                        continue;
                    }
                }
                listener.line(line);
            }
        }
        catch (IOException ex) {
            reason = this.closedByUs ? "disconnected" : "connection lost: " + ex.getMessage();
        }
        finally {
            closeSocket();
            this.whoRequests.forEach(request -> request.completeExceptionally(new IOException("disconnected")));
            listener.closed(this, reason);
        }
    }

    private void closeSocket() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
    }

    /** The next line without its ending, or {@code null} at end of stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = this.partial;
        while (true) {
            if (this.position == this.limit) {
                int n = this.in.read(this.buffer);
                if (n < 0) {
                    return line.size() > 0 ? take(line) : null;
                }
                this.position = 0;
                this.limit = n;
            }
            int start = this.position;
            while (this.position < this.limit && this.buffer[this.position] != '\n') {
                this.position++;
            }
            line.write(this.buffer, start, this.position - start);
            if (line.size() > MAX_LINE) {
                throw new IOException("the server sent a line longer than " + MAX_LINE + " bytes");
            }
            if (this.position < this.limit) {
                this.position++;
                return take(line);
            }
        }
    }

    private static String take(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

}
