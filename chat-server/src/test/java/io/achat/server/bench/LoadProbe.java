package io.achat.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A first, small load tool against a running server (the full benchmark is its own module):
 * <ul>
 * <li>{@code logins N}: N clients connect and log in; prints the time until all are logged in,
 * holds them, then checks 10 random deliveries between them;</li>
 * <li>{@code throughput N SECONDS}: N clients in a ring, each sending 100-byte lines to the next
 * with at most 200 in flight; prints deliveries/s over the measured seconds (after a warm-up of
 * the same length) and checks per-sender order.</li>
 * </ul>
 * Run: {@code mvn -q -pl chat-server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.achat.server.bench.LoadProbe -Dexec.args="logins 10000"} (see docs/benchmarks.md).
 */
public final class LoadProbe {

    private static final String HOST = System.getProperty("host", "127.0.0.1");

    private static final int PORT = Integer.getInteger("port", 8080);

    private LoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "logins" -> logins(Integer.parseInt(args[1]));
            case "throughput" -> throughput(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("logins N | throughput N SECONDS");
        }
    }

    private static void logins(int count) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        List<BufferedReader> readers = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(HOST, PORT), 30_000);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(("peer" + i + "\n").getBytes(StandardCharsets.UTF_8));
            sockets.add(socket);
        }
        long connected = System.nanoTime();
        for (int i = 0; i < count; i++) {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(sockets.get(i).getInputStream(), StandardCharsets.UTF_8), 256);
            expect(reader.readLine(), "info: logged in as peer" + i);
            readers.add(reader);
        }
        long loggedIn = System.nanoTime();
        System.out.printf("%d clients: connected and sent logins in %.2f s, all logged in after %.2f s (%.0f logins/s)%n",
                count, seconds(connected - start), seconds(loggedIn - start), count / seconds(loggedIn - start));
        Random random = new Random(42);
        for (int check = 0; check < 10; check++) {
            int from = random.nextInt(count);
            int to = random.nextInt(count);
            sockets.get(from).getOutputStream().write(("peer" + to + ": check " + check + "\n").getBytes(StandardCharsets.UTF_8));
            expect(readers.get(to).readLine(), "from peer" + from + ": check " + check);
        }
        System.out.println("10 random deliveries between them: all received");
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static void throughput(int clients, int seconds) throws Exception {
        int window = 200;
        String padding = "x".repeat(80);
        List<Socket> sockets = new ArrayList<>();
        AtomicLong[] received = new AtomicLong[clients];
        // Client i may have at most 'window' lines in flight to client i+1: it takes a permit per line, i+1 returns it.
        Semaphore[] windows = new Semaphore[clients];
        for (int i = 0; i < clients; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(HOST, PORT));
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(("c" + i + "\n").getBytes(StandardCharsets.UTF_8));
            sockets.add(socket);
            received[i] = new AtomicLong();
            windows[i] = new Semaphore(window);
        }
        List<BufferedReader> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(sockets.get(i).getInputStream(),
                    StandardCharsets.UTF_8), 64 * 1024);
            expect(reader.readLine(), "info: logged in as c" + i);
            readers.add(reader);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2L * seconds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int me = i;
            int next = (i + 1) % clients;
            int previous = (i + clients - 1) % clients;
            OutputStream out = sockets.get(i).getOutputStream();
            threads.add(new Thread(() -> {
                long sent = 0;
                StringBuilder batch = new StringBuilder();
                try {
                    while (System.nanoTime() < deadline) {
                        if (!windows[me].tryAcquire(1, TimeUnit.SECONDS)) {
                            continue;
                        }
                        int room = 1 + windows[me].drainPermits();
                        batch.setLength(0);
                        for (int k = 0; k < room; k++) {
                            batch.append("c").append(next).append(": ").append(sent++).append(' ').append(padding).append('\n');
                        }
                        out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }));
            BufferedReader reader = readers.get(i);
            String prefix = "from c" + previous + ": ";
            threads.add(new Thread(() -> {
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        long expected = received[me].get();
                        long sequence = Long.parseLong(line.substring(prefix.length(), line.indexOf(' ', prefix.length())));
                        if (!line.startsWith(prefix) || sequence != expected) {
                            throw new IllegalStateException("c" + me + " expected " + expected + " got " + line);
                        }
                        received[me].incrementAndGet();
                        windows[previous].release();
                    }
                }
                catch (IOException ex) {
                    // closed at the end
                }
            }));
        }
        threads.forEach(Thread::start);
        TimeUnit.SECONDS.sleep(seconds); // warm-up
        long before = total(received);
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long delivered = total(received) - before;
        double took = seconds(System.nanoTime() - start);
        System.out.printf("%d clients, ring, 100-byte lines: %.0f deliveries/s over %.1f s (after %d s warm-up), in order%n",
                clients, delivered / took, took, seconds);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static long total(AtomicLong[] counters) {
        long sum = 0;
        for (AtomicLong counter : counters) {
            sum += counter.get();
        }
        return sum;
    }

    private static void expect(String line, String expected) {
        if (!expected.equals(line)) {
            throw new IllegalStateException("expected '" + expected + "', got '" + line + "'");
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

}
