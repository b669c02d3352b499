package io.achat.server.monitoring;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.delivery.PeerWriter;
import io.achat.server.session.Session;
import io.achat.server.session.Sessions;
import io.achat.server.shutdown.ShutdownCoordinator;
import io.achat.server.shutdown.ShutdownReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The {@code chat.*} meters (docs/operations.md lists them). Counters are function counters over
 * {@link ChatStats} and gauges are read from the sessions, both only when a registry is scraped:
 * the reader and writer threads do nothing for them beyond the {@link java.util.concurrent.atomic.LongAdder}
 * increments the shutdown summary needs anyway. The one meter on the hot path is the broker's
 * {@code chat.routing} timer.
 */
@Component
class ChatMetrics implements MeterBinder {

    private final ChatStats stats;

    private final Sessions sessions;

    private final ShutdownCoordinator shutdown;

    ChatMetrics(ChatStats stats, Sessions sessions, ShutdownCoordinator shutdown) {
        this.stats = stats;
        this.sessions = sessions;
        this.shutdown = shutdown;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("chat.connections.active", this.sessions, Sessions::count)
            .description("Open client connections, logged in or not")
            .baseUnit(BaseUnits.CONNECTIONS)
            .register(registry);
        Gauge.builder("chat.peers.active", this.sessions, Sessions::peerCount)
            .description("Logged-in peers")
            .register(registry);
        counter(registry, "chat.connections.opened", "Connections accepted", ChatStats::connectionsOpened);
        counter(registry, "chat.connections.refused", "Connections refused because max-connections were open",
                ChatStats::connectionsRefused);
        counter(registry, "chat.logins.accepted", "Logins accepted", ChatStats::loginsAccepted);
        loginsRefused(registry, "invalid", ErrorKind.INVALID_LOGIN);
        loginsRefused(registry, "taken", ErrorKind.LOGIN_TAKEN);
        counter(registry, "chat.lines.received", "Lines read from logged-in and logging-in clients",
                ChatStats::linesReceived);
        counter(registry, "chat.lines.routed", "Message lines routed to their recipients", ChatStats::linesRouted);
        counter(registry, "chat.lines.rejected", "Lines answered 'not delivered' because the shutdown had begun",
                ChatStats::linesRejected);
        counter(registry, "chat.lines.discarded", "Lines read from connections that were already closing",
                ChatStats::linesDiscarded);
        counter(registry, "chat.deliveries.written", "Deliveries written to their recipients' sockets",
                ChatStats::deliveriesWritten);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("chat.deliveries.dropped", this.stats, (s) -> s.deliveriesDropped(reason))
                .description("Deliveries queued for a peer that never reached its socket")
                .tag("reason", tag(reason))
                .register(registry);
        }
        for (ErrorKind kind : ErrorKind.values()) {
            FunctionCounter.builder("chat.errors", this.stats, (s) -> s.errors(kind))
                .description("Error lines sent to clients, by kind")
                .tag("kind", tag(kind))
                .register(registry);
        }
        counter(registry, "chat.slow.consumers", "Peers disconnected for falling more than send-queue-limit behind",
                (s) -> s.errors(ErrorKind.SLOW_CONSUMER));
        queueGauge(registry, "chat.peer.queue.lines", "Lines queued for a peer and not yet written", null,
                PeerWriter::queuedLines);
        queueGauge(registry, "chat.peer.queue.bytes", "Bytes queued for a peer and not yet written", BaseUnits.BYTES,
                PeerWriter::queuedBytes);
        bindShutdown(registry);
    }

    /** The shutdown summary's own figures; the totals it also reports are the counters above. NaN until it ran. */
    private void bindShutdown(MeterRegistry registry) {
        TimeGauge.builder("chat.shutdown.duration", this.shutdown, TimeUnit.MILLISECONDS,
                shutdownFigure((r) -> r.took().toMillis()))
            .description("How long the graceful shutdown took, from refusing connections to the last socket closed")
            .register(registry);
        Gauge.builder("chat.shutdown.connections", this.shutdown, shutdownFigure(ShutdownReport::connectionsClosed))
            .description("Connections open when the graceful shutdown began")
            .baseUnit(BaseUnits.CONNECTIONS)
            .register(registry);
        Gauge.builder("chat.shutdown.peers.cut.off", this.shutdown, shutdownFigure(ShutdownReport::peersCutOff))
            .description("Peers that had not read everything when the shutdown bound ran out")
            .register(registry);
        Gauge.builder("chat.shutdown.exit.status", this.shutdown, shutdownFigure(ShutdownReport::exitStatus))
            .description("The exit status the graceful shutdown chose: 0 all delivered, 75 cut short")
            .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ChatStats> count) {
        FunctionCounter.builder(name, this.stats, count).description(description).register(registry);
    }

    private void loginsRefused(MeterRegistry registry, String reason, ErrorKind kind) {
        FunctionCounter.builder("chat.logins.refused", this.stats, (s) -> s.errors(kind))
            .description("Logins refused, by reason")
            .tag("reason", reason)
            .register(registry);
    }

    /** Max and total over every peer, computed at scrape time: O(connections) per scrape, nothing per line. */
    private void queueGauge(MeterRegistry registry, String name, String description, String unit,
            ToLongFunction<PeerWriter> depth) {
        Gauge.builder(name, this.sessions, (s) -> s.all().stream().mapToLong((session) -> depth(session, depth)).max().orElse(0))
            .description(description + ": the largest queue")
            .baseUnit(unit)
            .tag("statistic", "max")
            .register(registry);
        Gauge.builder(name, this.sessions, (s) -> s.all().stream().mapToLong((session) -> depth(session, depth)).sum())
            .description(description + ": all queues together")
            .baseUnit(unit)
            .tag("statistic", "total")
            .register(registry);
    }

    private static long depth(Session session, ToLongFunction<PeerWriter> depth) {
        PeerWriter writer = session.writer();
        return writer != null ? depth.applyAsLong(writer) : 0;
    }

    private static ToDoubleFunction<ShutdownCoordinator> shutdownFigure(ToDoubleFunction<ShutdownReport> figure) {
        return (coordinator) -> coordinator.report().map(figure::applyAsDouble).orElse(Double.NaN);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
