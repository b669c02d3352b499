package io.achat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's checks against a stand-in server that misbehaves on purpose: a benchmark whose
 * loss counter cannot count is no benchmark. The stand-in relays lines as the protocol says, but
 * drops, repeats or swaps the n-th one.
 */
class ChecksTest {

    private static final int MESSAGES = 20;

    @Test
    void aFaithfulRelayPasses() throws Exception {
        Result result = runAgainst(Fault.NONE);
        assertThat(result.deliveries()).isEqualTo(2 * MESSAGES);
        assertThat(result.passed()).isTrue();
        assertThat(result.p50()).isPositive();
    }

    @Test
    void twoEventLoopsAddUpTheirClientsAndDeliveries() throws Exception {
        Result result = runAgainst(Fault.NONE, 4, 2);
        assertThat(result.generatorLoops()).isEqualTo(2);
        assertThat(result.clients()).isEqualTo(4);
        assertThat(result.deliveries()).isEqualTo(4 * MESSAGES);
        assertThat(result.passed()).isTrue();
    }

    @Test
    void aLineDroppedInOneOfTwoEventLoopsIsLost() throws Exception {
        Result result = runAgainst(Fault.DROP, 4, 2);
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aDroppedLineIsLost() throws Exception {
        Result result = runAgainst(Fault.DROP);
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aRepeatedLineIsDuplicated() throws Exception {
        Result result = runAgainst(Fault.REPEAT);
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.lost()).isZero();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void swappedLinesAreReordered() throws Exception {
        Result result = runAgainst(Fault.SWAP);
        assertThat(result.reordered()).isPositive();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void anErrorLineIsUnexpected() throws Exception {
        Result result = runAgainst(Fault.ERROR);
        assertThat(result.unexpected()).isEqualTo(1);
        assertThat(result.samples()).singleElement().asString().contains("error: not delivered");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void anOpenLoopThatKeepsItsRatePasses() throws Exception {
        Result result = openLoopAgainstAFaithfulRelay(2_000);
        assertThat(result.samples()).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void anOpenLoopThatFallsBehindItsRateFails() throws Exception {
        // Far more single-line writes per second than one generator thread can make.
        Result result = openLoopAgainstAFaithfulRelay(50_000_000);
        assertThat(result.samples()).anySatisfy(sample -> assertThat(sample).startsWith("open loop behind its rate"));
        assertThat(result.passed()).isFalse();
    }

    private static Result openLoopAgainstAFaithfulRelay(int rate) throws Exception {
        try (Relay relay = new Relay(Fault.NONE)) {
            Scenario scenario = new Scenario("test", 2, 1, Scenario.Pattern.RING, Wire.MIN_TEXT + 10, 1, rate, 0,
                    Duration.ZERO, Duration.ofMillis(500), Duration.ZERO, 0, 0, List.of());
            return EventLoops.run(scenario, 1, relay.address(), "t", Optional.empty(), Duration.ofMillis(500));
        }
    }

    private static Result runAgainst(Fault fault) throws Exception {
        return runAgainst(fault, 2, 1);
    }

    private static Result runAgainst(Fault fault, int clients, int loops) throws Exception {
        try (Relay relay = new Relay(fault)) {
            Scenario scenario = new Scenario("test", clients, 1, Scenario.Pattern.RING, Wire.MIN_TEXT + 10, 4, 0,
                    MESSAGES, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0, List.of());
            // A short settle: a dropped line would otherwise be awaited for the default 10 s.
            return EventLoops.run(scenario, loops, relay.address(), "t", Optional.empty(), Duration.ofMillis(500));
        }
    }

    enum Fault {
        NONE, DROP, REPEAT, SWAP, ERROR
    }

    /** A chat server in a few lines: logs in, relays "a: text" as "from b: text", with one fault at the 5th line. */
    private static final class Relay implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0);

        private final Map<String, OutputStream> peers = new ConcurrentHashMap<>();

        private final Fault fault;

        /** Guarded by this relay's monitor, as is the fault: lines of both senders pass one at a time. */
        private int lines;

        private String held;

        private String heldSender;

        private OutputStream heldFor;

        Relay(Fault fault) throws IOException {
            this.fault = fault;
            daemon(this::accept);
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", this.server.getLocalPort());
        }

        private void accept() {
            try {
                while (true) {
                    Socket socket = this.server.accept();
                    daemon(() -> serve(socket));
                }
            }
            catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String name = in.readLine();
                OutputStream out = socket.getOutputStream();
                this.peers.put(name, out);
                write(out, "info: logged in as " + name);
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int colon = line.indexOf(": ");
                    relay(name, out, line.substring(0, colon), "from " + name + ": " + line.substring(colon + 2));
                }
            }
            catch (IOException gone) {
                // the client closed
            }
        }

        private synchronized void relay(String sender, OutputStream senderOut, String to, String delivery)
                throws IOException {
            OutputStream out = this.peers.get(to);
            if (this.held != null && sender.equals(this.heldSender)) {
                write(out, delivery);
                write(this.heldFor, this.held);
                this.held = null;
                return;
            }
            if (++this.lines != 5 || this.fault == Fault.NONE) {
                write(out, delivery);
                return;
            }
            switch (this.fault) {
                case DROP -> { }
                case REPEAT -> {
                    write(out, delivery);
                    write(out, delivery);
                }
                case SWAP -> {
                    this.held = delivery;
                    this.heldSender = sender;
                    this.heldFor = out;
                }
                default -> {
                    write(out, delivery);
                    write(senderOut, "error: not delivered to " + to + ": disconnected");
                }
            }
        }

        private static void write(OutputStream out, String line) throws IOException {
            synchronized (out) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            this.server.close();
        }

    }

}
