package io.achat.shell.session;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.achat.server.ChatClient;
import io.achat.server.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server shuts down gracefully and comes back on the same port: the client says so, logs in
 * again under the same name by itself, and receives what is sent after the restart.
 */
@SpringBootTest(properties = { "chat.shell.auto-run=false", "spring.shell.history.enabled=false",
        "chat.shell.reconnect.initial-delay=200ms", "chat.shell.reconnect.max-delay=1s" })
@ExtendWith(OutputCaptureExtension.class)
class ReconnectTest {

    @Autowired
    ChatSession session;

    @Test
    void reconnectsAfterARestartUnderTheSameName(CapturedOutput output) throws Exception {
        int port = freePort();
        ServerProcess first = ServerProcess.start("--chat.server.port=" + port);
        try {
            this.session.connect(new ChatSession.Target("localhost", port, "phoenix"));
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
            await().atMost(ChatClient.TIMEOUT).until(() -> output.getOut().contains("info: the server is shutting down")
                    && output.getOut().contains("reconnecting ('disconnect' cancels)"));
            assertThat(this.session.connected()).isFalse();
        }
        finally {
            first.close();
        }
        try (ServerProcess second = ServerProcess.start("--chat.server.port=" + port)) {
            await().atMost(ChatClient.TIMEOUT).until(this.session::connected);
            assertThat(output.getOut()).contains("reconnected as phoenix");
            try (ChatClient friend = ChatClient.login(port, "friend")) {
                friend.send("phoenix: welcome back");
                await().atMost(ChatClient.TIMEOUT).until(() -> output.getOut().contains("from friend: welcome back"));
            }
        }
        finally {
            assertThat(this.session.disconnect()).isEqualTo("disconnected");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
