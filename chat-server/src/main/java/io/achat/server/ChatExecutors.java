package io.achat.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
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

    private final Executor readers;

    private final Executor writers;

    private final ScheduledThreadPoolExecutor timer;

    ChatExecutors(ChatServerProperties properties) {
        boolean virtual = properties.virtualThreads() && Runtime.version().feature() >= 21;
        // Headroom over max-connections: the accept loop, and refused connections that still need a thread to be told.
        int bound = properties.maxConnections() + 64;
        this.readers = virtual ? virtualThreads("chat-reader-") : platformThreads("chat-reader-", bound);
        this.writers = virtual ? virtualThreads("chat-writer-") : platformThreads("chat-writer-", bound);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("chat-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        logger.info((virtual ? "Virtual" : "Platform") + " threads for connection readers and peer writers (Java "
                + Runtime.version().feature() + ")");
    }

    public Executor readers() {
        return this.readers;
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

    private static CustomizableThreadFactory daemon(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }

    /** Runs after the graceful shutdown: every socket is closed by then, so nothing is left to wait for. */
    @Override
    public void destroy() {
        this.timer.shutdownNow();
        for (Executor executor : new Executor[] { this.readers, this.writers }) {
            if (executor instanceof ExecutorService service) {
                service.shutdownNow();
            }
            else if (executor instanceof SimpleAsyncTaskExecutor simple) {
                simple.close();
            }
        }
    }

}
