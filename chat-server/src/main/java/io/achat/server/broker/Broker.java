package io.achat.server.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.RateLimitedLog;
import io.achat.server.protocol.LoginName;
import io.achat.server.protocol.Request;
import io.achat.server.protocol.ServerLines;
import io.achat.server.protocol.Utf8;
import io.achat.server.session.Session;
import io.achat.server.session.Sessions;
import io.achat.server.tcp.ChatLineCodec;
import io.achat.server.tcp.ReadBatch;

import io.micrometer.core.instrument.Timer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * The original's broker, as the handler of the {@code broker} channel: the first line of a
 * connection logs it in, every later one is parsed and put in each recipient's writer.
 * <p>
 * Threading: it runs on the reader thread of the connection that sent the line (the channel is a
 * direct one), so one sender's lines are routed in the order they arrived and several senders are
 * routed in parallel. It never blocks on a recipient: a writer's queue is bounded and a full one
 * disconnects its peer. The one wait is a login whose name is still held by a connection that is
 * closing, bounded by {@code relogin-wait}.
 */
final class Broker implements MessageHandler {

    private static final Log logger = LogFactory.getLog(Broker.class);

    private static final byte[] INVALID_UTF8 = ServerLines.error("line is not valid UTF-8; dropped");

    private static final byte[] SHUTTING_DOWN = ServerLines.error("not delivered: the server is shutting down");

    private static final byte[] BYE = ServerLines.info("bye");

    /** One message in this many per client is timed for {@code chat.routing}. */
    static final int ROUTING_SAMPLE = 64;

    private final Sessions sessions;

    private final RoutingGate gate;

    private final ChatStats stats;

    private final byte[] tooLong;

    private final Duration closeLinger;

    private final Timer routing;

    private final RateLimitedLog problems;

    Broker(Sessions sessions, RoutingGate gate, ChatStats stats, ChatServerProperties properties, Timer routing) {
        this.sessions = sessions;
        this.gate = gate;
        this.stats = stats;
        this.routing = routing;
        this.problems = new RateLimitedLog(logger, properties.problemLogInterval());
        this.tooLong = ServerLines.error("line longer than " + properties.maxLineBytes() + " bytes; closing");
        this.closeLinger = properties.closeLinger();
    }

    @Override
    public void handleMessage(Message<?> message) {
        Session session = this.sessions.get(message.getHeaders().get(IpHeaders.CONNECTION_ID, String.class));
        Object payload = message.getPayload();
        if (payload == ChatLineCodec.END_OF_INPUT) {
            if (session != null) {
                endOfInput(session);
            }
            return;
        }
        if (session == null || session.ending()) {
            this.stats.lineDiscarded();
            return;
        }
        if (payload == ChatLineCodec.TOO_LONG) {
            this.problems.info("line-too-long", () -> "Line over the limit from " + session + "; closing");
            this.stats.error(ErrorKind.LINE_TOO_LONG);
            session.closeAfter(this.tooLong);
            return;
        }
        this.stats.lineReceived();
        CharSequence line = Utf8.textOrNull((byte[]) payload);
        if (line == null && !session.loggedIn()) {
            invalidLogin(session, "not valid UTF-8");
            return;
        }
        if (line == null) {
            if (session.firstInvalidInput()) {
                this.problems.info("invalid-utf8",
                        () -> "Invalid UTF-8 from " + session + "; line dropped (said once per connection)");
            }
            this.stats.error(ErrorKind.INVALID_UTF8);
            session.reply(INVALID_UTF8);
            return;
        }
        if (!this.gate.enter()) {
            this.stats.lineRejected();
            this.stats.error(ErrorKind.SHUTTING_DOWN);
            session.lineRejected();
            session.reply(SHUTTING_DOWN);
            return;
        }
        try {
            if (session.loggedIn()) {
                handle(session, Request.parse(line));
            }
            else {
                login(session, line.toString().strip());
            }
        }
        finally {
            this.gate.exit();
        }
    }

    /**
     * The client closed its side. As the original's writer does, what is queued for it is still
     * written before the connection closes; this reader thread (the connection's own) waits for
     * that, at most {@code close-linger} (during a shutdown, as long as the shutdown lets it), since
     * the socket closes when it returns.
     */
    private void endOfInput(Session session) {
        CompletableFuture<Void> closed = session.inputEnded();
        // The writer that closes the connection may be one this reader holds back: start it before waiting.
        ReadBatch.runHeld();
        try {
            // During a shutdown, longer: a client that ended its input as the notice asks is owed every answer.
            closed.get(this.gate.flushBound(this.closeLinger).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            // the client reads nothing: closing it now drops what is left, counted as undelivered
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void login(Session session, String name) {
        String problem = LoginName.problem(name).orElse(null);
        if (problem != null) {
            invalidLogin(session, problem);
        }
        else if (this.sessions.login(session, name, ServerLines.info("logged in as " + name)) == Sessions.Login.TAKEN) {
            this.problems.info("login-taken",
                    () -> "Login '" + name + "' refused for " + session + ": already connected");
            this.stats.error(ErrorKind.LOGIN_TAKEN);
            session.closeAfter(ServerLines.error("login '" + name + "' is already connected"));
        }
        else {
            this.stats.loginAccepted();
        }
    }

    private void invalidLogin(Session session, String problem) {
        this.problems.info("invalid-login", () -> "Invalid login from " + session + "; closing");
        this.stats.error(ErrorKind.INVALID_LOGIN);
        session.closeAfter(ServerLines.error("invalid login: " + problem));
    }

    private void handle(Session sender, Request request) {
        // Java 17 baseline: no pattern matching in switch yet.
        if (request instanceof Request.Send send) {
            route(sender, send);
        }
        else if (request instanceof Request.Invalid invalid) {
            this.stats.error(ErrorKind.INVALID_REQUEST);
            sender.reply(ServerLines.error(invalid.reason()));
        }
        else if (request == Request.WHO) {
            sender.reply(ServerLines.info("online: " + String.join(", ", this.sessions.logins())));
        }
        else {
            sender.closeAfter(BYE);
        }
    }

    /**
     * Timed from the parsed line to the last recipient's queue, the broker's share of a delivery's
     * latency, for each client's first message and every {@value #ROUTING_SAMPLE}th after it: timing
     * every line cost ~15% more server CPU per delivery under full load (docs/benchmarks.md).
     */
    private void route(Session sender, Request.Send send) {
        boolean timed = (sender.nextMessage() % ROUTING_SAMPLE) == 0;
        long start = timed ? System.nanoTime() : 0;
        byte[] delivery = ServerLines.delivery(sender.deliveryPrefix(), send.text());
        for (String name : send.recipients()) {
            Session recipient = this.sessions.peer(name);
            if (recipient == null) {
                this.stats.error(ErrorKind.NOT_LOGGED_IN);
                sender.reply(ServerLines.error("not delivered to " + Request.abbreviate(name) + ": not logged in"));
            }
            else if (!recipient.writer().deliver(delivery)) {
                this.stats.error(ErrorKind.RECIPIENT_DISCONNECTED);
                sender.reply(ServerLines.error("not delivered to " + name + ": disconnected"));
            }
        }
        this.stats.lineRouted();
        if (timed) {
            this.routing.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

}
