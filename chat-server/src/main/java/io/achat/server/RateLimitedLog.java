package io.achat.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * Logs one line per kind of client problem per interval, however many clients misbehave: a storm
 * of resets, bad logins or refused connections must not flood the log (or cost the disk). The
 * line that is logged says how many of its kind were left out since the last one. Called on reader,
 * writer, timer and accept threads; lock-free.
 */
public final class RateLimitedLog {

    private final Log log;

    private final long intervalNanos;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {

        /** When the next line of this kind may be logged; starts in the past. */
        final AtomicLong next = new AtomicLong(System.nanoTime() - 1);

        final AtomicLong suppressed = new AtomicLong();

    }

    public RateLimitedLog(Log log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    public void info(String kind, Supplier<String> message) {
        if (this.log.isInfoEnabled()) {
            String line = admit(kind, message);
            if (line != null) {
                this.log.info(line);
            }
        }
    }

    public void warn(String kind, Supplier<String> message) {
        if (this.log.isWarnEnabled()) {
            String line = admit(kind, message);
            if (line != null) {
                this.log.warn(line);
            }
        }
    }

    /** The line to log, or {@code null} if this kind was logged within the interval (then it is counted). */
    private String admit(String kind, Supplier<String> message) {
        Window window = this.windows.computeIfAbsent(kind, (k) -> new Window());
        long now = System.nanoTime();
        long next = window.next.get();
        if (now - next < 0 || !window.next.compareAndSet(next, now + this.intervalNanos)) {
            window.suppressed.incrementAndGet();
            return null;
        }
        long suppressed = window.suppressed.getAndSet(0);
        return suppressed == 0 ? message.get()
                : message.get() + " (and " + suppressed + " more like it since the last such line)";
    }

}
