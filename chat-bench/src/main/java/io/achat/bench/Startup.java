package io.achat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Process start to chat port accepting, as a client sees it, for the two ends of how the server can
 * be laid out: the fat jar as built, and the fastest, which the Dockerfile's server image runs:
 * extracted ({@code -Djarmode=tools extract}), with Spring's ahead-of-time processing of the context
 * (which the jar carries) and the JVM's class archive from a training run that stops after the
 * context refresh: the AOT cache on Java 25+ (JEP 483/514), a dynamic CDS archive before that.
 * (The archive without Spring AOT, in between, was timed until 2026-12-07: docs/benchmarks.md.)
 */
final class Startup {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Path serverJar;

    private final Path work;

    private final Path logs;

    Startup(Path serverJar, Path work, Path logs) {
        this.serverJar = serverJar;
        this.work = work;
        this.logs = logs;
    }

    /** One row per layout: its name and the seconds of each run. */
    record Layout(String java, String name, List<Double> seconds) {

        double median() {
            List<Double> sorted = this.seconds.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

    }

    List<Layout> measure(Path java, String version, int runs) throws Exception {
        List<Layout> layouts = new ArrayList<>();
        layouts.add(new Layout(version, "fat jar", time(java, this.serverJar.toAbsolutePath().getParent(),
                List.of("-jar", this.serverJar.toAbsolutePath().toString()), runs, version + "-jar")));
        Path extracted = this.work.resolve("java" + version);
        run(java, this.work, List.of("-Djarmode=tools", "-jar", this.serverJar.toAbsolutePath().toString(), "extract",
                "--force", "--destination", extracted.toAbsolutePath().toString()), version + "-extract");
        layouts.add(archived(java, version, extracted, Runtime.Version.parse(version).feature() >= 25, runs));
        return layouts;
    }

    /**
     * The extracted layout with Spring's AOT-generated context initialization ({@code -Dspring.aot.enabled=true})
     * and a class archive from its own training run, which uses the generated initialization too.
     */
    private Layout archived(Path java, String version, Path extracted, boolean aotCache, int runs) throws Exception {
        String archive = aotCache ? "spring-aot.aot" : "spring-aot.jsa";
        // The extracted jar keeps the name of the one given (--server-jar need not be chat-server.jar).
        String jar = extracted.resolve(this.serverJar.getFileName()).toString();
        run(java, extracted, List.of(aotCache ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.aot.enabled=true", "-Dspring.context.exit=onRefresh", "-jar", jar, "--chat.server.port=0",
                "--server.port=0"), version + "-training");
        List<String> use = List.of(aotCache ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive,
                "-Dspring.aot.enabled=true", "-jar", jar);
        String name = "extracted + " + (aotCache ? "AOT cache" : "CDS archive") + " + Spring AOT";
        return new Layout(version, name, time(java, extracted, use, runs, version + "-spring-aot"));
    }

    private List<Double> time(Path java, Path directory, List<String> arguments, int runs, String label)
            throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(arguments);
            command.addAll(List.of("--chat.server.port=" + port, "--server.port=0"));
            Path log = this.logs.resolve("startup-" + label + "-" + i + ".log");
            long start = System.nanoTime();
            Process server = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            try {
                awaitAccepting(server, new InetSocketAddress("127.0.0.1", port), log);
                seconds.add((System.nanoTime() - start) / 1e9);
                server.destroy();
                if (!server.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("no exit after SIGTERM; log: " + log);
                }
            }
            finally {
                server.destroyForcibly();
            }
        }
        return seconds;
    }

    private void run(Path java, Path directory, List<String> arguments, String label) throws Exception {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(arguments);
        Path log = this.logs.resolve("startup-" + label + ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed; log: " + log);
        }
    }

    /** Polls with connection attempts: start-up ends when the server accepts, as a client sees it. */
    static void awaitAccepting(Process server, InetSocketAddress address, Path log) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 1000);
                return;
            }
            catch (IOException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the server did not accept on " + address + "; log: " + log, notYet);
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
