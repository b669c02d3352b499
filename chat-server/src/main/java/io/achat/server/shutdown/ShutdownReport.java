package io.achat.server.shutdown;

import java.time.Duration;

import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;

/**
 * What a graceful shutdown did, for the one summary line it logs and for the exit status. Counts
 * other than {@code connectionsClosed} and {@code peersCutOff} are totals since the server started.
 *
 * @param took from the first phase to the last socket closed
 * @param connectionsClosed connections that were open when the shutdown began
 * @param connectionsAccepted connections accepted since start
 * @param connectionsRefused connections refused because the server was full
 * @param linesReceived lines read from clients
 * @param linesRouted lines routed to their recipients
 * @param linesRejected lines that arrived after shutdown began and were answered "not delivered"
 * @param linesDiscarded lines read from connections that were already closing
 * @param deliveriesWritten deliveries written to their sockets
 * @param droppedSlowConsumer deliveries dropped because their peer was a slow consumer
 * @param droppedDisconnected deliveries dropped because their peer disconnected first
 * @param droppedShutdown deliveries the shutdown bound cut off
 * @param peersCutOff peers that had not read everything when the bound ran out
 */
public record ShutdownReport(Duration took, int connectionsClosed, long connectionsAccepted, long connectionsRefused,
        long linesReceived, long linesRouted, long linesRejected, long linesDiscarded, long deliveriesWritten,
        long droppedSlowConsumer, long droppedDisconnected, long droppedShutdown, int peersCutOff) {

    /** Exit status when everything queued was delivered. */
    public static final int EXIT_DELIVERED = 0;

    /** Exit status when the shutdown bound cut the drain short (EX_TEMPFAIL, from sysexits.h). */
    public static final int EXIT_DRAIN_INCOMPLETE = 75;

    static ShutdownReport of(Duration took, int connectionsClosed, int peersCutOff, ChatStats stats) {
        return new ShutdownReport(took, connectionsClosed, stats.connectionsOpened(), stats.connectionsRefused(),
                stats.linesReceived(), stats.linesRouted(), stats.linesRejected(), stats.linesDiscarded(),
                stats.deliveriesWritten(), stats.deliveriesDropped(DropReason.SLOW_CONSUMER),
                stats.deliveriesDropped(DropReason.DISCONNECTED), stats.deliveriesDropped(DropReason.SHUTDOWN),
                peersCutOff);
    }

    public int exitStatus() {
        return this.droppedShutdown == 0 && this.peersCutOff == 0 ? EXIT_DELIVERED : EXIT_DRAIN_INCOMPLETE;
    }

    String summary() {
        return String.format("Shutdown complete in %d ms: %d connections closed (%d accepted, %d refused since start); "
                + "%d lines received, %d routed, %d answered 'not delivered' during shutdown, %d discarded from closing "
                + "connections; %d deliveries written, %d dropped (%d slow consumer, %d recipient disconnected, "
                + "%d shutdown cut-off from %d peers); exit status %d", this.took.toMillis(), this.connectionsClosed,
                this.connectionsAccepted, this.connectionsRefused, this.linesReceived, this.linesRouted,
                this.linesRejected, this.linesDiscarded, this.deliveriesWritten,
                this.droppedSlowConsumer + this.droppedDisconnected + this.droppedShutdown, this.droppedSlowConsumer,
                this.droppedDisconnected, this.droppedShutdown, this.peersCutOff, exitStatus());
    }

}
