package io.achat.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The benchmark's command line: {@code run} one scenario against a server that is already
 * running, or {@code suite}: every preset against freshly started server jars, as a Markdown table.
 * Exit status 0 when nothing was lost, duplicated or reordered, 1 when something was, 2 on bad usage.
 */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, subcommands = { ChatBench.Run.class, Suite.class },
        versionProvider = ChatBench.Version.class,
        description = "Load generator for the a-chat protocol. Presets: throughput, fanout, latency, connections, drain.")
public final class ChatBench {

    /** How long missing deliveries are awaited, from the last one that arrived, before they count as lost. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatBench()).execute(args));
    }

    /** Runs one scenario and prints its figures. */
    static Result run(Scenario scenario, int loops, InetSocketAddress server, String prefix, long serverPid)
            throws Exception {
        Optional<ProcessWatch> watch = ProcessWatch.of(serverPid);
        if (scenario.isDrain()) {
            return new DrainRun(scenario, server, prefix,
                    watch.orElseThrow(() -> new IllegalArgumentException("the drain preset needs --server-pid"))).run();
        }
        return EventLoops.run(scenario, loops, server, prefix, watch, SETTLE);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Runs one scenario (a preset, optionally changed by the options) against a running server.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "8080", description = "Chat port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--server-pid", defaultValue = "0",
                description = "The server's PID: its CPU and memory are reported; the drain preset sends it SIGTERM.")
        long serverPid;

        @Option(names = "--json", description = "One JSON line instead of the table.")
        boolean json;

        @Option(names = "--loops", defaultValue = "" + EventLoops.DEFAULT,
                description = "Event loops (threads) the clients are split over (default: ${DEFAULT-VALUE}).")
        int loops;

        @Mixin
        ScenarioOptions scenario;

        @Override
        public Integer call() throws Exception {
            Result result = ChatBench.run(this.scenario.scenario(), this.loops,
                    new InetSocketAddress(this.host, this.port), this.scenario.prefix, this.serverPid);
            System.out.println(this.json ? Reports.json(result) : Reports.table(result));
            return result.passed() ? 0 : 1;
        }

    }

    /** A preset and what may be changed in it. */
    static final class ScenarioOptions {

        @Option(names = "--preset", defaultValue = "throughput",
                description = "throughput, fanout, latency, connections or drain (default: ${DEFAULT-VALUE}).")
        String preset;

        @Option(names = "--scale", defaultValue = "1",
                description = "Multiplies the preset's clients, durations and sizes (default: ${DEFAULT-VALUE}).")
        double scale;

        @Option(names = "--prefix", defaultValue = "b", description = "Login names are <prefix><n> (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--clients", description = "Number of clients.")
        Integer clients;

        @Option(names = "--recipients", description = "Recipients per message.")
        Integer recipients;

        @Option(names = "--pattern", description = "RING or RANDOM recipients.")
        Scenario.Pattern pattern;

        @Option(names = "--size", description = "Bytes of text per message (at least " + Wire.MIN_TEXT + ").")
        Integer size;

        @Option(names = "--window", description = "Closed loop: messages in flight per client.")
        Integer window;

        @Option(names = "--rate", description = "Open loop: messages per second in total (0: closed loop).")
        Integer rate;

        @Option(names = "--messages", description = "Messages per client (0: as many as the durations allow).")
        Long messages;

        @Option(names = "--warmup", description = "Warm-up before measuring, e.g. 10s.", converter = DurationConverter.class)
        Duration warmup;

        @Option(names = "--duration", description = "Measured part, e.g. 10s.", converter = DurationConverter.class)
        Duration duration;

        @Option(names = "--hold", description = "Idle time after login, e.g. 10s.", converter = DurationConverter.class)
        Duration hold;

        @Option(names = "--checks", description = "Single deliveries checked after the hold.")
        Integer checks;

        @Option(names = "--drain-bytes", description = "Drain preset: bytes queued for the peer that does not read.")
        Long drainBytes;

        Scenario scenario() {
            Scenario preset = Scenario.presets(this.scale).get(this.preset);
            if (preset == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no preset " + this.preset);
            }
            return new Scenario(this.preset, or(this.clients, preset.clients()), or(this.recipients, preset.recipients()),
                    or(this.pattern, preset.pattern()), or(this.size, preset.messageBytes()), or(this.window, preset.window()),
                    or(this.rate, preset.rate()), or(this.messages, preset.messages()), or(this.warmup, preset.warmup()),
                    or(this.duration, preset.duration()), or(this.hold, preset.hold()), or(this.checks, preset.checks()),
                    or(this.drainBytes, preset.drainBytes()), preset.serverArgs());
        }

        private static <T> T or(T value, T otherwise) {
            return value != null ? value : otherwise;
        }

    }

    /** The version the jar's manifest carries. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = ChatBench.class.getPackage().getImplementationVersion();
            return new String[] { "chat-bench " + (version != null ? version : "(not built as a jar)") };
        }

    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }

    }

}
