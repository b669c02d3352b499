package io.achat.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.achat.server.session.Sessions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The configurable limits, set low so that each is quick to reach. */
@SpringBootTest(properties = { "chat.server.port=0", "chat.server.max-line-length=100B",
        "chat.server.login-timeout=300ms", "chat.server.max-connections=20" })
class LimitsTest {

    @Autowired
    Sessions sessions;

    @ChatPort
    int port;

    @Test
    void aLineOfExactlyTheLimitIsDelivered() throws IOException {
        try (ChatClient quinn = ChatClient.login(this.port, "quinn")) {
            String text = "x".repeat(100 - "quinn: ".length());
            quinn.sendRaw(("quinn: " + text + "\r\n").getBytes());
            assertThat(quinn.readLine()).isEqualTo("from quinn: " + text);
        }
    }

    @Test
    void aLongerLineIsAnsweredNothingOfItIsDeliveredAndTheConnectionCloses() throws IOException {
        try (ChatClient ray = ChatClient.login(this.port, "ray"); ChatClient sue = ChatClient.login(this.port, "sue")) {
            ray.send("sue: " + "y".repeat(96));
            ray.send("sue: after");
            assertThat(ray.readLine()).isEqualTo("error: line longer than 100 bytes; closing");
            ray.assertClosed();
            sue.send("sue: marker");
            assertThat(sue.readLine()).as("nothing of ray's lines, then the marker").isEqualTo("from sue: marker");
        }
    }

    @Test
    void aLoginLineOverTheLimitIsRefusedToo() throws IOException {
        try (ChatClient client = ChatClient.connect(this.port)) {
            client.send("z".repeat(5000));
            assertThat(client.readLine()).isEqualTo("error: line longer than 100 bytes; closing");
            client.assertClosed();
        }
    }

    @Test
    void noLoginWithinTheTimeoutIsAnsweredAndClosed() throws IOException {
        try (ChatClient silent = ChatClient.connect(this.port)) {
            assertThat(silent.readLine()).isEqualTo("error: no login within 300 ms; closing");
            silent.assertClosed();
        }
    }

    @Test
    void connectionsBeyondTheMaximumAreRefusedWithAnErrorLine() throws IOException {
        // Other tests' connections must be gone, or they would count against the maximum.
        await().atMost(ChatClient.TIMEOUT).until(() -> this.sessions.count() == 0);
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(ChatClient.login(this.port, "user" + i));
            }
            try (ChatClient extra = ChatClient.connect(this.port)) {
                assertThat(extra.readLine()).isEqualTo("error: server full (20 connections); try again later");
                extra.assertClosed();
            }
            clients.remove(0).close();
            // A slot is free again once the server has seen the close; a new client gets in.
            ChatClient next = null;
            for (int attempt = 0; next == null && attempt < 100; attempt++) {
                ChatClient candidate = ChatClient.connect(this.port);
                candidate.send("newcomer");
                if (candidate.readLine().equals("info: logged in as newcomer")) {
                    next = candidate;
                }
                else {
                    candidate.close();
                }
            }
            assertThat(next).as("admitted once a slot was free").isNotNull();
            clients.add(next);
        }
        finally {
            for (ChatClient client : clients) {
                client.close();
            }
        }
    }

}
