package io.achat.server.robustness;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.InProcessServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several peers stop reading while others flood them and chat at full speed: the send-queue
 * policy disconnects exactly the ones that stopped, the chatting pairs lose nothing, and memory
 * stays bounded by the queue limit, not by what the flooders send.
 */
class SlowConsumersUnderLoadTest {

    private static final int SLOW = 4;

    private static final int PAIRS = 4;

    private static final long HEAP_BOUND = 256L * 1024 * 1024;

    @Test
    void onlyThePeersThatStoppedReadingAreDisconnectedAndNobodyElseLosesALine() throws Exception {
        try (InProcessServer server = InProcessServer.start("chat.server.send-queue-limit=256KB",
                "chat.server.socket-send-buffer=64KB", "chat.server.slow-consumer-grace=500ms")) {
            int port = server.port();
            List<ChatClient> slow = new ArrayList<>();
            for (int i = 0; i < SLOW; i++) {
                slow.add(ChatClient.login(port, "slow" + i, 8192));
            }
            List<ControlPair> pairs = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                pairs.add(new ControlPair(port, "pair" + i + "a", "pair" + i + "b"));
            }
            AtomicBoolean flooding = new AtomicBoolean(true);
            List<CompletableFuture<Void>> flooders = new ArrayList<>();
            for (int i = 0; i < SLOW; i++) {
                ChatClient flooder = ChatClient.login(port, "flooder" + i);
                String target = "slow" + i;
                // The flooder reads what comes back, as a client should, and stops at the first 'not delivered': its
                // target is gone. Flooding on would earn it an error line per line sent, and a reader starved for a
                // few tens of milliseconds (2 cores, everything in one JVM) would make it a slow consumer itself.
                AtomicBoolean targetGone = new AtomicBoolean();
                flooders.add(Async.run("flooder-" + i + "-read", () -> {
                    try (flooder) {
                        for (String line = flooder.readLineOrNull(); line != null; line = flooder.readLineOrNull()) {
                            if (line.startsWith("error: not delivered to " + target + ":")) {
                                targetGone.set(true);
                            }
                        }
                    }
                }));
                flooders.add(Async.run("flooder-" + i, () -> {
                    String line = target + ": " + "z".repeat(200);
                    while (flooding.get() && !targetGone.get()) {
                        flooder.send(line);
                    }
                    flooder.socket().shutdownOutput(); // the server then flushes what it owes and closes
                }));
            }
            ChatStats stats = server.bean(ChatStats.class);
            await().atMost(ChatClient.TIMEOUT).until(() -> stats.errors(ErrorKind.SLOW_CONSUMER) == SLOW);
            for (ChatClient stopped : slow) {
                List<String> got = stopped.readUntilCutOff();
                assertThat(got).as("what a disconnected slow consumer could still read").isNotNull();
                stopped.close();
            }
            flooding.set(false);
            CompletableFuture.allOf(flooders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (ControlPair pair : pairs) {
                pair.finish();
                pair.close();
            }
            assertThat(stats.errors(ErrorKind.SLOW_CONSUMER)).as("exactly the peers that stopped reading").isEqualTo(SLOW);
            assertThat(stats.deliveriesDropped(DropReason.SLOW_CONSUMER)).isPositive();
            System.gc();
            assertThat(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .as("heap after the flood, after a full GC").isLessThan(HEAP_BOUND);
        }
    }

}
