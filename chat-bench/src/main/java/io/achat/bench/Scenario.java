package io.achat.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does. Clients log in as {@code <prefix><i>}; each message goes to
 * {@code recipients} others, chosen by {@code pattern}. Closed loop: a client keeps at most
 * {@code window} messages in flight (sent and not yet received by every recipient). Open loop
 * ({@code rate > 0}): {@code rate} messages per second in total, whatever comes back.
 *
 * @param name preset name, or {@code custom}
 * @param clients connections that log in
 * @param recipients recipients per message
 * @param pattern how recipients are chosen
 * @param messageBytes bytes of message text per line (the part after {@code "a, b: "})
 * @param window closed loop: messages in flight per client
 * @param rate open loop: messages per second over all clients; 0 for closed loop
 * @param messages messages per client, 0 for as many as {@code warmup + duration} allow
 * @param warmup sending before anything is measured
 * @param duration the measured part
 * @param hold logged-in clients sit idle this long before any message (the connections preset)
 * @param checks after the hold, this many single deliveries between random clients, each checked
 * @param drainBytes the drain preset: bytes queued for a peer that does not read, before SIGTERM
 * @param serverArgs what the suite adds to the server's command line for this preset
 */
record Scenario(String name, int clients, int recipients, Pattern pattern, int messageBytes, int window, int rate,
        long messages, Duration warmup, Duration duration, Duration hold, int checks, long drainBytes,
        List<String> serverArgs) {

    enum Pattern {
        /** Client i sends to i+1 … i+recipients: every recipient sees every message of its senders, in order. */
        RING,
        /** Each message to {@code recipients} distinct clients drawn at random (never the sender). */
        RANDOM
    }

    Scenario {
        if (clients < 1 || recipients < 0 || recipients >= clients || messageBytes < Wire.MIN_TEXT
                || window < 1 || rate < 0) {
            throw new IllegalArgumentException("inconsistent scenario: " + this);
        }
        serverArgs = List.copyOf(serverArgs);
    }

    boolean isDrain() {
        return this.drainBytes > 0;
    }

    boolean isOpenLoop() {
        return this.rate > 0;
    }

    /**
     * Closed-loop presets: messages in flight per client. At saturation the mean latency is what is in
     * flight divided by the throughput (Little's law), so the window sets the latency a closed loop
     * measures: 100 clients × 32 is 3,200 messages, about 2 ms at 1.5 M deliveries/s; a window of
     * 200 measured 15-22 ms p99 for the same server (docs/benchmarks.md).
     */
    static final int WINDOW = 32;

    /**
     * The targets are for steady state after warm-up. Under {@code latency} a young collection comes
     * every ~2 s (Java 25) to ~10 s (Java 17), and what the server allocated while the clients
     * connected stays in survivor space, copied at each collection, until it is old enough to be
     * promoted: ~40 s on Java 25. Measured after 10 s, much of the tail was that start-up transient
     * (pauses of 4-8 ms instead of 1.5-2.2 ms; docs/benchmarks.md, "The latency tail").
     */
    static final int LATENCY_WARMUP_SECONDS = 60;

    /** The presets of docs/benchmarks.md, at full scale. */
    static final Map<String, Scenario> PRESETS = presets(1.0);

    /**
     * The presets scaled down: {@code scale} multiplies client counts, durations and sizes (at least
     * one of each), so that a smoke run of every preset takes seconds.
     */
    static Map<String, Scenario> presets(double scale) {
        Map<String, Scenario> presets = new LinkedHashMap<>();
        Duration ten = seconds(10 * scale);
        presets.put("throughput", new Scenario("throughput", atLeast(100 * scale, 3), 1, Pattern.RING, 100, WINDOW, 0, 0,
                ten, ten, Duration.ZERO, 0, 0, List.of()));
        presets.put("fanout", new Scenario("fanout", atLeast(50 * scale, 4), 3, Pattern.RING, 100, WINDOW, 0, 0, ten, ten,
                Duration.ZERO, 0, 0, List.of()));
        presets.put("latency", new Scenario("latency", atLeast(100 * scale, 3), 1, Pattern.RANDOM, 100, 200,
                atLeast(20_000 * scale, 100), 0, seconds(LATENCY_WARMUP_SECONDS * scale), ten, Duration.ZERO, 0, 0,
                List.of()));
        presets.put("connections", new Scenario("connections", atLeast(10_000 * scale, 10), 1, Pattern.RANDOM, 100, 1,
                0, 0, Duration.ZERO, Duration.ZERO, ten, 10, 0, List.of()));
        long drainBytes = Math.max(64 * 1024, (long) (20 * 1024 * 1024 * scale));
        // The default send-queue-limit (1 MB) would disconnect the non-reader as a slow consumer.
        presets.put("drain", new Scenario("drain", 2, 1, Pattern.RING, 100, 200, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0, drainBytes, List.of("--chat.server.send-queue-limit=" + 2 * drainBytes + "B")));
        return presets;
    }

    private static int atLeast(double value, int minimum) {
        return Math.max(minimum, (int) Math.round(value));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.max(300, Math.round(seconds * 1000)));
    }

}
