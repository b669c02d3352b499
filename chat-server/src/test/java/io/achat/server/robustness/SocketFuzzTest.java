package io.achat.server.robustness;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.ChatStats.ErrorKind;
import io.achat.server.InProcessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients write garbage (random bytes, partial, giant and invalid UTF-8 lines, NULs, lone
 * CRs) and vanish at random points, some with a reset, while a control pair chats: the pair loses
 * nothing and keeps order, the server stays up, logs no stack trace, and its heap stays bounded.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketFuzzTest {

    private static final int FUZZERS = 12;

    private static final long FUZZ_NANOS = TimeUnit.SECONDS.toNanos(4);

    /** What the whole test JVM (server, clients and JUnit) may hold after a full GC once the fuzzing is over. */
    private static final long HEAP_BOUND = 256L * 1024 * 1024;

    @Test
    void garbageFromManyClientsNeitherStopsTheServerNorReachesAControlPair(CapturedOutput output) throws Exception {
        long seed = new Random().nextLong();
        try (InProcessServer server = InProcessServer.start("chat.server.max-line-length=1KB",
                "chat.server.login-timeout=500ms", "chat.server.send-queue-limit=64KB");
                ControlPair pair = new ControlPair(server.port())) {
            long deadline = System.nanoTime() + FUZZ_NANOS;
            AtomicLong connections = new AtomicLong();
            List<CompletableFuture<Void>> fuzzers = new ArrayList<>();
            for (int i = 0; i < FUZZERS; i++) {
                Random random = new Random(seed + i);
                fuzzers.add(Async.run("fuzzer-" + i, () -> {
                    while (System.nanoTime() - deadline < 0) {
                        fuzzOneConnection(server.port(), random);
                        connections.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(fuzzers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            pair.finish();
            try (ChatClient after = ChatClient.login(server.port(), "after")) {
                after.send("after: still here");
                assertThat(after.readLine()).isEqualTo("from after: still here");
            }
            ChatStats stats = server.bean(ChatStats.class);
            assertThat(connections.get()).as("fuzzing connections (seed %d)", seed).isGreaterThan(200);
            assertThat(stats.errors(ErrorKind.LINE_TOO_LONG)).as("giant lines reached the server").isPositive();
            assertThat(stats.errors(ErrorKind.INVALID_LOGIN)).as("bad logins reached the server").isPositive();
            assertThat(stats.errors(ErrorKind.INVALID_UTF8) + stats.errors(ErrorKind.INVALID_REQUEST))
                .as("bad lines from logged-in fuzzers").isPositive();
            assertThat(output.getAll()).as("no stack trace for a client's misbehaviour")
                .doesNotContain("Exception", "\tat ");
            System.gc();
            assertThat(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .as("heap after the fuzzing, after a full GC").isLessThan(HEAP_BOUND);
        }
    }

    /** One connection's worth of abuse: a few random actions, then a close, a reset, or just going away. */
    private static void fuzzOneConnection(int port, Random random) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = socket.getOutputStream();
            if (random.nextBoolean()) {
                out.write(("f" + random.nextInt(1_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            int actions = random.nextInt(6);
            for (int i = 0; i < actions; i++) {
                out.write(garbage(random));
            }
            if (random.nextInt(3) == 0) {
                socket.setSoLinger(true, 0); // close with a reset
            }
        }
        catch (IOException ex) {
            // the server closed us (over-long line, bad login): that is one of the outcomes being tested
        }
    }

    private static byte[] garbage(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> randomBytes(random, random.nextInt(4096));
            case 1 -> ("x".repeat(2000 + random.nextInt(100_000)) + (random.nextBoolean() ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] { 'c', 'o', 'n', 't', 'r', 'o', 'l', '-', 'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n' };
            case 3 -> "control-b: \0\0\0 nul\0\n".getBytes(StandardCharsets.UTF_8);
            case 4 -> "control-a: cr\ronly\rline endings\r".getBytes(StandardCharsets.UTF_8);
            case 5 -> ("nobody" + random.nextInt(100) + ", control-a: hello\n/who\n/nope\n").getBytes(StandardCharsets.UTF_8);
            case 6 -> "a half line without its end".getBytes(StandardCharsets.UTF_8);
            default -> ":,:,::\n\n\r\n , : \n".getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
