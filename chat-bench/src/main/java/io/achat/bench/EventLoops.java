package io.achat.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

/**
 * A run's clients split over event loops, one thread each, that log in, load and are measured
 * together. One loop was the generator's bottleneck on the two cores it shares with the server:
 * whenever the kernel ran server threads instead of it, every client waited; two generator
 * processes with half the clients each moved 46-61% more deliveries than one with all of them
 * (docs/benchmarks.md, "Two cores shared with the generator").
 * <p>
 * Each loop's clients send only to each other: a ring of its own, random recipients of its own.
 * No loop then touches another's state, and every check (exactly once, in order per sender) stays
 * within one loop; the counts are added up at the end.
 */
final class EventLoops {

    /** The default: one per core of the machine this was measured on; more only add switches there. */
    static final int DEFAULT = 2;

    private EventLoops() {
    }

    /**
     * Runs the scenario on {@code loops} loops, fewer if its clients cannot be split that far (each
     * loop needs a client more than the recipients of a message).
     */
    static Result run(Scenario scenario, int loops, InetSocketAddress server, String prefix,
            Optional<ProcessWatch> serverWatch, Duration settle) throws Exception {
        int count = Math.max(1, Math.min(loops, scenario.clients() / (scenario.recipients() + 1)));
        CyclicBarrier together = new CyclicBarrier(count);
        List<LoadGenerator> generators = new ArrayList<>();
        int firstName = 0;
        for (int i = 0; i < count; i++) {
            Scenario part = part(scenario, count, i);
            generators.add(new LoadGenerator(part, server, prefix, firstName, serverWatch, settle, together));
            firstName += part.clients();
        }
        AtomicInteger numbers = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(count,
                task -> new Thread(task, "event-loop-" + numbers.getAndIncrement()));
        try {
            CompletionService<LoadGenerator.Tally> done = new ExecutorCompletionService<>(threads);
            for (LoadGenerator generator : generators) {
                done.submit(generator::run);
            }
            List<LoadGenerator.Tally> tallies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                try {
                    tallies.add(done.take().get());
                }
                catch (ExecutionException ex) {
                    // The others would wait for it at the next phase: stop them (their poll sees the interrupt).
                    threads.shutdownNow();
                    throw ex.getCause() instanceof Exception cause ? cause : ex;
                }
            }
            return merge(scenario.name(), scenario.recipients(), tallies);
        }
        finally {
            threads.shutdownNow();
        }
    }

    /** Loop {@code index} of {@code count}: its share of the clients, of the open loop's rate and of the checks. */
    static Scenario part(Scenario scenario, int count, int index) {
        int clients = share(scenario.clients(), count, index);
        // An open loop stays one (a rate of 0 would make it a closed loop).
        int rate = scenario.isOpenLoop()
                ? (int) Math.max(1, Math.round((double) scenario.rate() * clients / scenario.clients())) : 0;
        return new Scenario(scenario.name(), clients, scenario.recipients(), scenario.pattern(), scenario.messageBytes(),
                scenario.window(), rate, scenario.messages(), scenario.warmup(), scenario.duration(), scenario.hold(),
                share(scenario.checks(), count, index), scenario.drainBytes(), scenario.serverArgs());
    }

    private static int share(int total, int count, int index) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /**
     * Counts and latencies are summed; rates are each loop's own over its measured part (the loops start
     * it together). CPU and memory are of whole processes, taken by the first loop over its measured part.
     */
    private static Result merge(String name, int recipients, List<LoadGenerator.Tally> tallies) {
        LoadGenerator.Tally first = tallies.get(0);
        Histogram latency = first.latency().copy();
        int clients = 0;
        double loginSeconds = 0;
        long measured = 0;
        double seconds = 0;
        double rate = 0;
        double bytesRate = 0;
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        long unexpected = 0;
        List<String> samples = new ArrayList<>();
        for (LoadGenerator.Tally tally : tallies) {
            if (tally != first) {
                latency.add(tally.latency());
            }
            clients += tally.clients();
            loginSeconds = Math.max(loginSeconds, tally.loginSeconds());
            measured += tally.measured();
            if (tally.measuredNanos() > 0) {
                double loopSeconds = tally.measuredNanos() / 1e9;
                seconds = Math.max(seconds, loopSeconds);
                rate += tally.measured() / loopSeconds;
                bytesRate += tally.measuredBytes() / loopSeconds / 1e6;
            }
            lost += tally.lost();
            duplicated += tally.duplicated();
            reordered += tally.reordered();
            unexpected += tally.unexpected();
            samples.addAll(tally.samples());
        }
        boolean throughput = seconds > 0;
        boolean latencies = latency.getTotalCount() > 0;
        LoadGenerator.Snapshot from = first.from();
        LoadGenerator.Snapshot to = first.to();
        long wall = to.nanos() - from.nanos();
        return new Result(name, null, null, clients, recipients, loginSeconds, measured, throughput ? seconds : null,
                throughput ? rate : null, throughput ? bytesRate : null,
                latencies ? millis(latency.getValueAtPercentile(50)) : null,
                latencies ? millis(latency.getValueAtPercentile(90)) : null,
                latencies ? millis(latency.getValueAtPercentile(99)) : null,
                latencies ? millis(latency.getValueAtPercentile(99.9)) : null,
                latencies ? millis(latency.getMaxValue()) : null, lost, duplicated, reordered, unexpected,
                List.copyOf(samples.subList(0, Math.min(samples.size(), LoadGenerator.SAMPLES))),
                ProcessWatch.cores(from.serverCpu(), to.serverCpu(), wall),
                to.serverRss() >= 0 ? to.serverRss() / 1e6 : null,
                ProcessWatch.cores(from.generatorCpu(), to.generatorCpu(), wall), tallies.size(), null, null, null, null);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

}
