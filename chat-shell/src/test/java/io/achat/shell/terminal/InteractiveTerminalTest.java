package io.achat.shell.terminal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ServerProcessExtension;
import org.jline.terminal.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real JLine prompt on an in-memory xterm: a message that arrives while the user is typing is
 * printed above the prompt, and the half-typed line is redrawn under it, intact.
 */
@SpringBootTest(properties = { "chat.shell.auto-run=false", "spring.shell.history.enabled=false" })
class InteractiveTerminalTest {

    static final PipedOutputStream keyboard = new PipedOutputStream();

    static final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @RegisterExtension
    static final ServerProcessExtension server = new ServerProcessExtension();

    @Autowired
    ShellRunner shellRunner;

    @Test
    void anIncomingMessageIsPrintedAboveWhatTheUserIsTyping() throws Exception {
        CompletableFuture<Void> shell = Async.run("shell", () -> this.shellRunner.run(new String[0]));
        try (ChatClient bob = ChatClient.login(server.port(), "bob")) {
            type("connect --port " + server.port() + " --login dora\r");
            String prompt = "dora@localhost:" + server.port() + "> ";
            await().atMost(ChatClient.TIMEOUT).until(() -> screen().contains(prompt));

            type("send --to bob hel");
            await().atMost(ChatClient.TIMEOUT).until(() -> screen().endsWith(prompt + "send --to bob hel"));
            bob.send("dora: a message while you type");
            await().atMost(ChatClient.TIMEOUT).until(() -> screen().contains("from bob: a message while you type"));
            String after = screen().substring(screen().lastIndexOf("from bob: a message while you type"));
            await().atMost(ChatClient.TIMEOUT).until(() -> screen().substring(screen().lastIndexOf("from bob: a message"))
                    .contains(prompt + "send --to bob hel"));
            assertThat(after).doesNotContain("send --to bob hello");

            type("lo\r");
            assertThat(bob.readLine()).isEqualTo("from dora: hello");
            type("disconnect\r");
            await().atMost(ChatClient.TIMEOUT).until(() -> screen().contains("offline> "));
        }
        finally {
            keyboard.close(); // end of input ends the shell
        }
        shell.get();
    }

    private static void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /**
     * What the terminal was sent, as text: escape sequences (colors, modes) removed and backspaces
     * applied, as JLine's highlighter rewrites the word being typed.
     */
    private static String screen() {
        String raw;
        synchronized (screen) {
            raw = screen.toString(StandardCharsets.UTF_8);
        }
        String plain = raw.replaceAll("\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]", "").replace("\r", "");
        StringBuilder text = new StringBuilder();
        for (char c : plain.toCharArray()) {
            if (c == '\b') {
                text.setLength(Math.max(0, text.length() - 1));
            }
            else {
                text.append(c);
            }
        }
        return text.toString();
    }

    @TestConfiguration
    static class InMemoryTerminal {

        @Bean
        TerminalCustomizer inMemoryTerminal() throws IOException {
            PipedInputStream in = new PipedInputStream(keyboard, 64 * 1024);
            return builder -> builder.system(false).type("xterm").size(new Size(160, 40)).streams(in, screen);
        }

    }

}
