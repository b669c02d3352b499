package io.achat.server.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.tcp.ConnectionHeaders;
import io.achat.server.tcp.ReadBatch;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * One peer's outbound endpoint: the original's per-peer channel and writer task. A bounded mailbox
 * (in bytes) that any reader thread may fill, drained by at most one task at a time on a writer
 * thread, which coalesces everything queued (up to {@value #MAX_BATCH} bytes) into one payload for
 * the shared TCP outbound adapter.
 * <p>
 * Lines of one sender keep their order: the sender's reader thread enqueues them in order, the
 * queue is FIFO and only one drain runs at a time. A slow peer blocks only its own drain; the
 * broker never waits for it. Every queued delivery is counted once, as written or as dropped with
 * a reason, by whichever thread takes it off the queue.
 */
public final class PeerWriter {

    /** How the connection ends once the writer is done with it. */
    public enum Ending {

        /** Close the socket. */
        CLOSE,

        /** Send FIN after the last line but keep reading until the client closes (graceful shutdown). */
        HALF_CLOSE,

        /** Send FIN after the last line, read until the client closes, but close after close-linger at most. */
        LINGER

    }

    static final int MAX_BATCH = 64 * 1024;

    /** A line of our own (error, info) rather than a delivery; optionally the writer's last. */
    private record Control(byte[] line, Ending ending) {
    }

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

    private final AtomicLong queuedBytes = new AtomicLong();

    private final AtomicLong accepted = new AtomicLong();

    private final AtomicLong finished = new AtomicLong();

    private final AtomicBoolean draining = new AtomicBoolean();

    private final MessageHeaders headers;

    private final long limit;

    private final MessageChannel outbound;

    private final Executor executor;

    private final ChatStats stats;

    private final Consumer<Ending> end;

    private final byte[] overflowLine;

    private final Runnable onOverflow;

    private final Runnable startDrain = this::startDrain;

    private final Runnable drain = this::drain;

    /** Written by the drain only. */
    private final List<Object> batch = new ArrayList<>();

    private volatile boolean sealed;

    /**
     * Set once nothing queued will ever be drained: the connection is gone, the shutdown cut it off,
     * or the drain has carried out its ending. Sealed alone is not enough: a sealed writer may still
     * hold its ending, which must not be discarded.
     */
    private volatile boolean terminated;

    private volatile DropReason dropReason = DropReason.DISCONNECTED;

    PeerWriter(String connectionId, long limit, MessageChannel outbound, Executor executor, ChatStats stats,
            Consumer<Ending> end, byte[] overflowLine, Runnable onOverflow) {
        this.headers = ConnectionHeaders.of(connectionId);
        this.limit = limit;
        this.outbound = outbound;
        this.executor = executor;
        this.stats = stats;
        this.end = end;
        this.overflowLine = overflowLine;
        this.onOverflow = onOverflow;
    }

    /**
     * Queues a delivery. Returns {@code false} when it was dropped instead: the peer is gone, or has
     * just overflowed its queue and is being disconnected as a slow consumer. Called on reader threads.
     */
    public boolean deliver(byte[] line) {
        return enqueue(line, line.length);
    }

    /** Queues an error or info line; bounded like deliveries, so that a client that never reads cannot grow it. */
    public void reply(byte[] line) {
        enqueue(new Control(line, null), line.length);
    }

    /**
     * Queues a last line (or none) and ends the connection once everything before it is written.
     * Returns {@code false} if the writer had already been given its end.
     */
    public boolean endAfter(byte[] lastLine, Ending ending) {
        if (seal(DropReason.DISCONNECTED)) {
            add(new Control(lastLine, ending));
            return true;
        }
        return false;
    }


    /** The connection is gone: nothing more will be written; what is queued is dropped. */
    public void closed() {
        seal(DropReason.DISCONNECTED);
        this.terminated = true;
        discardQueued();
    }

    /** Shutdown ran out of time for this peer: drop what is queued, counted as cut off. */
    public void cutOff() {
        this.sealed = true;
        this.dropReason = DropReason.SHUTDOWN;
        this.terminated = true;
        discardQueued();
    }

    /** Lines (deliveries and our own) accepted so far. */
    public long accepted() {
        return this.accepted.get();
    }

    /** Lines accepted and not yet written or dropped. */
    public long queuedLines() {
        return this.accepted.get() - this.finished.get();
    }

    /** Bytes of the lines accepted and not yet written or dropped, as counted against {@code send-queue-limit}. */
    public long queuedBytes() {
        return this.queuedBytes.get();
    }

    /** True once every line accepted up to {@code mark} was written or dropped. */
    public boolean finished(long mark) {
        return this.finished.get() >= mark;
    }

    private boolean seal(DropReason reason) {
        if (this.sealed) {
            return false;
        }
        synchronized (this) {
            if (this.sealed) {
                return false;
            }
            this.dropReason = reason;
            this.sealed = true;
            return true;
        }
    }

    private boolean enqueue(Object item, int size) {
        if (this.sealed) {
            dropped(item);
            return false;
        }
        if (this.queuedBytes.addAndGet(size) > this.limit) {
            this.queuedBytes.addAndGet(-size);
            dropped(item);
            overflow();
            return false;
        }
        add(item);
        if (this.terminated) {
            // Terminated while we were adding: make sure our line is not left behind uncounted. (Only then:
            // a writer merely sealed still drains up to its ending, which discarding here would lose - the
            // line we added may even have been written, read, and answered by the client's end of input.)
            discardQueued();
        }
        return true;
    }

    /**
     * The slow-consumer policy: everything queued is dropped, the peer gets one error line and its
     * connection is ended; {@code onOverflow} lets the owner force the close should even that line
     * not get through because the peer reads nothing at all.
     */
    private void overflow() {
        if (seal(DropReason.SLOW_CONSUMER)) {
            discardQueued();
            add(new Control(this.overflowLine, Ending.CLOSE));
            this.onOverflow.run();
        }
    }

    private void add(Object item) {
        this.accepted.incrementAndGet();
        this.queue.add(item);
        if (this.draining.compareAndSet(false, true)) {
            // On a reader thread the drain starts once the reader has handled its whole read, so that a
            // burst of lines for this peer is written at once; 'draining' already keeps a second one out.
            ReadBatch.afterRead(this.startDrain);
        }
    }

    private void startDrain() {
        try {
            this.executor.execute(this.drain);
        }
        catch (RejectedExecutionException ex) {
            // Only after the executors were shut down at the very end: nothing can be written any more.
            this.draining.set(false);
            cutOff();
        }
    }

    private void drain() {
        while (true) {
            Ending ending = takeBatch();
            if (this.batch.isEmpty() && ending == null) {
                this.draining.set(false);
                if (this.queue.isEmpty() || !this.draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            write();
            if (ending != null) {
                // Leave 'draining' set for good: this writer is done.
                this.terminated = true;
                this.end.accept(ending);
                discardQueued();
                return;
            }
        }
    }

    /** Moves queued lines into {@link #batch}, up to {@value #MAX_BATCH} bytes; returns the ending it met, if any. */
    private Ending takeBatch() {
        int bytes = 0;
        Object item;
        while (bytes < MAX_BATCH && (item = this.queue.poll()) != null) {
            if (item instanceof Control control) {
                if (control.line() != null) {
                    this.batch.add(control);
                    bytes += control.line().length;
                }
                else {
                    this.finished.incrementAndGet();
                }
                if (control.ending() != null) {
                    return control.ending();
                }
            }
            else {
                this.batch.add(item);
                bytes += ((byte[]) item).length;
            }
        }
        return null;
    }

    private void write() {
        if (this.batch.isEmpty()) {
            return;
        }
        int deliveries = 0;
        int size = 0;
        for (Object item : this.batch) {
            byte[] line = bytes(item);
            size += line.length;
            if (item instanceof byte[]) {
                deliveries++;
            }
        }
        byte[] payload = this.batch.size() == 1 ? bytes(this.batch.get(0)) : concat(size);
        try {
            this.outbound.send(new GenericMessage<>(payload, this.headers));
            this.stats.deliveriesWritten(deliveries);
        }
        catch (RuntimeException ex) {
            // The socket is gone ("Unable to find outbound socket" or "Send Failed"); its close event cleans up.
            this.stats.deliveriesDropped(this.dropReason, deliveries);
            seal(DropReason.DISCONNECTED);
        }
        finally {
            release(this.batch);
            this.batch.clear();
        }
    }

    private byte[] concat(int size) {
        byte[] payload = new byte[size];
        int offset = 0;
        for (Object item : this.batch) {
            byte[] line = bytes(item);
            System.arraycopy(line, 0, payload, offset, line.length);
            offset += line.length;
        }
        return payload;
    }

    private void discardQueued() {
        Object item;
        while ((item = this.queue.poll()) != null) {
            if (item instanceof byte[] line) {
                this.stats.deliveriesDropped(this.dropReason, 1);
                this.queuedBytes.addAndGet(-line.length);
            }
            else {
                Control control = (Control) item;
                if (control.line() != null && control.ending() == null) {
                    this.queuedBytes.addAndGet(-control.line().length);
                }
            }
            this.finished.incrementAndGet();
        }
    }

    private void release(List<Object> written) {
        long bytes = 0;
        for (Object item : written) {
            if (item instanceof byte[] line) {
                bytes += line.length;
            }
            else if (((Control) item).ending() == null) {
                bytes += ((Control) item).line().length;
            }
        }
        this.queuedBytes.addAndGet(-bytes);
        this.finished.addAndGet(written.size());
    }

    private void dropped(Object item) {
        if (item instanceof byte[]) {
            this.stats.deliveriesDropped(this.sealed ? this.dropReason : DropReason.SLOW_CONSUMER, 1);
        }
    }

    private static byte[] bytes(Object item) {
        return item instanceof byte[] line ? line : ((Control) item).line();
    }

}
