package io.achat.server.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Login rules: valid names, one connection per name, and a name free again the moment its connection is gone. */
@SpringBootTest(properties = "chat.server.port=0")
class LoginTest {

    @ChatPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "two words", "a,b", "a:b", "/slash", "tab\there",
            "123456789012345678901234567890123" })
    void anInvalidLoginIsAnsweredAndClosed(String login) throws IOException {
        try (ChatClient client = ChatClient.connect(this.port)) {
            client.send(login);
            assertThat(client.readLine()).startsWith("error: invalid login: ");
            client.assertClosed();
        }
    }

    @Test
    void theLoginIsTrimmedAndMayHave32Characters() throws IOException {
        String longest = "abcdefghijklmnopqrstuvwxyz_12345";
        try (ChatClient client = ChatClient.connect(this.port)) {
            client.send("   " + longest + "  ");
            assertThat(client.readLine()).isEqualTo("info: logged in as " + longest);
            client.send(longest + ": hi");
            assertThat(client.readLine()).isEqualTo("from " + longest + ": hi");
        }
    }

    @Test
    void loginsAreCaseSensitive() throws IOException {
        try (ChatClient lower = ChatClient.login(this.port, "max"); ChatClient upper = ChatClient.login(this.port, "Max")) {
            lower.send("Max: hi");
            assertThat(upper.readLine()).isEqualTo("from max: hi");
        }
    }

    @Test
    void aSecondConnectionUnderATakenNameIsRefusedAndTheFirstKeepsIt() throws IOException {
        try (ChatClient first = ChatClient.login(this.port, "ned"); ChatClient second = ChatClient.connect(this.port)) {
            second.send("ned");
            assertThat(second.readLine()).isEqualTo("error: login 'ned' is already connected");
            second.assertClosed();
            first.send("ned: still mine");
            assertThat(first.readLine()).isEqualTo("from ned: still mine");
        }
    }

    /**
     * The welcome is the first line a client reads even when lines for its name arrive as it logs in:
     * the name becomes visible to other readers only once the welcome is queued ahead of them.
     */
    @Test
    void theWelcomeComesFirstWhileOthersAreAlreadySendingToTheName() throws Exception {
        byte[] burst = "quinn: are you there?\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        AtomicBoolean flooding = new AtomicBoolean(true);
        try (ChatClient flood = ChatClient.login(this.port, "flood")) {
            // Its "not delivered" answers are read away, so that it is never disconnected as a slow consumer.
            Async.run("flood-answers", () -> {
                while (flood.readLineOrNull() != null) {
                    // discard
                }
            });
            CompletableFuture<Void> sending = Async.run("flood", () -> {
                while (flooding.get()) {
                    flood.sendRaw(burst);
                }
            });
            try {
                for (int i = 0; i < 300; i++) {
                    // login() checks that the first line is the welcome.
                    ChatClient.login(this.port, "quinn").close();
                }
            }
            finally {
                flooding.set(false);
            }
            sending.get(ChatClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aNameIsFreeTheMomentItsClientDisconnects() throws IOException {
        for (int i = 0; i < 50; i++) {
            ChatClient client = ChatClient.login(this.port, "olga");
            client.close();
        }
        try (ChatClient last = ChatClient.login(this.port, "olga")) {
            last.send("olga: back");
            assertThat(last.readLine()).isEqualTo("from olga: back");
        }
    }

    @Test
    void aNameIsFreeTheMomentTheServerClosedItsConnection() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ChatClient client = ChatClient.login(this.port, "pia")) {
                client.send("/quit");
                assertThat(client.readLine()).isEqualTo("info: bye");
                client.assertClosed();
            }
        }
    }

}
