package io.achat.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chat-shell fat jar as a process: arguments in, output collected, stdin writable, exit status out. */
final class ShellProcess implements AutoCloseable {

    private final Process process;

    private final Path output;

    private ShellProcess(List<String> arguments) throws IOException {
        Path jar = Path.of(System.getProperty("chat.shell.jar", "target/chat-shell.jar"));
        assertThat(jar).as("the fat jar built by 'mvn package'").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--spring.shell.history.enabled=false"));
        command.addAll(arguments);
        this.output = Files.createTempFile("chat-shell-", ".out");
        this.output.toFile().deleteOnExit();
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.output.toFile()).start();
    }

    static ShellProcess start(String... arguments) throws IOException {
        return new ShellProcess(List.of(arguments));
    }

    /** Runs to the end with no input and returns the exit status. */
    static ShellProcess run(String... arguments) throws IOException, InterruptedException {
        ShellProcess shell = start(arguments);
        shell.closeInput();
        shell.awaitExit();
        return shell;
    }

    ShellProcess type(String line) throws IOException {
        OutputStream in = this.process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return this;
    }

    void closeInput() throws IOException {
        this.process.getOutputStream().close();
    }

    int awaitExit() throws InterruptedException {
        assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exited; output:%n%s", output()).isTrue();
        return this.process.exitValue();
    }

    int exitValue() {
        return this.process.exitValue();
    }

    String output() {
        try {
            return Files.readString(this.output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until the output has {@code text}. */
    void awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> output().contains(text) || !this.process.isAlive());
        assertThat(output()).contains(text);
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }

}
