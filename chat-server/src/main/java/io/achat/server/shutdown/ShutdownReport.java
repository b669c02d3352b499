package io.achat.server.shutdown;

import java.time.Duration;

/**
 * What a graceful shutdown did, for the one summary line it logs and for the exit status.
 *
 * @param took from the first phase to the last socket closed
 * @param connectionsClosed connections that were open when the shutdown began
 * @param linesRouted lines routed since the server started
 * @param deliveriesWritten deliveries written since the server started
 * @param droppedSlowConsumer deliveries dropped because their peer was a slow consumer
 * @param droppedDisconnected deliveries dropped because their peer disconnected first
 * @param droppedShutdown deliveries the shutdown bound cut off
 * @param peersCutOff peers that had not read everything when the bound ran out
 * @param linesRejected lines that arrived after shutdown began and were answered "not delivered"
 */
public record ShutdownReport(Duration took, long connectionsClosed, long linesRouted, long deliveriesWritten,
        long droppedSlowConsumer, long droppedDisconnected, long droppedShutdown, int peersCutOff,
        long linesRejected) {

    /** Exit status when everything queued was delivered. */
    public static final int EXIT_DELIVERED = 0;

    /** Exit status when the shutdown bound cut the drain short (EX_TEMPFAIL, from sysexits.h). */
    public static final int EXIT_DRAIN_INCOMPLETE = 75;

    public int exitStatus() {
        return this.droppedShutdown == 0 && this.peersCutOff == 0 ? EXIT_DELIVERED : EXIT_DRAIN_INCOMPLETE;
    }

    String summary() {
        return String.format("Shutdown complete in %d ms: %d connections closed, %d lines routed, "
                + "%d deliveries written, %d dropped (%d slow consumer, %d recipient disconnected, %d shutdown cut-off "
                + "from %d peers), %d late lines answered 'not delivered'; exit status %d", this.took.toMillis(),
                this.connectionsClosed, this.linesRouted, this.deliveriesWritten,
                this.droppedSlowConsumer + this.droppedDisconnected + this.droppedShutdown, this.droppedSlowConsumer,
                this.droppedDisconnected, this.droppedShutdown, this.peersCutOff, this.linesRejected, exitStatus());
    }

}
