package io.achat.server.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * The shutdown barrier in front of the broker: "every line the server had read when shutdown
 * began is routed". Reader threads {@link #enter()} for each line; once the gate is
 * {@link #close() closed}, later lines are turned away, and {@link #awaitQuiescence} waits for the
 * lines that got in before it. Two atomics on the hot path; the monitor only after closing.
 */
@Component
public class RoutingGate {

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean closed;

    /** While closed: until when ({@link System#nanoTime()}) answers owed to clients may still be written. */
    private volatile long answersUntilNanos;

    /** True if the caller may route its line and must call {@link #exit()}; false once closed. */
    boolean enter() {
        this.inFlight.incrementAndGet();
        if (this.closed) {
            exit();
            return false;
        }
        return true;
    }

    void exit() {
        if (this.inFlight.decrementAndGet() == 0 && this.closed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Closes the gate for good. {@code answersUntilNanos} is how long the shutdown lets a client that
     * ends its input take what it is owed (deliveries and "not delivered" answers).
     */
    public void close(long answersUntilNanos) {
        this.answersUntilNanos = answersUntilNanos;
        this.closed = true;
    }

    /** How long, from now, a client that ended its input may still be written to: {@code usual}, or more during a shutdown. */
    Duration flushBound(Duration usual) {
        if (!this.closed) {
            return usual;
        }
        Duration left = Duration.ofNanos(this.answersUntilNanos - System.nanoTime());
        return left.compareTo(usual) > 0 ? left : usual;
    }

    /** Waits, at most until {@code deadlineNanos} ({@link System#nanoTime()}), for every line that got in to be routed. */
    public synchronized boolean awaitQuiescence(long deadlineNanos) throws InterruptedException {
        while (this.inFlight.get() > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

}
