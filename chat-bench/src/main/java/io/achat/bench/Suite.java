package io.achat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every preset against a freshly started server jar, for each Java given: the figures of
 * docs/benchmarks.md in one command. Each scenario gets a server of its own (the drain preset ends
 * it), started as shipped, on free ports (chat and management), and
 * timed from process start to the chat port accepting.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, versionProvider = ChatBench.Version.class,
        description = "Runs every preset against a freshly started server jar and writes a Markdown table.")
final class Suite implements Callable<Integer> {

    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    @Option(names = "--server-jar", required = true, description = "The chat server's fat jar.")
    Path serverJar;

    @Option(names = "--java", description = "A java executable to run the server with; repeat for several "
            + "(default: the one running this).")
    List<Path> javas = new ArrayList<>();

    @Option(names = "--presets", split = ",", description = "Presets to run (default: all, in the documented order).")
    List<String> presets = new ArrayList<>();

    @Option(names = "--scale", defaultValue = "1", description = "Multiplies the presets' clients, durations and "
            + "sizes; the build's smoke run uses a tiny one (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--server-arg", description = "An extra application argument for every server, e.g. "
            + "--chat.server.virtual-threads=false (JVM options: JAVA_TOOL_OPTIONS).")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--markdown", defaultValue = "bench-results.md", description = "Where the table goes (default: ${DEFAULT-VALUE}).")
    Path markdown;

    @Option(names = "--logs", defaultValue = "bench-logs", description = "Server logs, one per run (default: ${DEFAULT-VALUE}).")
    Path logs;

    @Option(names = "--json", description = "Also print each result as a JSON line.")
    boolean json;

    @Option(names = "--loops", defaultValue = "" + EventLoops.DEFAULT,
            description = "Event loops (threads) the generator splits its clients over (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--startup-runs", defaultValue = "3", description = "Start-up timings per layout and Java: "
            + "the fat jar, and extracted with Spring AOT and the JVM's class archive (0: none; default: ${DEFAULT-VALUE}).")
    int startupRuns;

    @Override
    public Integer call() throws Exception {
        Map<String, Scenario> available = Scenario.presets(this.scale);
        List<String> names = this.presets.isEmpty() ? List.copyOf(available.keySet()) : this.presets;
        List<Path> javas = this.javas.isEmpty() ? List.of(Path.of(System.getProperty("java.home"), "bin", "java")) : this.javas;
        Files.createDirectories(this.logs);
        List<Result> results = new ArrayList<>();
        List<Startup.Layout> startups = new ArrayList<>();
        for (Path java : javas) {
            String version = version(java);
            if (this.startupRuns > 0) {
                startups.addAll(new Startup(this.serverJar, this.logs.resolve("startup"), this.logs)
                    .measure(java, version, this.startupRuns));
            }
            for (String name : names) {
                Scenario scenario = available.get(name);
                if (scenario == null) {
                    throw new IllegalArgumentException("no preset " + name + "; there are " + available.keySet());
                }
                Result result = runOnFreshServer(java, version, scenario);
                results.add(result);
                System.out.println(this.json ? Reports.json(result) : Reports.table(result) + "\n");
            }
        }
        String table = Reports.markdown(results) + (startups.isEmpty() ? "" : "\n" + Reports.startup(startups));
        Files.writeString(this.markdown, table);
        System.out.println(table);
        return results.stream().allMatch(Result::passed) ? 0 : 1;
    }

    private Result runOnFreshServer(Path java, String version, Scenario scenario) throws Exception {
        int port = Startup.freePort();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", this.serverJar.toString(),
                "--chat.server.port=" + port, "--server.port=0"));
        command.addAll(scenario.serverArgs());
        command.addAll(this.serverArgs);
        Path log = this.logs.resolve("server-java" + version + "-" + scenario.name() + ".log");
        long start = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            Startup.awaitAccepting(server, address, log);
            double startup = (System.nanoTime() - start) / 1e9;
            Result result = ChatBench.run(scenario, this.loops, address, "b", server.pid());
            if (server.isAlive()) {
                server.destroy();
            }
            if (!server.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the server did not exit within " + STOP_LIMIT + " of SIGTERM; log: " + log);
            }
            return result.withServer(version, startup, scenario.isDrain() ? server.exitValue() : null);
        }
        finally {
            server.destroyForcibly();
        }
    }

    private static String version(Path java) throws Exception {
        Process process = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output.lines().map(String::strip).filter(l -> l.startsWith("java.version = ")).findFirst()
            .map(l -> l.substring("java.version = ".length())).orElseThrow(() -> new IOException(java + " -version: " + output));
    }

}
