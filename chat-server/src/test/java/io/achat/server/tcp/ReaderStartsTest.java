package io.achat.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.achat.server.RateLimitedLog;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the accept loop's executor does with a real accepted connection: its reader is started from
 * the starts thread, and a start that fails closes the socket.
 */
class ReaderStartsTest {

    final ExecutorService starts = Executors.newSingleThreadExecutor((task) -> new Thread(task, "test-starts"));

    final List<Object> events = new CopyOnWriteArrayList<>();

    final RateLimitedLog problems = new RateLimitedLog(LogFactory.getLog(ReaderStartsTest.class), Duration.ofSeconds(10));

    ServerSocket listening;

    Socket client;

    @AfterEach
    void close() throws Exception {
        this.starts.shutdownNow();
        for (AutoCloseable socket : new AutoCloseable[] { this.client, this.listening }) {
            if (socket != null) {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionsReaderIsStartedFromTheStartsThreadNotTheAcceptThread() throws Exception {
        ChatNetConnection connection = accept();
        CompletableFuture<String> startedFrom = new CompletableFuture<>();
        CompletableFuture<Runnable> started = new CompletableFuture<>();
        ReaderStarts readerStarts = new ReaderStarts((task) -> {
            startedFrom.complete(Thread.currentThread().getName());
            started.complete(task);
        }, this.starts, this.problems);

        readerStarts.execute(connection);

        assertThat(started.get(10, TimeUnit.SECONDS)).isSameAs(connection);
        assertThat(startedFrom.get()).isEqualTo("test-starts");
    }

    @Test
    void theAcceptLoopItselfGoesStraightToTheReaders() {
        List<Runnable> readers = new CopyOnWriteArrayList<>();
        Runnable acceptLoop = () -> { };

        new ReaderStarts(readers::add, this.starts, this.problems).execute(acceptLoop);

        assertThat(readers).as("handed over on the calling thread, not through the starts").containsExactly(acceptLoop);
    }

    static Stream<Throwable> failedStarts() {
        return Stream.of(new RejectedExecutionException("all reader threads busy"),
                new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached"));
    }

    @ParameterizedTest
    @MethodSource("failedStarts")
    void aStartThatFailsClosesTheConnection(Throwable failure) throws Exception {
        ChatNetConnection connection = accept();
        ReaderStarts readerStarts = new ReaderStarts((task) -> {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }, this.starts, this.problems);

        readerStarts.execute(connection);

        this.client.setSoTimeout(10_000);
        try (InputStream in = this.client.getInputStream()) {
            assertThat(in.read()).as("the client sees its connection closed").isEqualTo(-1);
        }
        // The close event, which takes the connection out of the factory's map, follows the socket's close.
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(this.events).hasAtLeastOneElementOfType(TcpConnectionCloseEvent.class));
    }

    private ChatNetConnection accept() throws IOException {
        this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.client = new Socket(InetAddress.getLoopbackAddress(), this.listening.getLocalPort());
        Socket accepted = this.listening.accept();
        return new ChatNetConnection(accepted, true, false, this.events::add, "test");
    }

}
