package io.achat.server.session;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import io.achat.server.delivery.PeerWriter;
import io.achat.server.delivery.PeerWriter.Ending;
import io.achat.server.protocol.ServerLines;

import org.springframework.integration.ip.tcp.connection.TcpConnection;

/**
 * One client connection, from accept to close: its login once it has one, and its
 * {@link PeerWriter}, through which every line to the client goes.
 */
public final class Session {

    private final TcpConnection connection;

    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile PeerWriter writer;

    private volatile String login;

    /** {@code from <login>: }, for every delivery this client sends. */
    private volatile byte[] deliveryPrefix;

    private volatile boolean ending;

    private volatile ScheduledFuture<?> loginTimeout;

    private volatile boolean invalidInputLogged;

    private volatile Runnable releaseLogin = () -> { };

    /** Touched only by this connection's reader thread (the broker runs on it): no need for volatile. */
    private long messagesRouted;

    /** When the broker last answered a line of this client "not delivered" because of the shutdown. */
    private volatile long lastRejectedNanos = Long.MIN_VALUE;

    Session(TcpConnection connection) {
        this.connection = connection;
    }

    void attach(PeerWriter writer, ScheduledFuture<?> loginTimeout) {
        this.writer = writer;
        this.loginTimeout = loginTimeout;
    }

    public String id() {
        return this.connection.getConnectionId();
    }

    /** The login, or {@code null} before the client sent a valid one. */
    public String login() {
        return this.login;
    }

    /** The start of every delivery from this client: {@code from <login>: }. */
    public byte[] deliveryPrefix() {
        return this.deliveryPrefix;
    }

    public boolean loggedIn() {
        return this.login != null;
    }

    public PeerWriter writer() {
        return this.writer;
    }

    /** Queues an error or info line for this client. */
    public void reply(byte[] line) {
        this.writer.reply(line);
    }

    /** Queues a last line, then closes once everything queued before it is written. Later lines are ignored. */
    public void closeAfter(byte[] lastLine) {
        this.ending = true;
        // A lingering close: end of stream after the line, then the client's end (or close-linger). Closing at
        // once with the client's next lines unread would make the kernel send a reset, which can destroy the
        // line in the client's receive buffer before it is read.
        this.writer.endAfter(lastLine, Ending.LINGER);
    }

    /**
     * The client closed its side: the connection closes once everything queued for it is written
     * (at once if that has happened already). Returns what completes when it is closed.
     */
    public CompletableFuture<Void> inputEnded() {
        this.ending = true;
        PeerWriter current = this.writer;
        if (!current.endAfter(null, Ending.CLOSE) && current.finished(current.accepted())) {
            close();
        }
        return this.closed;
    }

    /**
     * The graceful shutdown's last step for this client: everything queued is written, then the
     * server half-closes, so the client reads every line and then end of stream, and closes.
     */
    public void finish() {
        this.ending = true;
        this.writer.endAfter(null, Ending.HALF_CLOSE);
    }

    /** True once the connection is on its way out; its further lines are not processed. */
    public boolean ending() {
        return this.ending;
    }

    /**
     * True the first time only: bad input that keeps the connection open is logged once per
     * connection, so a client cannot flood the log.
     */
    public boolean firstInvalidInput() {
        if (this.invalidInputLogged) {
            return false;
        }
        this.invalidInputLogged = true;
        return true;
    }

    /** How many of this client's messages were routed before this one. Broker only, on this connection's reader thread. */
    public long nextMessage() {
        return this.messagesRouted++;
    }

    /** The broker answered a line "not delivered: shutting down"; the shutdown waits while a client keeps sending. */
    public void lineRejected() {
        this.lastRejectedNanos = System.nanoTime();
    }

    /** True if no line of this client was rejected since {@code nanos} (a {@link System#nanoTime()}). */
    public boolean quietSince(long nanos) {
        long last = this.lastRejectedNanos;
        return last == Long.MIN_VALUE || last - nanos < 0;
    }

    /** Completes when the connection's close event has been handled. */
    public CompletableFuture<Void> closed() {
        return this.closed;
    }

    void loggedIn(String name, Runnable release) {
        this.releaseLogin = release;
        this.deliveryPrefix = ServerLines.deliveryPrefix(name);
        this.login = name;
        ScheduledFuture<?> timeout = this.loginTimeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /**
     * Ends the connection as the writer asked: the login is released before the socket closes or
     * half-closes, so a client that saw its connection end can log in again under the same name at once.
     */
    void end(Ending how) {
        if (how == Ending.CLOSE) {
            close();
        }
        else {
            this.ending = true;
            this.releaseLogin.run();
            try {
                this.connection.shutdownOutput();
            }
            catch (IOException ex) {
                close();
            }
        }
    }

    /** Closes the socket now; the close event finishes the clean-up. */
    public void close() {
        this.ending = true;
        this.releaseLogin.run();
        this.connection.close();
    }

    /** Called once, from the connection's close event. */
    void onClosed() {
        this.ending = true;
        this.releaseLogin.run();
        ScheduledFuture<?> timeout = this.loginTimeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        this.writer.closed();
        this.closed.complete(null);
    }

    TcpConnection connection() {
        return this.connection;
    }

    @Override
    public String toString() {
        return this.login == null ? id() : this.login + "@" + id();
    }

}
