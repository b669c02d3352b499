package io.achat.server.shutdown;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.broker.RoutingGate;
import io.achat.server.protocol.ServerLines;
import io.achat.server.session.Session;
import io.achat.server.session.Sessions;
import io.achat.server.tcp.ChatServerConnectionFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The seeds' clean shutdown, as the first {@link SmartLifecycle} phase to stop (SIGTERM, SIGINT or
 * context close): stop accepting, route what was read, deliver everything, let clients end their
 * input, close. It runs on its own thread ({@code chat-shutdown}) and is bounded as a whole by
 * {@code shutdown-timeout}. When it is done, the inbound adapter's phase ({@code Integer.MAX_VALUE / 2}) stops the connection factory,
 * which closes whatever is still open.
 */
@Component
public class ShutdownCoordinator implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

    private static final byte[] NOTICE = ServerLines.info("the server is shutting down; lines you send from now on are not delivered");

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ChatServerConnectionFactory connectionFactory;

    private final RoutingGate gate;

    private final Sessions sessions;

    private final ChatStats stats;

    private final ChatServerProperties properties;

    private final ApplicationEventPublisher events;

    private volatile boolean running;

    private volatile ShutdownReport report;

    ShutdownCoordinator(ChatServerConnectionFactory connectionFactory, RoutingGate gate, Sessions sessions,
            ChatStats stats, ChatServerProperties properties, ApplicationEventPublisher events) {
        this.connectionFactory = connectionFactory;
        this.gate = gate;
        this.sessions = sessions;
        this.stats = stats;
        this.properties = properties;
        this.events = events;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public void stop() {
        shutDown();
    }

    /** Asynchronous, so the lifecycle processor's phase timeout bounds it too. */
    @Override
    public void stop(Runnable callback) {
        Thread thread = new Thread(() -> {
            try {
                shutDown();
            }
            finally {
                callback.run();
            }
        }, "chat-shutdown");
        thread.start();
    }

    /** The outcome of the graceful shutdown, once it has run. */
    public Optional<ShutdownReport> report() {
        return Optional.ofNullable(this.report);
    }

    private void shutDown() {
        long start = System.nanoTime();
        long deadline = start + this.properties.shutdownTimeout().toNanos();
        long linger = this.properties.closeLinger().toNanos();
        // The drain may take the bound but for the two lingers of the last steps.
        long drainDeadline = deadline - 2 * linger;
        int connections = this.sessions.count();
        // 0. Readiness first, so that load balancers stop sending clients before they would be refused. Boot's
        // web context publishes it too when it closes; publishing here makes it hold for every way in.
        AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
        logger.info("Graceful shutdown of " + connections + " connections (bound " + this.properties.shutdownTimeout()
                + "): stopped accepting");
        try {
            // 1. Stop accepting: connection attempts are refused from here on.
            this.connectionFactory.stopAccepting();
            // 2. Stop routing: lines that got past the gate are routed, later ones are answered "not delivered".
            this.gate.close(deadline - linger);
            this.gate.awaitQuiescence(drainDeadline);
            Map<Session, Long> marks = new HashMap<>();
            for (Session session : this.sessions.all()) {
                session.reply(NOTICE);
                marks.put(session, session.writer().accepted());
            }
            // 3. Drain: wait until each writer has written everything queued before the notice, the notice included.
            awaitUntil(() -> marks.entrySet().stream().allMatch(e -> e.getKey().writer().finished(e.getValue())),
                    drainDeadline);
            long phaseFour = System.nanoTime();
            int cutOff = 0;
            for (Map.Entry<Session, Long> entry : marks.entrySet()) {
                if (!entry.getKey().writer().finished(entry.getValue())) {
                    entry.getKey().writer().cutOff();
                    entry.getKey().close();
                    cutOff++;
                }
            }
            // 4. Let clients end their input: what they send meanwhile is answered "not delivered", and one that
            // ends it (as the notice asks) gets every line owed to it and is closed at once, by the broker. A client
            // still sending has not read the notice yet (it may be seconds behind under load), so the wait lasts
            // until every client has been quiet for close-linger, within the bound: no line a client sent before
            // it could read the notice goes unanswered.
            awaitUntil(() -> this.sessions.count() == 0 || (System.nanoTime() - phaseFour >= linger
                    && this.sessions.all().stream().allMatch(s -> s.quietSince(System.nanoTime() - linger))),
                    deadline - linger);
            // 5. Close the rest: their last lines, end of stream, and close-linger for them to close their side.
            this.sessions.all().forEach(Session::finish);
            awaitUntil(() -> this.sessions.count() == 0, deadline);
            this.sessions.all().forEach(Session::close);
            this.report = ShutdownReport.of(Duration.ofNanos(System.nanoTime() - start), connections, cutOff,
                    this.stats);
            logger.info(this.report.summary());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            logger.warn("Graceful shutdown interrupted; closing every connection now");
        }
        finally {
            this.running = false;
        }
    }

    /** Polls: the conditions span thousands of writers, and a 10 ms beat is nothing next to a shutdown. */
    private static void awaitUntil(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (!condition.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, Math.max(0, deadlineNanos - System.nanoTime())));
        }
    }

}
