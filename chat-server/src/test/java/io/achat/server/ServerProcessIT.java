package io.achat.server;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import io.achat.server.ServerProcess.Jvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fat jar as a process, on Java 17 and on the newest Java 21+ installed: what only a real
 * process shows (signals, exit status, the summary in its log, virtual threads).
 */
class ServerProcessIT {

    static final String PADDING = "x".repeat(88);

    static Stream<Jvm> jvms() {
        return ServerProcess.jvms();
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void sigtermDrainsEverythingRefusesNewcomersAndExitsZero(Jvm java) throws Exception {
        int lines = 50_000;
        try (ServerProcess server = ServerProcess.start(java, "--chat.server.send-queue-limit=64MB")) {
            assertThat(server.log()).contains((java.version() >= 21 ? "Virtual" : "Platform")
                    + " threads for connection readers and peer writers");
            try (ChatClient sink = ChatClient.login(server.port(), "sink", 8192);
                    ChatClient source = ChatClient.login(server.port(), "source")) {
                sendLinesThenWaitUntilRouted(source, "sink", lines);

                server.terminate();
                // The sink has read nothing, so the drain is still waiting for it: newcomers are refused meanwhile.
                await().atMost(ChatClient.TIMEOUT).until(() -> refused(server.port()));
                for (int i = 0; i < lines; i++) {
                    assertThat(sink.readLine()).isEqualTo("from source: " + i + " " + PADDING);
                }
                assertThat(sink.readLine()).startsWith("info: the server is shutting down");
                sink.assertClosed();
                assertThat(source.readLine()).startsWith("info: the server is shutting down");
                source.assertClosed();
            }
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(server.log()).contains("Shutdown complete").contains("0 dropped").contains("exit status 0");
        }
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void aPeerThatNeverReadsIsCutOffAtTheBoundAndTheExitStatusSaysSo(Jvm java) throws Exception {
        Duration bound = Duration.ofSeconds(3);
        try (ServerProcess server = ServerProcess.start(java, "--chat.server.shutdown-timeout=" + bound.toSeconds() + "s",
                "--chat.server.close-linger=500ms", "--chat.server.send-queue-limit=64MB")) {
            try (ChatClient sink = ChatClient.login(server.port(), "sink", 8192);
                    ChatClient source = ChatClient.login(server.port(), "source")) {
                sendLinesThenWaitUntilRouted(source, "sink", 100_000);
                long signalled = System.nanoTime();
                server.terminate();
                assertThat(server.awaitExit(bound.plusSeconds(10))).isEqualTo(75);
                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("time from SIGTERM to exit")
                        .isLessThan(bound.plusSeconds(5));
            }
            assertThat(server.log()).containsPattern("Shutdown complete in \\d+ ms: 2 connections closed")
                    .containsPattern("[1-9]\\d* shutdown cut-off from 1 peers")
                    .contains("exit status 75");
        }
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void sigintIsAGracefulShutdownToo(Jvm java) throws Exception {
        assertThat(sigintIgnoredHere()).as("SIGINT is ignored in this test's environment (a shell that ran the build "
                + "in the background without job control); the server inherits that and cannot be interrupted").isFalse();
        try (ServerProcess server = ServerProcess.start(java); ChatClient alice = ChatClient.login(server.port(), "alice")) {
            alice.send("alice: hello me");
            assertThat(alice.readLine()).isEqualTo("from alice: hello me");
            server.interrupt();
            assertThat(alice.readLine()).startsWith("info: the server is shutting down");
            alice.assertClosed();
            alice.close();
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    /** Whether this JVM started with SIGINT ignored (bit 1 of SigIgn), which its child processes inherit. */
    private static boolean sigintIgnoredHere() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("SigIgn:"))
            .anyMatch(line -> (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & 0b10) != 0);
    }

    /** The source's own copy of a last line comes back only after every line before it was routed. */
    private static void sendLinesThenWaitUntilRouted(ChatClient source, String recipient, int lines) throws IOException {
        source.sendNumbered(recipient, lines, PADDING).send("source: routed");
        assertThat(source.readLine()).isEqualTo("from source: routed");
    }

    private static boolean refused(int port) throws IOException {
        try (ChatClient client = ChatClient.connect(port)) {
            return false;
        }
        catch (ConnectException expected) {
            return true;
        }
    }

}
