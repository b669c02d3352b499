package io.achat.server.session;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.achat.server.ChatExecutors;
import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.RateLimitedLog;
import io.achat.server.delivery.PeerWriter.Ending;
import io.achat.server.delivery.PeerWriters;
import io.achat.server.protocol.ServerLines;
import io.achat.server.tcp.ReadBatch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.stereotype.Component;

/**
 * Every open connection (by connection id) and every logged-in peer (by login): the original
 * broker's peer map, kept right by the factory's open and close events.
 */
@Component
public class Sessions {

    private static final Log logger = LogFactory.getLog(Sessions.class);

    /** The outcome of a login attempt. */
    public enum Login {
        ACCEPTED, TAKEN
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    private final Map<String, Session> byLogin = new ConcurrentHashMap<>();

    private final AtomicInteger open = new AtomicInteger();

    private final PeerWriters writers;

    private final ChatExecutors executors;

    private final ChatStats stats;

    private final ChatServerProperties properties;

    private final byte[] serverFull;

    private final byte[] loginTimedOut;

    private final byte[] slowConsumer;

    private final RateLimitedLog problems;

    Sessions(PeerWriters writers, ChatExecutors executors, ChatStats stats, ChatServerProperties properties) {
        this.writers = writers;
        this.executors = executors;
        this.stats = stats;
        this.properties = properties;
        this.problems = new RateLimitedLog(logger, properties.problemLogInterval());
        this.serverFull = ServerLines.error("server full (" + properties.maxConnections() + " connections); try again later");
        this.loginTimedOut = ServerLines.error("no login within " + properties.loginTimeout().toMillis() + " ms; closing");
        this.slowConsumer = ServerLines.error("you read too slowly: more than " + properties.sendQueueLimit().toBytes()
                + " bytes were waiting for you; disconnecting");
    }

    /**
     * Runs on the new connection's reader thread before its first read (Net factory), so the
     * session exists before any of its lines reaches the broker.
     */
    @EventListener
    void opened(TcpConnectionOpenEvent event) {
        TcpConnection connection = (TcpConnection) event.getSource();
        if (this.open.incrementAndGet() > this.properties.maxConnections()) {
            this.open.decrementAndGet();
            refuse(connection);
            return;
        }
        Session session = new Session(connection);
        session.attach(this.writers.create(connection.getConnectionId(), (how) -> end(session, how), this.slowConsumer,
                () -> forceCloseLater(session)), this.executors.timer().schedule(() -> loginTimedOut(session),
                        this.properties.loginTimeout().toNanos(), TimeUnit.NANOSECONDS));
        this.byId.put(connection.getConnectionId(), session);
        this.stats.connectionOpened();
    }

    /** Runs on whichever thread closed the connection: its reader at end of stream, a writer, or the shutdown. */
    @EventListener
    void closed(TcpConnectionCloseEvent event) {
        Session session = this.byId.remove(event.getConnectionId());
        if (session != null) {
            this.open.decrementAndGet();
            session.onClosed();
            this.stats.connectionClosed();
        }
    }

    /** The session of a connection, or {@code null} once it is closed. */
    public Session get(String connectionId) {
        return this.byId.get(connectionId);
    }

    /** The logged-in peer of that name, or {@code null}. */
    public Session peer(String login) {
        return this.byLogin.get(login);
    }

    /**
     * Registers the session under {@code name} and queues {@code welcome} for it, in that order as
     * other readers see it: no delivery to the name can be queued ahead of the welcome. If another
     * connection holds the name but is on its way out (its client just disconnected and the close
     * has not been processed yet), waits up to {@code relogin-wait} for it to go. Runs on the new
     * connection's reader thread.
     */
    public Login login(Session session, String name, byte[] welcome) {
        long deadline = System.nanoTime() + this.properties.reloginWait().toNanos();
        while (true) {
            // The map publishes the name only once the function has returned, and the function is short.
            Session holder = this.byLogin.computeIfAbsent(name, (free) -> {
                session.reply(welcome);
                return session;
            });
            if (holder == session) {
                session.loggedIn(name, () -> this.byLogin.remove(name, session));
                if (!session.connection().isOpen()) {
                    // Closed while we registered: its close event may have run before the name was ours.
                    this.byLogin.remove(name, session);
                }
                return Login.ACCEPTED;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Login.TAKEN;
            }
            // Before waiting, start what this reader holds back (ReadBatch): the wait must not delay its writers.
            ReadBatch.runHeld();
            try {
                holder.closed().get(left, TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException ex) {
                return Login.TAKEN;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return Login.TAKEN;
            }
            catch (ExecutionException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    public Collection<Session> all() {
        return this.byId.values();
    }

    public int count() {
        return this.byId.size();
    }

    /** Logged-in connections. */
    public int peerCount() {
        return this.byLogin.size();
    }

    /** Logins online, sorted. */
    public List<String> logins() {
        return this.byLogin.keySet().stream().sorted().toList();
    }

    private void refuse(TcpConnection connection) {
        this.stats.connectionRefused();
        this.stats.error(ErrorKind.SERVER_FULL);
        this.problems.warn("server-full", () -> "Refused " + connection.getHostAddress() + ": "
                + this.properties.maxConnections() + " connections open");
        try {
            // A fresh socket's send buffer is empty: this short write cannot block.
            connection.send(new GenericMessage<>(this.serverFull));
        }
        catch (RuntimeException ex) {
            // The client is gone already; closing is all that is left to do.
        }
        connection.close();
    }

    private void loginTimedOut(Session session) {
        if (!session.loggedIn() && !session.ending()) {
            this.problems.info("login-timeout",
                    () -> "No login from " + session.id() + " within " + this.properties.loginTimeout() + "; closing");
            this.stats.error(ErrorKind.LOGIN_TIMEOUT);
            session.closeAfter(this.loginTimedOut);
        }
    }

    /**
     * After a lingering close the client has close-linger to close its side; the reader discards what
     * it still sends. (A shutdown's half-close is closed by the shutdown, within its own bound.)
     */
    private void end(Session session, Ending how) {
        session.end(how);
        if (how == Ending.LINGER) {
            this.executors.timer().schedule(session::close, this.properties.closeLinger().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A slow consumer gets {@code slow-consumer-grace} to take its error line; then its socket is closed under it. */
    private void forceCloseLater(Session session) {
        this.problems.info("slow-consumer", () -> "Slow consumer " + session + ": send queue over "
                + this.properties.sendQueueLimit() + "; disconnecting");
        this.stats.error(ErrorKind.SLOW_CONSUMER);
        Duration grace = this.properties.slowConsumerGrace();
        this.executors.timer().schedule(session::close, grace.toNanos(), TimeUnit.NANOSECONDS);
    }

}
