package io.achat.server.robustness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.achat.server.ChatClient;
import io.achat.server.ServerProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** After SIGKILL, with clients connected, the server starts again on the same port at once and they come back. */
class KillAndRestartIT {

    private static final int CLIENTS = 20;

    @Test
    void afterSigkillTheServerStartsOnTheSamePortAtOnceAndClientsLogInAgain() throws Exception {
        int port = freePort();
        List<ChatClient> clients = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start("--chat.server.port=" + port)) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(ChatClient.login(port, "k" + i));
            }
            clients.get(0).send("k1: before the kill");
            assertThat(clients.get(1).readLine()).isEqualTo("from k0: before the kill");
            first.kill();
            assertThat(first.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
        }
        for (ChatClient client : clients) {
            assertThat(endOrReset(client)).as("a client of the killed server sees its connection end").isTrue();
            client.close();
        }
        try (ServerProcess second = ServerProcess.start("--chat.server.port=" + port)) {
            assertThat(second.port()).isEqualTo(port);
            List<ChatClient> back = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    back.add(ChatClient.login(port, "k" + i));
                }
                back.get(0).send("k1: after the restart");
                assertThat(back.get(1).readLine()).isEqualTo("from k0: after the restart");
            }
            finally {
                for (ChatClient client : back) {
                    client.close();
                }
            }
        }
    }

    private static boolean endOrReset(ChatClient client) throws IOException {
        try {
            return client.readLineOrNull() == null;
        }
        catch (SocketException reset) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
