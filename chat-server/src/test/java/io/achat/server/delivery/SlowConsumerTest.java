package io.achat.server.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.session.Sessions;
import io.achat.server.tcp.ChatServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that stop reading are disconnected by the send-queue policy while everyone else keeps
 * receiving everything: a slow reader never slows the broker or the other peers.
 */
@SpringBootTest(properties = { "chat.server.port=0", "chat.server.send-queue-limit=64KB",
        "chat.server.slow-consumer-grace=200ms", "chat.server.socket-send-buffer=8KB" })
class SlowConsumerTest {

    static final int LINES = 20_000;

    static final int WINDOW = 100;

    @Autowired
    ChatServerConnectionFactory connectionFactory;

    @Autowired
    ChatStats stats;

    @Autowired
    Sessions sessions;

    @Test
    void slowPeersAreCutOffAndTheFastOneGetsEverything() throws Exception {
        int port = this.connectionFactory.getPort();
        List<ChatClient> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Small socket buffers on both ends, so the kernel cannot soak up what a non-reader is sent.
            slow.add(ChatClient.login(port, "slow" + i, 4096));
        }
        try (ChatClient fast = ChatClient.login(port, "fast"); ChatClient sender = ChatClient.login(port, "sender")) {
            // The sender runs as fast as the fast peer reads: at most WINDOW lines ahead of it.
            Semaphore window = new Semaphore(WINDOW);
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> readAll(fast, window));
            // The sender is told of every line the slow peers miss; it must read that, or it would be too slow itself.
            CompletableFuture<List<String>> replies = CompletableFuture.supplyAsync(() -> readUntilQuit(sender));
            String padding = "p".repeat(100);
            for (int i = 0; i < LINES; i++) {
                window.acquire();
                sender.send("fast, slow0, slow1, slow2: " + i + " " + padding);
            }

            sender.send("/quit");
            assertThat(replies.get()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("error: not delivered to slow\\d: (disconnected|not logged in)"));
            List<String> lines = received.get();
            for (int i = 0; i < LINES; i++) {
                assertThat(lines.get(i)).isEqualTo("from sender: " + i + " " + padding);
            }
            for (int i = 0; i < slow.size(); i++) {
                String name = "slow" + i;
                await().atMost(ChatClient.TIMEOUT).until(() -> this.sessions.peer(name) == null);
                assertThat(slow.get(i).readUntilCutOff()).as("what %s got before its socket was closed", name)
                        .hasSizeLessThan(LINES)
                        .allSatisfy(line -> assertThat(line).matches("from sender: \\d+ p+|error: you read too slowly.*"));
            }
            assertThat(this.stats.deliveriesDropped(DropReason.SLOW_CONSUMER)).isPositive();
        }
        finally {
            for (ChatClient peer : slow) {
                peer.close();
            }
        }
    }

    private static List<String> readUntilQuit(ChatClient client) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line = client.readLine(); !line.equals("info: bye"); line = client.readLine()) {
                lines.add(line);
            }
            return lines;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> readAll(ChatClient client, Semaphore window) {
        try {
            List<String> lines = new ArrayList<>(LINES);
            for (int i = 0; i < LINES; i++) {
                lines.add(client.readLine());
                window.release();
            }
            return lines;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
