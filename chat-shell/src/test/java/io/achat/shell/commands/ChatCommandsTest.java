package io.achat.shell.commands;

import java.net.ServerSocket;

import io.achat.server.ChatClient;
import io.achat.server.ServerProcessExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.autoconfigure.ShellTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.springframework.shell.test.ShellAssertions.assertThat;

/**
 * The commands through Spring Shell's own registry, parser and availability, against the real
 * chat-server jar on a random port. The runner is off ({@code chat.shell.auto-run=false}), so no
 * prompt waits on the build's stdin.
 */
@ShellTest
@SpringBootTest(properties = { "chat.shell.auto-run=false", "spring.shell.history.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class ChatCommandsTest {

    @RegisterExtension
    static final ServerProcessExtension server = new ServerProcessExtension();

    @Autowired
    ShellTestClient shell;

    @AfterEach
    void disconnect() throws Exception {
        this.shell.sendCommand("disconnect");
    }

    @Test
    void whileOfflineTheChatCommandsAreUnavailableWithAReason() throws Exception {
        for (String command : new String[] { "send --to bob hi", "who", "raw bob: hi", "listen --count 1", "echo-bot" }) {
            assertThat(this.shell.sendCommand(command))
                    .containsText("not currently available because you are not connected (use 'connect')");
        }
        assertThat(this.shell.sendCommand("status")).containsText("offline");
    }

    @Test
    void connectSendWhoAndDisconnect(CapturedOutput output) throws Exception {
        try (ChatClient bob = ChatClient.login(server.port(), "bob")) {
            assertThat(connect("alice")).containsText("connected to localhost:" + server.port() + " as alice");
            assertThat(this.shell.sendCommand("status")).containsText("connected to localhost:" + server.port() + " as alice");

            this.shell.sendCommand("send --to bob hello   world");
            assertThat(bob.readLine()).isEqualTo("from alice: hello world");
            this.shell.sendCommand("send -t bob \"  quoted:  spacing   kept \"");
            assertThat(bob.readLine()).isEqualTo("from alice: quoted:  spacing   kept");
            this.shell.sendCommand("send --to bob \"-1 starts with a dash\"");
            assertThat(bob.readLine()).isEqualTo("from alice: -1 starts with a dash");
            this.shell.sendCommand("raw bob, alice: the protocol itself");
            assertThat(bob.readLine()).isEqualTo("from alice: the protocol itself");

            assertThat(this.shell.sendCommand("who")).containsText("online: alice, bob");

            bob.send("alice: hi alice");
            this.shell.sendCommand("send --to nobody anyone?");
            await().atMost(ChatClient.TIMEOUT).until(() -> output.getOut().contains("from bob: hi alice")
                    && output.getOut().contains("error: not delivered to nobody: not logged in"));

            assertThat(this.shell.sendCommand("disconnect")).containsText("disconnected");
            assertThat(this.shell.sendCommand("status")).containsText("offline");
            assertThat(this.shell.sendCommand("send --to bob hi")).containsText("not currently available");
        }
    }

    @Test
    void aRefusedLoginShowsTheServersReason() throws Exception {
        try (ChatClient taken = ChatClient.login(server.port(), "taken")) {
            assertThatExceptionOfType(CommandExecutionException.class).isThrownBy(() -> connect("taken"))
                    .havingRootCause().withMessage("login refused: login 'taken' is already connected");
            assertThatExceptionOfType(CommandExecutionException.class).isThrownBy(() -> connect("two words"))
                    .havingRootCause().withMessageStartingWith("login refused: invalid login:");
        }
    }

    @Test
    void anUnreachableServerIsSaidInOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatExceptionOfType(CommandExecutionException.class)
                .isThrownBy(() -> this.shell.sendCommand("connect --port " + closedPort + " --login x"))
                .havingRootCause().withMessage("cannot reach localhost:" + closedPort + ": Connection refused");
    }

    private org.springframework.shell.test.ShellScreen connect(String login) throws Exception {
        return this.shell.sendCommand("connect --port " + server.port() + " --login " + (login.contains(" ") ? "\"" + login + "\"" : login));
    }

}
