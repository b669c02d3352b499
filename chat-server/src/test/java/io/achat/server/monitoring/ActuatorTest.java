package io.achat.server.monitoring;

import java.io.IOException;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.achat.server.ChatClient;
import io.achat.server.ChatPort;
import io.achat.server.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, exposure and the chat meters over the real HTTP port, with real chat clients. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "chat.server.port=0", "chat.server.send-queue-limit=16MB", "chat.server.socket-send-buffer=64KB" })
class ActuatorTest {

    @ChatPort
    int chatPort;

    @LocalServerPort
    int httpPort;

    @Test
    void readinessIsUpWithTheChatListenerAndItsPeersLivenessIsUp() throws IOException {
        try (ChatClient alice = ChatClient.login(this.chatPort, "alice")) {
            HttpResponse<String> readiness = Http.get(this.httpPort, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json(readiness, "$.status")).isEqualTo("UP");
            assertThat(json(readiness, "$.components.readinessState.status")).isEqualTo("UP");
            assertThat(json(readiness, "$.components.chat.status")).isEqualTo("UP");
            assertThat(json(readiness, "$.components.chat.details.listener")).isEqualTo("listening");
            assertThat(json(readiness, "$.components.chat.details.port")).isEqualTo(this.chatPort);
            assertThat(json(readiness, "$.components.chat.details.peers")).isEqualTo(1);
            HttpResponse<String> liveness = Http.get(this.httpPort, "/actuator/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(json(liveness, "$.components.livenessState.status")).isEqualTo("UP");
            assertThat(liveness.body()).as("liveness does not depend on the chat port").doesNotContain("\"chat\"");
        }
    }

    @Test
    void exposesHealthInfoMetricsAndPrometheusOnly() {
        assertThat(Http.get(this.httpPort, "/actuator").body()).contains("/actuator/health", "/actuator/info",
                "/actuator/metrics", "/actuator/prometheus");
        assertThat(Http.get(this.httpPort, "/actuator/info").body()).contains("\"java\"");
        for (String hidden : new String[] { "env", "beans", "configprops", "loggers", "heapdump", "threaddump",
                "shutdown", "mappings" }) {
            assertThat(Http.get(this.httpPort, "/actuator/" + hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void theChatMetersCountWhatClientsDid() throws IOException {
        String before = scrape();
        try (ChatClient carl = ChatClient.login(this.chatPort, "carl"); ChatClient dana = ChatClient.login(this.chatPort, "dana")) {
            carl.send("dana: hi");
            carl.send("nobody: hello?");
            carl.send("no colon here");
            assertThat(dana.readLine()).isEqualTo("from carl: hi");
            assertThat(carl.readLine()).startsWith("error: not delivered to nobody");
            assertThat(carl.readLine()).startsWith("error: ");
            try (ChatClient taken = ChatClient.connect(this.chatPort)) {
                taken.send("carl");
                assertThat(taken.readLine()).startsWith("error: login 'carl' is already connected");
            }
            String after = scrape();
            assertThat(delta(before, after, "chat_logins_accepted_total")).isEqualTo(2);
            assertThat(delta(before, after, "chat_logins_refused_total", "reason=\"taken\"")).isEqualTo(1);
            assertThat(delta(before, after, "chat_lines_received_total")).isEqualTo(6);
            assertThat(delta(before, after, "chat_lines_routed_total")).isEqualTo(2);
            assertThat(delta(before, after, "chat_routing_seconds_count")).as("carl's first message, sampled")
                .isEqualTo(1);
            assertThat(delta(before, after, "chat_errors_total", "kind=\"not_logged_in\"")).isEqualTo(1);
            assertThat(delta(before, after, "chat_errors_total", "kind=\"invalid_request\"")).isEqualTo(1);
            assertThat(delta(before, after, "chat_errors_total", "kind=\"login_taken\"")).isEqualTo(1);
            assertThat(delta(before, after, "chat_deliveries_written_total")).isEqualTo(1);
            assertThat(value(after, "chat_peers_active")).isEqualTo(2);
            assertThat(after).contains("application=\"chat-server\"");
        }
    }

    @Test
    void librariesDoNotInstrumentEveryLine() throws IOException {
        try (ChatClient erin = ChatClient.login(this.chatPort, "erin")) {
            erin.send("erin: hi");
            assertThat(erin.readLine()).isEqualTo("from erin: hi");
        }
        assertThat(scrape()).as("channel and handler timers (application.yml turns them off)")
            .doesNotContain("spring_integration_send")
            .as("Logback's event counter, whose turbo filter runs on every level check")
            .doesNotContain("logback_events")
            .contains("chat_routing_seconds_count");
    }

    @Test
    void queueDepthShowsWhatWaitsForAPeerThatDoesNotRead() throws IOException {
        int lines = 40_000; // ~4 MB, far more than the 64 KiB send buffer and the client's receive buffer
        try (ChatClient sink = ChatClient.login(this.chatPort, "sink", 8192);
                ChatClient source = ChatClient.login(this.chatPort, "source")) {
            source.sendNumbered("sink", lines, "x".repeat(80));
            await().atMost(ChatClient.TIMEOUT)
                .until(() -> value(scrape(), "chat_peer_queue_bytes", "statistic=\"max\"") > 2_000_000);
            String scrape = scrape();
            assertThat(value(scrape, "chat_peer_queue_bytes", "statistic=\"total\""))
                .isGreaterThanOrEqualTo(value(scrape, "chat_peer_queue_bytes", "statistic=\"max\""));
            assertThat(value(scrape, "chat_peer_queue_lines", "statistic=\"max\"")).isGreaterThan(20_000);
            for (int i = 0; i < lines; i++) {
                sink.readLine();
            }
            await().atMost(ChatClient.TIMEOUT)
                .until(() -> value(scrape(), "chat_peer_queue_lines", "statistic=\"total\"") == 0);
        }
    }

    private static Object json(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }

    private String scrape() {
        HttpResponse<String> response = Http.get(this.httpPort, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double value(String scrape, String name, String... labels) {
        return Http.sample(scrape, name, labels).orElseThrow(() -> new AssertionError("no sample " + name));
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - Http.sample(before, name, labels).orElse(0.0);
    }

}
