package io.achat.server.tcp;

import java.util.ArrayList;
import java.util.List;

/**
 * What a connection's reader holds back until it has handled everything one socket read gave it
 * and is about to block on the socket again: the peer writers its lines woke. Netty flushes at the
 * end of a read for the same reason; this is that, for blocking sockets.
 * <p>
 * Starting a writer wakes a thread. Held back, a reader that read thirty lines for one peer wakes
 * its writer once, with all thirty queued, instead of waking it at the first line and letting it
 * write the rest in pieces; and it wakes it just as it gives up its own core. On Java 17, where
 * every wake-up is a kernel thread switch, that took 15% off the server's CPU per delivery under
 * {@code throughput} (docs/benchmarks.md, "Writers woken at the end of a read").
 * <p>
 * A batch belongs to one reader thread, for the life of its connection; no other thread sees it.
 * It holds a task at most until its reader next waits for anything: every place a reader may
 * block runs {@link #runHeld()} first (its socket read, the end of input, which waits for the
 * reader's own writer, and a login that waits for the name's previous holder to go). A reader that
 * waited with a writer's start held would wait for a writer that cannot start.
 */
public final class ReadBatch {

    private static final ThreadLocal<ReadBatch> CURRENT = new ThreadLocal<>();

    private final List<Runnable> held = new ArrayList<>();

    private ReadBatch() {
    }

    /**
     * Runs {@code task} once the current thread's reader has handled what it read (at the latest
     * before it blocks: see {@link #runHeld()}), or at once on any thread that is not a
     * connection's reader (the timer, the shutdown, a writer). The task must not throw.
     */
    public static void afterRead(Runnable task) {
        ReadBatch batch = CURRENT.get();
        if (batch == null) {
            task.run();
        }
        else {
            batch.held.add(task);
        }
    }

    /** Starts the current thread's batch: its reader's loop is about to begin. */
    static ReadBatch open() {
        ReadBatch batch = new ReadBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** Runs what the current thread's reader holds back; a reader calls it before it blocks. */
    public static void runHeld() {
        ReadBatch batch = CURRENT.get();
        if (batch != null) {
            batch.run();
        }
    }

    /** Runs what is held and ends the batch: the reader's loop is over, and its pooled thread may serve another connection. */
    void close() {
        try {
            run();
        }
        finally {
            CURRENT.remove();
        }
    }

    private void run() {
        for (int i = 0; i < this.held.size(); i++) {
            this.held.get(i).run();
        }
        this.held.clear();
    }

}
