package io.achat.server.session;

import java.io.IOException;

import io.achat.server.ChatClient;
import io.achat.server.ChatPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Accepted sockets have TCP_NODELAY: without it Nagle and delayed ACK hold small lines back ~40 ms. */
@SpringBootTest(properties = "chat.server.port=0")
class SocketOptionsTest {

    @ChatPort
    int port;

    @Autowired
    Sessions sessions;

    @Test
    void acceptedSocketsSendWithoutDelay() throws IOException {
        try (ChatClient client = ChatClient.login(this.port, "nagle")) {
            Session session = this.sessions.peer("nagle");
            assertThat(session.connection().getSocketInfo().getTcpNoDelay()).isTrue();
        }
    }

}
