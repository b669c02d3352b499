package io.achat.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The server's own threads. None of them is a Spring-managed executor bean: those stop taking work
 * when the context starts closing, before the graceful shutdown has delivered anything.
 * <ul>
 * <li>{@link #readers()}: the accept loop and one reader per connection; the reader runs the broker
 * for each line it reads, so a sender's lines are routed in the order they arrived.</li>
 * <li>{@link #readerStarts()}: where a new connection's reader is started from; on platform threads
 * a thread of its own, so that the accept loop never waits for a thread to start.</li>
 * <li>{@link #writers()}: one drain task at a time per peer with something queued.</li>
 * <li>{@link #timer()}: login timeouts and slow-consumer grace; its tasks only queue or close.</li>
 * </ul>
 * On Java 21+ readers and writers are virtual threads: a peer blocked in a socket write then costs
 * no platform thread. On Java 17 they are platform threads, bounded by {@code max-connections}
 * (each connection has at most one reader and one drain running).
 */
@Component
public class ChatExecutors implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ChatExecutors.class);

    private static final int STARTS_QUEUED = 1024;

    private final Executor readers;

    private final Executor readerStarts;

    private final Executor writers;

    private final ScheduledThreadPoolExecutor timer;

    ChatExecutors(ChatServerProperties properties) {
        boolean virtual = properties.virtualThreads() && Runtime.version().feature() >= 21;
        // Headroom over max-connections: the accept loop, and refused connections that still need a thread to be told.
        int bound = properties.maxConnections() + 64;
        this.readers = virtual ? virtualThreads("chat-reader-") : platformThreads("chat-reader-", bound);
        this.readerStarts = virtual ? Runnable::run : starter("chat-reader-start-");
        this.writers = virtual ? virtualThreads("chat-writer-") : platformThreads("chat-writer-", bound);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("chat-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        logger.info((virtual ? "Virtual" : "Platform") + " threads for connection readers and peer writers (Java "
                + Runtime.version().feature() + ")");
    }

    public Executor readers() {
        return this.readers;
    }

    /**
     * Runs the start of each new connection's reader. Starting a platform thread waits until the new
     * thread has been scheduled once; on the accept thread that wait held up every connection behind
     * it, and 10,000 clients took 4.5–4.8 s to log in on Java 17 instead of 3.5–3.9 s
     * (docs/benchmarks.md). So platform threads are started from a thread of their own, in the order
     * accepted; should it fall {@value #STARTS_QUEUED} starts behind, the accept loop starts the next
     * one itself. A virtual thread starts without that wait, on the accept thread.
     */
    public Executor readerStarts() {
        return this.readerStarts;
    }

    public Executor writers() {
        return this.writers;
    }

    public ScheduledThreadPoolExecutor timer() {
        return this.timer;
    }

    private static Executor virtualThreads(String prefix) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
        executor.setVirtualThreads(true);
        return executor;
    }

    private static ThreadPoolExecutor platformThreads(String prefix, int bound) {
        return new ThreadPoolExecutor(0, bound, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon(prefix));
    }

    private static ThreadPoolExecutor starter(String prefix) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(STARTS_QUEUED),
                daemon(prefix), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private static CustomizableThreadFactory daemon(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }

    /** Runs after the graceful shutdown: every socket is closed by then, so nothing is left to wait for. */
    @Override
    public void destroy() {
        this.timer.shutdownNow();
        for (Executor executor : new Executor[] { this.readerStarts, this.readers, this.writers }) {
            if (executor instanceof ExecutorService service) {
                service.shutdownNow();
            }
            else if (executor instanceof SimpleAsyncTaskExecutor simple) {
                simple.close();
            }
        }
    }

}
