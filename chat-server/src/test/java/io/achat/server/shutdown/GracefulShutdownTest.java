package io.achat.server.shutdown;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.InProcessServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The graceful shutdown in process: each test starts its own server and closes its context, as
 * SIGTERM does (the fat-jar tests check the signal and exit status themselves).
 */
class GracefulShutdownTest {

    static final String PADDING = "x".repeat(88);

    ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (this.context != null) {
            this.context.close();
        }
    }

    @Test
    void aPeerThatReadsOnlyAfterShutdownBeganGetsEveryLineInOrderThenEndOfStream() throws Exception {
        int lines = 200_000; // about 20 MB
        int port = start("chat.server.send-queue-limit=64MB");
        ChatStats stats = this.context.getBean(ChatStats.class);
        ShutdownCoordinator coordinator = this.context.getBean(ShutdownCoordinator.class);
        try (ChatClient sink = ChatClient.login(port, "sink", 8192); ChatClient source = ChatClient.login(port, "source")) {
            source.sendNumbered("sink", lines, PADDING);
            await().atMost(ChatClient.TIMEOUT).until(() -> stats.linesRouted() == lines);

            CompletableFuture<Void> shutdown = Async.run("shutdown", this.context::close);
            // Phase one: new connections are refused while the old ones drain.
            await().atMost(ChatClient.TIMEOUT).until(() -> refused(port));
            // A line the server reads after the gate closed is answered, not dropped.
            assertThat(source.readLine()).startsWith("info: the server is shutting down");
            source.send("sink: too late");
            assertThat(source.readLine()).isEqualTo("error: not delivered: the server is shutting down");

            for (int i = 0; i < lines; i++) {
                assertThat(sink.readLine()).isEqualTo("from source: " + i + " " + PADDING);
            }
            assertThat(sink.readLine()).startsWith("info: the server is shutting down");
            sink.assertClosed();
            source.assertClosed();
            sink.close();
            source.close();
            shutdown.get();
        }
        ShutdownReport report = coordinator.report().orElseThrow();
        assertThat(report.exitStatus()).isEqualTo(ShutdownReport.EXIT_DELIVERED);
        assertThat(report.droppedShutdown()).isZero();
        assertThat(report.linesRejected()).isEqualTo(1);
        assertThat(report.deliveriesWritten()).isEqualTo(lines);
    }

    @Test
    void aPeerThatNeverReadsIsCutOffAtTheBoundAndCounted() throws Exception {
        int lines = 100_000;
        int port = start("chat.server.send-queue-limit=64MB", "chat.server.shutdown-timeout=2s",
                "chat.server.close-linger=500ms");
        ChatStats stats = this.context.getBean(ChatStats.class);
        ShutdownCoordinator coordinator = this.context.getBean(ShutdownCoordinator.class);
        try (ChatClient sink = ChatClient.login(port, "sink", 8192); ChatClient source = ChatClient.login(port, "source")) {
            source.sendNumbered("sink", lines, PADDING);
            await().atMost(ChatClient.TIMEOUT).until(() -> stats.linesRouted() == lines);
            this.context.close();
        }
        ShutdownReport report = coordinator.report().orElseThrow();
        assertThat(report.exitStatus()).isEqualTo(ShutdownReport.EXIT_DRAIN_INCOMPLETE);
        assertThat(report.peersCutOff()).isEqualTo(1);
        assertThat(report.droppedShutdown()).isPositive();
        assertThat(report.deliveriesWritten() + report.droppedShutdown()).isEqualTo(lines);
    }

    @Test
    void anIdleServerShutsDownWithEverythingDelivered() throws Exception {
        int port = start();
        ShutdownCoordinator coordinator = this.context.getBean(ShutdownCoordinator.class);
        try (ChatClient alice = ChatClient.login(port, "alice"); ChatClient bob = ChatClient.login(port, "bob")) {
            alice.send("bob: before");
            assertThat(bob.readLine()).isEqualTo("from alice: before");
            CompletableFuture<Void> shutdown = Async.run("shutdown", this.context::close);
            for (ChatClient client : new ChatClient[] { alice, bob }) {
                assertThat(client.readLine()).startsWith("info: the server is shutting down");
                client.assertClosed();
                client.close();
            }
            shutdown.get();
        }
        assertThat(coordinator.report().orElseThrow().exitStatus()).isZero();
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> ChatClient.connect(port));
    }

    private int start(String... properties) {
        InProcessServer server = InProcessServer.start(properties);
        this.context = server.context();
        return server.port();
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
