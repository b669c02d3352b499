package io.achat.server.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatPort;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.session.Sessions;
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

    static final Pattern NOT_DELIVERED = Pattern.compile("error: not delivered to (slow\\d): (disconnected|not logged in)");

    @ChatPort
    int port;

    @Autowired
    ChatStats stats;

    @Autowired
    Sessions sessions;

    @Test
    void slowPeersAreCutOffAndTheFastOneGetsEverything() throws Exception {
        List<ChatClient> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Small socket buffers on both ends, so the kernel cannot soak up what a non-reader is sent.
            slow.add(ChatClient.login(this.port, "slow" + i, 4096));
        }
        try (ChatClient fast = ChatClient.login(this.port, "fast"); ChatClient sender = ChatClient.login(this.port, "sender")) {
            // The sender runs as fast as the fast peer reads: at most WINDOW lines ahead of it.
            Semaphore window = new Semaphore(WINDOW);
            CompletableFuture<List<String>> received = Async.call("fast-reader", () -> readAll(fast, window));
            // The sender is told of every line a slow peer misses and, as a real client would, stops
            // addressing a peer it was told is gone; otherwise those answers would make it a slow consumer too.
            Set<String> gone = ConcurrentHashMap.newKeySet();
            CompletableFuture<List<String>> replies = Async.call("sender-reader", () -> readUntilQuit(sender, gone));
            String padding = "p".repeat(100);
            for (int i = 0; i < LINES; i++) {
                assertThat(window.tryAcquire(ChatClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("the fast peer keeps reading").isTrue();
                StringBuilder recipients = new StringBuilder("fast");
                for (int p = 0; p < slow.size(); p++) {
                    if (!gone.contains("slow" + p)) {
                        recipients.append(", slow").append(p);
                    }
                }
                sender.send(recipients + ": " + i + " " + padding);
            }

            sender.send("/quit");
            assertThat(replies.get()).isNotEmpty().allSatisfy(line -> assertThat(line).matches(NOT_DELIVERED));
            assertThat(gone).containsExactlyInAnyOrder("slow0", "slow1", "slow2");
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

    private static List<String> readUntilQuit(ChatClient client, Set<String> gone) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = client.readLine(); !line.equals("info: bye"); line = client.readLine()) {
            lines.add(line);
            Matcher notDelivered = NOT_DELIVERED.matcher(line);
            if (notDelivered.matches()) {
                gone.add(notDelivered.group(1));
            }
        }
        return lines;
    }

    private static List<String> readAll(ChatClient client, Semaphore window) throws IOException {
        List<String> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            lines.add(client.readLine());
            window.release();
        }
        return lines;
    }

}
