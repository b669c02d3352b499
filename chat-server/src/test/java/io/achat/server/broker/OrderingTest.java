package io.achat.server.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.achat.server.ChatClient;
import io.achat.server.tcp.ChatServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    ChatServerConnectionFactory connectionFactory;

    @Test
    void everyLineArrivesOnceAndInEachSendersOrder() throws Exception {
        int port = this.connectionFactory.getPort();
        try (ChatClient sink = ChatClient.login(port, "sink")) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String name = "sender" + s;
                ChatClient sender = ChatClient.login(port, name);
                senders.add(CompletableFuture.runAsync(() -> sendAll(sender)));
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

    private static void sendAll(ChatClient sender) {
        try (sender) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                batch.append("sink: ").append(i).append('\n');
                if (batch.length() > 8192) {
                    sender.sendRaw(batch.toString().getBytes());
                    batch.setLength(0);
                }
            }
            sender.sendRaw(batch.toString().getBytes());
            sender.send("/quit");
            // Read to the end, so nothing the server sends back can fill this socket.
            while (sender.readLineOrNull() != null) {
                // drain
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
