package io.achat.server.monitoring;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.Http;
import io.achat.server.InProcessServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the chat port: UP only once it listens, OUT_OF_SERVICE from the first step of
 * the graceful shutdown while the HTTP port still answers. The context is closed as SIGTERM closes it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadinessOnShutdownTest {

    @Test
    void readinessGoesDownBeforeTheChatPortClosesAndStaysAnsweredDuringTheDrain(CapturedOutput output) throws Exception {
        int lines = 50_000; // ~5 MB for a peer that reads only once we have looked at readiness
        InProcessServer server = InProcessServer.start("chat.server.send-queue-limit=64MB",
                "chat.server.socket-send-buffer=64KB");
        ConfigurableApplicationContext context = server.context();
        try {
            int chatPort = server.port();
            int httpPort = server.httpPort();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(output.getOut().indexOf("Readiness: ACCEPTING_TRAFFIC"))
                .as("ready only after the chat port listens")
                .isGreaterThan(output.getOut().indexOf("Chat server listening on"));
            assertThat(Http.get(httpPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);

            try (ChatClient sink = ChatClient.login(chatPort, "sink", 8192);
                    ChatClient source = ChatClient.login(chatPort, "source")) {
                source.sendNumbered("sink", lines, "y".repeat(80));
                // Every line routed (queued for the sink) before the shutdown begins: a line still on its way in
                // would rightly be answered "not delivered" to the source instead of reaching the sink.
                ChatStats stats = context.getBean(ChatStats.class);
                await().atMost(ChatClient.TIMEOUT).until(() -> stats.linesRouted() == lines);
                CompletableFuture<Void> shutdown = Async.run("shutdown", context::close);

                // The drain waits for the sink, so the server is shutting down and still serving HTTP here.
                await().atMost(ChatClient.TIMEOUT).until(() -> chatPortRefuses(chatPort));
                HttpResponse<String> readiness = Http.get(httpPort, "/actuator/health/readiness");
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"OUT_OF_SERVICE\"", "\"not listening\"");
                assertThat(Http.get(httpPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
                String log = output.getOut();
                assertThat(log.indexOf("Readiness: REFUSING_TRAFFIC")).as("readiness first")
                    .isPositive()
                    .isLessThan(log.indexOf("Graceful shutdown of"));

                for (int i = 0; i < lines; i++) {
                    assertThat(sink.readLine()).isEqualTo("from source: " + i + " " + "y".repeat(80));
                }
                assertThat(sink.readLine()).startsWith("info: the server is shutting down");
                sink.close();
                source.close();
                shutdown.get();
            }
            assertThat(meters.get("chat.shutdown.exit.status").gauge().value()).isZero();
            assertThat(meters.get("chat.shutdown.connections").gauge().value()).isEqualTo(2);
            assertThat(meters.get("chat.shutdown.peers.cut.off").gauge().value()).isZero();
            assertThat(meters.get("chat.shutdown.duration").timeGauge().value()).isPositive();
        }
        finally {
            context.close();
        }
    }

    private static boolean chatPortRefuses(int port) throws IOException {
        try (ChatClient client = ChatClient.connect(port)) {
            return false;
        }
        catch (ConnectException expected) {
            return true;
        }
    }

}
