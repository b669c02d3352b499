package io.achat.server.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatPort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-sender order end to end, under concurrency: several senders write thousands of lines each
 * to one recipient at full speed (the NIO factory reorders exactly this load; the Net factory,
 * one reader per socket and one drain per peer, must not).
 */
@SpringBootTest(properties = "chat.server.port=0")
class OrderingTest {

    static final int SENDERS = 4;

    static final int LINES = 20_000;

    @ChatPort
    int port;

    @Test
    void everyLineArrivesOnceAndInEachSendersOrder() throws Exception {
        try (ChatClient sink = ChatClient.login(this.port, "sink")) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String name = "sender" + s;
                ChatClient sender = ChatClient.login(this.port, name);
                senders.add(Async.run(name, () -> sendAll(sender)));
            }
            Map<String, Integer> next = new HashMap<>();
            for (int i = 0; i < SENDERS * LINES; i++) {
                String line = sink.readLine();
                String sender = line.substring("from ".length(), line.indexOf(':'));
                int sequence = Integer.parseInt(line.substring(line.indexOf(": ") + 2));
                int expected = next.getOrDefault(sender, 0);
                assertThat(sequence).as("next line from %s", sender).isEqualTo(expected);
                next.put(sender, expected + 1);
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
            assertThat(next).hasSize(SENDERS).allSatisfy((sender, count) -> assertThat(count).isEqualTo(LINES));
        }
    }

    private static void sendAll(ChatClient sender) throws IOException {
        try (sender) {
            sender.sendNumbered("sink", LINES, "").send("/quit");
            // Read to the end, so nothing the server sends back can fill this socket.
            while (sender.readLineOrNull() != null) {
                // drain
            }
        }
    }

}
