package io.achat.shell.session;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.achat.shell.ChatShellProperties;
import io.achat.shell.connection.ChatConnection;
import io.achat.shell.connection.LoginRefusedException;
import io.achat.shell.terminal.ChatPrinter;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The user's chat session: at most one connection, the names last seen online (for completion),
 * and the reconnect policy. Commands call it on the shell's thread; the connection's reader
 * thread delivers lines; reconnect attempts run on a thread of their own, so the prompt never
 * waits for the network.
 */
@Component
public class ChatSession implements DisposableBean {

    /** Where to connect and as whom. */
    public record Target(String host, int port, String login) {

        @Override
        public String toString() {
            return this.login + "@" + this.host + ":" + this.port;
        }

    }

    private final ChatShellProperties properties;

    private final ChatPrinter printer;

    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-reconnect");
        thread.setDaemon(true);
        return thread;
    });

    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

    private final List<Consumer<String>> closeSubscribers = new CopyOnWriteArrayList<>();

    private volatile ChatConnection connection;

    private volatile Target target;

    private volatile ScheduledFuture<?> pendingReconnect;

    /** The server's line announcing a graceful shutdown (docs/protocol.md). */
    static final String SHUTDOWN_NOTICE = "info: the server is shutting down";

    private volatile List<String> knownNames = List.of();

    private int attempts;

    ChatSession(ChatShellProperties properties, ChatPrinter printer) {
        this.properties = properties;
        this.printer = printer;
    }

    /** Connects and logs in, replacing any current connection. */
    public synchronized String connect(Target target) throws IOException {
        cancelReconnect();
        closeConnection();
        this.target = target;
        this.connection = open(target);
        if (!this.connection.isOpen()) {
            lost(this.connection, "the server closed the connection");
        }
        return "connected to " + target.host() + ":" + target.port() + " as " + target.login()
                + (this.connection.extended() ? "" : " (the server does not speak our extensions)");
    }

    /** Ends the connection and any reconnect in progress. */
    public synchronized String disconnect() {
        boolean wasReconnecting = cancelReconnect();
        boolean wasConnected = closeConnection();
        this.target = null;
        return wasConnected ? "disconnected" : wasReconnecting ? "reconnect cancelled" : "not connected";
    }

    public boolean connected() {
        ChatConnection current = this.connection;
        return current != null && current.isOpen();
    }

    public boolean reconnecting() {
        return this.pendingReconnect != null;
    }

    /** The login of the current or reconnecting session. */
    public Optional<String> login() {
        Target current = this.target;
        return current != null ? Optional.of(current.login()) : Optional.empty();
    }

    /** {@code alice@localhost:8080} while connected. */
    public Optional<String> where() {
        Target current = this.target;
        return connected() && current != null ? Optional.of(current.toString()) : Optional.empty();
    }

    public String status() {
        Target current = this.target;
        if (connected()) {
            return "connected to " + current.host() + ":" + current.port() + " as " + current.login()
                    + (this.connection.extended() ? "" : " (the server does not speak our extensions)");
        }
        if (reconnecting()) {
            return "reconnecting to " + current.host() + ":" + current.port() + " as " + current.login()
                    + " (attempt " + this.attempts + "; 'disconnect' cancels)";
        }
        return "offline";
    }

    public void send(Collection<String> recipients, String text) throws IOException {
        sendRaw(String.join(", ", recipients) + ": " + text);
    }

    /** Sends a line as it is, protocol syntax and all. */
    public void sendRaw(String line) throws IOException {
        requireConnection().send(line);
    }

    /** Who is online, asked of the server; remembered for completion. */
    public List<String> who() throws IOException, TimeoutException, InterruptedException {
        List<String> names = requireConnection().who(this.properties.requestTimeout());
        this.knownNames = names;
        return names;
    }

    /** The names seen by the last {@code who}, for completion. */
    public List<String> knownNames() {
        return this.knownNames;
    }

    /** Calls {@code subscriber} with every line from the server (on the reader thread) until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<String> lines, Consumer<String> closed) {
        this.subscribers.add(lines);
        this.closeSubscribers.add(closed);
        return () -> {
            this.subscribers.remove(lines);
            this.closeSubscribers.remove(closed);
        };
    }

    @Override
    public void destroy() {
        disconnect();
        this.reconnects.shutdownNow();
    }

    /**
     * The server is shutting down: as its notice asks, send nothing more and end our input, so that
     * it can answer what we sent and close at once; the close then starts the reconnect.
     */
    private void endInput() {
        ChatConnection current = this.connection;
        if (current != null) {
            try {
                current.finishSending();
            }
            catch (IOException ex) {
                // closed already: the close handling takes it from here
            }
        }
    }

    private ChatConnection requireConnection() throws IOException {
        ChatConnection current = this.connection;
        if (current == null || !current.isOpen()) {
            throw new IOException("not connected");
        }
        return current;
    }

    private ChatConnection open(Target target) throws IOException {
        return ChatConnection.open(target.host(), target.port(), target.login(),
                this.properties.connectTimeout(), this.properties.welcomeWait(), new ChatConnection.Listener() {

                    @Override
                    public void line(String line) {
                        ChatSession.this.printer.serverLine(line);
                        ChatSession.this.subscribers.forEach(subscriber -> subscriber.accept(line));
                        if (line.startsWith(SHUTDOWN_NOTICE)) {
                            endInput();
                        }
                    }

                    @Override
                    public void closed(ChatConnection connection, String reason) {
                        ChatSession.this.closeSubscribers.forEach(subscriber -> subscriber.accept(reason));
                        lost(connection, reason);
                    }

                });
    }

    /**
     * On the reader thread of a connection that ended. A connection that ends before it was made
     * current is seen as stale here; {@link #connect} and {@link #reconnect} check for that themselves.
     */
    private synchronized void lost(ChatConnection lostConnection, String reason) {
        if (lostConnection != this.connection) {
            return; // an old connection, or one the user closed
        }
        this.connection = null;
        if (this.properties.reconnect().enabled() && this.target != null) {
            this.attempts = 0;
            this.printer.notice(reason + "; reconnecting ('disconnect' cancels)");
            scheduleReconnect(this.properties.reconnect().initialDelay());
        }
        else {
            this.printer.notice(reason);
            this.target = null;
        }
        this.printer.refreshPrompt();
    }

    private void scheduleReconnect(Duration delay) {
        this.pendingReconnect = this.reconnects.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        Target current;
        synchronized (this) {
            current = this.target;
            if (current == null || this.pendingReconnect == null) {
                return;
            }
            this.attempts++;
        }
        try {
            ChatConnection reopened = open(current);
            synchronized (this) {
                if (this.target != current) {
                    reopened.close();
                    return;
                }
                this.connection = reopened;
                this.pendingReconnect = null;
                if (!reopened.isOpen()) {
                    lost(reopened, "the server closed the connection");
                    return;
                }
            }
            this.printer.notice("reconnected as " + current.login() + " after " + this.attempts + " attempt"
                    + (this.attempts == 1 ? "" : "s"));
        }
        catch (IOException ex) {
            retryOrGiveUp(current, ex);
        }
        this.printer.refreshPrompt();
    }

    private synchronized void retryOrGiveUp(Target current, IOException failure) {
        if (this.target != current) {
            return;
        }
        ChatShellProperties.Reconnect policy = this.properties.reconnect();
        boolean refused = failure instanceof LoginRefusedException;
        if (policy.maxAttempts() > 0 && this.attempts >= policy.maxAttempts()) {
            this.pendingReconnect = null;
            this.target = null;
            this.printer.notice("gave up reconnecting after " + this.attempts + " attempts: " + failure.getMessage());
            return;
        }
        long delay = Math.min(policy.maxDelay().toMillis(),
                policy.initialDelay().toMillis() << Math.min(this.attempts, 20));
        this.printer.notice("reconnect attempt " + this.attempts + " failed (" + (refused ? "login refused: " : "")
                + failure.getMessage() + "); next in " + Duration.ofMillis(delay).toSeconds() + " s");
        scheduleReconnect(Duration.ofMillis(delay));
    }

    private boolean cancelReconnect() {
        ScheduledFuture<?> pending = this.pendingReconnect;
        this.pendingReconnect = null;
        if (pending != null) {
            pending.cancel(false);
            return true;
        }
        return false;
    }

    private boolean closeConnection() {
        ChatConnection current = this.connection;
        this.connection = null;
        if (current != null) {
            current.close();
            return true;
        }
        return false;
    }

}
