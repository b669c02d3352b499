package io.achat.server.robustness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ServerProcess;
import io.achat.server.ServerProcess.Jvm;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while 100 clients chat at full speed, repeated (shutdown races show up one run in ten),
 * alternating Java 17 and 21+. Afterwards every client's sent lines are reconciled with what the
 * others received and the errors it got: each line reached both its recipients or was answered
 * "not delivered", none twice, none out of order; and the server exited 0 within its bound. One client
 * in ten goes on sending for a while after the notice has reached it, as a client does whose reader is
 * behind: its lines too must be answered, not dropped.
 */
class ShutdownUnderLoadIT {

    private static final int CLIENTS = 100;

    private static final int BATCH = 10;

    private static final int WINDOW = 200;

    private static final String NOTICE = "info: the server is shutting down";

    private static final String REJECTED = "error: not delivered: the server is shutting down";

    private static final Duration BOUND = Duration.ofSeconds(30);

    /** How long a late client goes on sending after the notice has reached it. */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    @RepeatedTest(6)
    void everyLineSentIsDeliveredToEveryRecipientOrAnsweredAndTheExitIsZero(RepetitionInfo repetition)
            throws Exception {
        Jvm jvm = repetition.getCurrentRepetition() % 2 == 0 ? ServerProcess.newest() : Jvm.current();
        try (ServerProcess server = ServerProcess.start(jvm)) {
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Client(ChatClient.login(server.port(), "c" + i), i));
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (Client client : clients) {
                running.add(client.start(clients));
            }
            await().atMost(ChatClient.TIMEOUT).until(() -> clients.stream().allMatch(c -> c.sent >= 5 * BATCH));

            server.terminate();
            assertThat(server.awaitExit(BOUND.plusSeconds(5))).as("exit status; log:%n%s", server.log()).isZero();
            try {
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            catch (ExecutionException | TimeoutException ex) {
                throw new AssertionError("clients that did not send or read to the end: " + clients.stream()
                    .filter(c -> c.failure != null).map(c -> c.name + " (notice " + c.sawNotice + ", "
                            + c.failure + ")").toList() + "; log:\n" + server.log(), ex);
            }

            String summary = server.log().lines().filter(l -> l.contains("Shutdown complete")).findFirst().orElse("");
            long delivered = 0;
            long rejected = 0;
            for (Client sender : clients) {
                assertThat(sender.unexpected).as("%s's unexpected lines", sender.name).isEmpty();
                assertThat(sender.sawNotice).as("%s got the notice", sender.name).isTrue();
                for (Client recipient : sender.recipients(clients)) {
                    assertThat(recipient.received(sender.name))
                        .as("lines from %s that %s got (%s sent %d, answered 'not delivered' %d; %s unexpected: %s); %s",
                                sender.name, recipient.name, sender.name, sender.sent, sender.rejected, recipient.name,
                                recipient.unexpected, summary)
                        .isEqualTo(sender.sent - sender.rejected);
                }
                delivered += 2 * (sender.sent - sender.rejected);
                rejected += sender.rejected;
            }
            assertThat(delivered).as("deliveries before the shutdown").isPositive();
            assertThat(server.log()).contains("Shutdown complete", "exit status 0");
            System.out.printf("Shutdown under load (%s): %d deliveries, %d lines answered 'not delivered'%n", jvm,
                    delivered, rejected);
        }
    }

    /**
     * A client that sends to the next two, stops at the notice (a late one some time after it), ends its
     * input, and reads to the end.
     */
    private static final class Client {

        final ChatClient connection;

        final String name;

        final int index;

        /** Permits for deliveries in flight: two per line, given back by each recipient, or by the line's rejection. */
        final Semaphore window = new Semaphore(2 * WINDOW);

        /** Per sender, the next number expected; the reader's only. */
        final Map<String, Long> next = new HashMap<>();

        final List<String> unexpected = new ArrayList<>();

        volatile long sent;

        volatile long rejected;

        volatile boolean sawNotice;

        volatile long noticeNanos;

        volatile Throwable failure;

        Client(ChatClient connection, int index) {
            this.connection = connection;
            this.name = "c" + index;
            this.index = index;
        }

        List<Client> recipients(List<Client> all) {
            return List.of(all.get((this.index + 1) % CLIENTS), all.get((this.index + 2) % CLIENTS));
        }

        long received(String sender) {
            return this.next.getOrDefault(sender, 0L);
        }

        CompletableFuture<Void> start(List<Client> all) {
            List<Client> to = recipients(all);
            String prefix = to.get(0).name + ", " + to.get(1).name + ": ";
            boolean late = this.index % 10 == 0;
            CompletableFuture<Void> sending = Async.run(this.name + "-send", () -> {
                long n = 0;
                while (!this.sawNotice || late && System.nanoTime() - this.noticeNanos < LATE_NANOS) {
                    if (this.window.tryAcquire(2 * BATCH, 10, TimeUnit.MILLISECONDS)) {
                        StringBuilder batch = new StringBuilder();
                        for (int i = 0; i < BATCH; i++) {
                            batch.append(prefix).append(n++).append('\n');
                        }
                        this.connection.sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
                        this.sent = n;
                    }
                }
                // As the notice asks: stop, and end the input so that every line sent gets its answer.
                this.connection.socket().shutdownOutput();
            });
            CompletableFuture<Void> reading = Async.run(this.name + "-read", () -> {
                for (String line = this.connection.readLineOrNull(); line != null; line = this.connection.readLineOrNull()) {
                    read(line, all);
                }
                this.connection.close();
            });
            CompletableFuture<Void> both = CompletableFuture.allOf(sending, reading);
            both.whenComplete((done, failure) -> this.failure = failure);
            return both;
        }

        private void read(String line, List<Client> all) {
            if (line.startsWith("from c")) {
                int colon = line.indexOf(": ");
                String sender = line.substring(5, colon);
                long number = Long.parseLong(line.substring(colon + 2));
                long expected = received(sender);
                if (number != expected) {
                    this.unexpected.add(line + " (expected " + expected + ")");
                }
                this.next.put(sender, expected + 1);
                all.get(Integer.parseInt(sender.substring(1))).window.release();
            }
            else if (line.startsWith(NOTICE)) {
                this.noticeNanos = System.nanoTime();
                this.sawNotice = true;
            }
            else if (line.equals(REJECTED)) {
                this.rejected++;
                this.window.release(2);
            }
            else {
                this.unexpected.add(line);
            }
        }

    }

}
