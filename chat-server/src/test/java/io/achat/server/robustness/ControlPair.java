package io.achat.server.robustness;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.achat.server.Async;
import io.achat.server.ChatClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two well-behaved clients that chat while a test abuses the server: each sends numbered lines to
 * the other (at most {@value #WINDOW} unanswered) until {@link #finish()}, then a last marker; each
 * checks that it got every number of the other's, once and in order. Lines from anybody else
 * (abusers may write to them) are ignored.
 */
final class ControlPair implements AutoCloseable {

    private static final int WINDOW = 100;

    private final Side alice;

    private final Side bob;

    private final AtomicBoolean finishing = new AtomicBoolean();

    ControlPair(int port, String aliceName, String bobName) throws IOException {
        ChatClient aliceClient = ChatClient.login(port, aliceName);
        ChatClient bobClient = ChatClient.login(port, bobName);
        this.alice = new Side(aliceClient, aliceName, bobName);
        this.bob = new Side(bobClient, bobName, aliceName);
        this.alice.start(this.bob);
        this.bob.start(this.alice);
    }

    ControlPair(int port) throws IOException {
        this(port, "control-a", "control-b");
    }

    /** Numbers each side has sent so far. */
    long sent() {
        return this.alice.sent + this.bob.sent;
    }

    /** Stops sending, and checks that each side received everything the other sent, in order. */
    void finish() throws Exception {
        this.finishing.set(true);
        this.alice.sending.get(60, TimeUnit.SECONDS);
        this.bob.sending.get(60, TimeUnit.SECONDS);
        long aliceGot = this.alice.receiving.get(60, TimeUnit.SECONDS);
        long bobGot = this.bob.receiving.get(60, TimeUnit.SECONDS);
        assertThat(aliceGot).as("lines the first control client got, in order").isEqualTo(this.bob.sent);
        assertThat(bobGot).as("lines the second control client got, in order").isEqualTo(this.alice.sent);
        assertThat(this.alice.sent).as("the control pair chatted").isPositive();
    }

    @Override
    public void close() throws IOException {
        this.finishing.set(true);
        this.alice.client.close();
        this.bob.client.close();
    }

    private final class Side {

        final ChatClient client;

        final String name;

        final String other;

        final Semaphore window = new Semaphore(WINDOW);

        volatile long sent;

        CompletableFuture<Void> sending;

        CompletableFuture<Long> receiving;

        Side(ChatClient client, String name, String other) {
            this.client = client;
            this.name = name;
            this.other = other;
        }

        void start(Side peer) {
            this.sending = Async.run(this.name + "-send", () -> {
                long n = 0;
                while (!ControlPair.this.finishing.get()) {
                    if (this.window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                        this.client.send(this.other + ": " + n++);
                        this.sent = n;
                    }
                }
                this.client.send(this.other + ": done");
            });
            this.receiving = Async.call(this.name + "-receive", () -> {
                String prefix = "from " + this.other + ": ";
                long expected = 0;
                while (true) {
                    String line = this.client.readLine();
                    if (!line.startsWith(prefix)) {
                        continue;
                    }
                    String body = line.substring(prefix.length());
                    if (body.equals("done")) {
                        return expected;
                    }
                    assertThat(Long.parseLong(body)).as("%s's line after %d", this.other, expected - 1).isEqualTo(expected);
                    expected++;
                    peer.window.release();
                }
            });
        }

    }

}
