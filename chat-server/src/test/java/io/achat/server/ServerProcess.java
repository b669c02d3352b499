package io.achat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged fat jar, run as a real process on a random port, its log collected line by line. */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Chat server listening on .*:(\\d+)$");

    private static final Pattern HTTP = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;

    private final Path log;

    private final int port;

    private final int httpPort;

    /** A JVM to run the jar on; its feature version decides virtual threads (21+) or platform threads. */
    public record Jvm(Path java, int version) {

        /** The JVM that runs the tests. */
        public static Jvm current() {
            return new Jvm(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
        }

        @Override
        public String toString() {
            return "Java " + this.version;
        }

    }

    private ServerProcess(List<String> launch, Path directory, Map<String, String> environment, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>(launch);
        // Random ports unless the test chose one: the chat port and the HTTP (management) port.
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--chat.server.port="))) {
            command.add("--chat.server.port=0");
        }
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--server.port="))) {
            command.add("--server.port=0");
        }
        command.addAll(arguments);
        // A file, not a pipe: the JDK may close a process's pipe under a reader when the process exits.
        this.log = Files.createTempFile("chat-server-", ".log");
        this.log.toFile().deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(this.log.toFile());
        builder.environment().putAll(environment);
        this.process = builder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> logged(LISTENING).isPresent() || !this.process.isAlive());
        this.port = logged(LISTENING).orElseThrow(() -> new IllegalStateException("Server did not start:\n" + log()));
        this.httpPort = logged(HTTP).orElseThrow(() -> new IllegalStateException("No HTTP port:\n" + log()));
    }

    /** On the JVM that runs the tests. */
    public static ServerProcess start(String... arguments) throws IOException {
        return start(Jvm.current(), arguments);
    }

    public static ServerProcess start(Jvm jvm, String... arguments) throws IOException {
        return new ServerProcess(List.of(jvm.java().toString(), "-jar", jar().toString()), Path.of("."), Map.of(),
                List.of(arguments));
    }

    /**
     * Runs {@code command} (a container's entry point, say) in {@code directory}, with {@code environment}
     * added to this process's own; random ports are added as arguments unless {@code arguments} set them.
     */
    public static ServerProcess start(List<String> command, Path directory, Map<String, String> environment,
            String... arguments) throws IOException {
        return new ServerProcess(command, directory, environment, List.of(arguments));
    }

    /** The JVMs to run the jar on: this build's (Java 17) and the newest Java 21+ installed beside it, if any. */
    public static Stream<Jvm> jvms() {
        return Stream.concat(Stream.of(Jvm.current()), newestJava21Plus().stream()).distinct();
    }

    /** The newest Java 21+ installed, else the JVM that runs the tests. */
    public static Jvm newest() {
        return newestJava21Plus().orElse(Jvm.current());
    }

    public int port() {
        return this.port;
    }

    /** The HTTP port: Actuator's health, info, metrics and prometheus endpoints. */
    public int httpPort() {
        return this.httpPort;
    }

    public long pid() {
        return this.process.pid();
    }

    /** SIGTERM, as {@code docker stop} or systemd send it. */
    public void terminate() {
        this.process.destroy();
    }

    /** SIGKILL: no shutdown of any kind. */
    public void kill() {
        this.process.destroyForcibly();
    }

    /** SIGINT, as Ctrl-C sends it. */
    public void interrupt() throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(pid())).start().waitFor()).isZero();
    }

    /** The exit status, waiting at most {@code bound}. */
    public int awaitExit(Duration bound) throws InterruptedException {
        assertThat(this.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS))
                .as("exited within %s; log:%n%s", bound, log()).isTrue();
        return this.process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(this.log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }

    private Optional<Integer> logged(Pattern port) {
        for (String line : log().split("\n")) {
            Matcher matcher = port.matcher(line);
            if (matcher.find()) {
                return Optional.of(Integer.parseInt(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    /** The fat jar under test, as 'mvn package' built it. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("chat.server.jar", "target/chat-server.jar"));
        assertThat(jar).as("the fat jar built by 'mvn package'").exists();
        return jar;
    }

    private static Optional<Jvm> newestJava21Plus() {
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .map(home -> new Jvm(home.resolve("bin/java"), featureVersion(home)))
                    .filter(jvm -> jvm.version() >= 21)
                    .max(Comparator.comparingInt(Jvm::version));
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    private static int featureVersion(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.replaceAll("[^0-9.]", "").split("\\.")[0])
                    .map(Integer::parseInt)
                    .findFirst()
                    .orElse(0);
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
    }

}
