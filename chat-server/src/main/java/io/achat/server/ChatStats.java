package io.achat.server;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Running totals since start; the shutdown summary reports them. {@link LongAdder}s, because every
 * reader and writer thread counts on its hot path and must not contend on one cache line.
 */
@Component
public class ChatStats {

    /** Why a delivery that was queued for a peer never reached its socket. */
    public enum DropReason {

        /** The peer fell more than the send-queue limit behind and was disconnected. */
        SLOW_CONSUMER("slow consumer"),

        /** The peer's connection ended first. */
        DISCONNECTED("recipient disconnected"),

        /** The shutdown bound ran out before the peer read it. */
        SHUTDOWN("shutdown cut-off");

        private final String label;

        DropReason(String label) {
            this.label = label;
        }

        public String label() {
            return this.label;
        }

    }

    private final LongAdder connectionsOpened = new LongAdder();

    private final LongAdder connectionsClosed = new LongAdder();

    private final LongAdder connectionsRefused = new LongAdder();

    private final LongAdder linesReceived = new LongAdder();

    private final LongAdder linesRouted = new LongAdder();

    private final LongAdder linesRejected = new LongAdder();

    private final LongAdder linesDiscarded = new LongAdder();

    private final LongAdder deliveriesWritten = new LongAdder();

    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];

    public ChatStats() {
        for (int i = 0; i < this.dropped.length; i++) {
            this.dropped[i] = new LongAdder();
        }
    }

    public void connectionOpened() {
        this.connectionsOpened.increment();
    }

    public void connectionClosed() {
        this.connectionsClosed.increment();
    }

    public void connectionRefused() {
        this.connectionsRefused.increment();
    }

    public void lineReceived() {
        this.linesReceived.increment();
    }

    public void lineRouted() {
        this.linesRouted.increment();
    }

    /** A line that arrived after shutdown began, answered with an error line instead of being routed. */
    public void lineRejected() {
        this.linesRejected.increment();
    }

    /** A line read from a connection that was already closing (after /quit, an over-long line, or the final flush). */
    public void lineDiscarded() {
        this.linesDiscarded.increment();
    }

    public void deliveriesWritten(int count) {
        this.deliveriesWritten.add(count);
    }

    public void deliveriesDropped(DropReason reason, int count) {
        this.dropped[reason.ordinal()].add(count);
    }

    public long connectionsOpened() {
        return this.connectionsOpened.sum();
    }

    public long connectionsClosed() {
        return this.connectionsClosed.sum();
    }

    public long connectionsRefused() {
        return this.connectionsRefused.sum();
    }

    public long linesReceived() {
        return this.linesReceived.sum();
    }

    public long linesRouted() {
        return this.linesRouted.sum();
    }

    public long linesRejected() {
        return this.linesRejected.sum();
    }

    public long linesDiscarded() {
        return this.linesDiscarded.sum();
    }

    public long deliveriesWritten() {
        return this.deliveriesWritten.sum();
    }

    public long deliveriesDropped(DropReason reason) {
        return this.dropped[reason.ordinal()].sum();
    }

}
