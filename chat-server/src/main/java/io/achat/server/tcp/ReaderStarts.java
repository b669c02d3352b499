package io.achat.server.tcp;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.achat.server.ChatExecutors;
import io.achat.server.RateLimitedLog;

import org.springframework.integration.ip.tcp.connection.TcpConnection;

/**
 * The executor the factory runs its accept loop on and hands each accepted connection to. A
 * connection's reader is started through {@link ChatExecutors#readerStarts()}, so that on platform
 * threads the accept loop goes back to {@code accept} without waiting for the new thread. A start
 * that fails (more threads than {@code max-connections} allows for, or than the system gives the
 * process) closes that connection and nothing else: the factory's own loop closes the socket of a
 * rejected start, but a thread the system refuses would have ended it.
 */
final class ReaderStarts implements Executor {

    private final Executor readers;

    private final Executor starts;

    private final RateLimitedLog problems;

    ReaderStarts(Executor readers, Executor starts, RateLimitedLog problems) {
        this.readers = readers;
        this.starts = starts;
        this.problems = problems;
    }

    @Override
    public void execute(Runnable task) {
        if (task instanceof TcpConnection connection) {
            this.starts.execute(() -> start(connection));
        }
        else {
            // The factory's accept loop itself: started once, when the factory starts.
            this.readers.execute(task);
        }
    }

    private void start(TcpConnection connection) {
        try {
            this.readers.execute(connection);
        }
        catch (RejectedExecutionException | OutOfMemoryError ex) {
            // Out of memory here is the kernel refusing a new platform thread ("unable to create native
            // thread"): the process's thread limit, which a login storm on Java 17 can reach before max-connections.
            this.problems.warn("reader-refused", () -> "No reader thread for " + connection.getHostAddress() + " ("
                    + ex.getMessage() + "); closing");
            connection.close();
        }
    }

}
