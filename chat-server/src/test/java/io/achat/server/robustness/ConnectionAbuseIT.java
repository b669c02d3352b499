package io.achat.server.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.achat.server.Async;
import io.achat.server.ChatClient;
import io.achat.server.Http;
import io.achat.server.ServerProcess;
import io.achat.server.ServerProcess.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a public port gets, against the fat jar while a control pair chats: connect-and-reset
 * storms, connections that never log in, thousands of connects at once, and more connections than
 * the process has file descriptors. The pair loses nothing, the server keeps its port, refuses or
 * closes the excess cleanly, and logs a few rate-limited lines and no stack trace.
 */
class ConnectionAbuseIT {

    @Test
    void connectAndResetStormsLeaveTheServerServingAndTheLogQuiet() throws Exception {
        try (ServerProcess server = ServerProcess.start(); ControlPair pair = new ControlPair(server.port())) {
            int linesBefore = server.log().split("\n").length;
            storm(8, 3000, i -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    if (i % 3 == 1) {
                        socket.getOutputStream().write("half a log".getBytes(StandardCharsets.UTF_8));
                    }
                    else if (i % 3 == 2) {
                        socket.getOutputStream().write(("storm" + i + "\nnobody: x\n").getBytes(StandardCharsets.UTF_8));
                    }
                    socket.setSoLinger(true, 0);
                }
            });
            pair.finish();
            assertServes(server);
            assertThat(Http.sample(Http.get(server.httpPort(), "/actuator/prometheus").body(),
                    "chat_connections_opened_total")).hasValueSatisfying(opened -> assertThat(opened).isGreaterThan(3000));
            assertQuietLog(server, linesBefore, 10);
        }
    }

    @Test
    void connectionsThatNeverLogInAreToldAndClosedAtTheLoginTimeout() throws Exception {
        try (ServerProcess server = ServerProcess.start("--chat.server.login-timeout=1s");
                ControlPair pair = new ControlPair(server.port())) {
            int linesBefore = server.log().split("\n").length;
            List<ChatClient> idle = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                idle.add(ChatClient.connect(server.port()));
            }
            for (ChatClient client : idle) {
                assertThat(client.readLine()).isEqualTo("error: no login within 1000 ms; closing");
                client.assertClosed();
                client.close();
            }
            pair.finish();
            assertQuietLog(server, linesBefore, 5);
        }
    }

    @Test
    void thousandsOfConnectsInOneBurstAreAllServed() throws Exception {
        int clients = 3000;
        try (ServerProcess server = ServerProcess.start(Jvm.current(), "--chat.server.backlog=4096")) {
            List<Socket> sockets = new ArrayList<>();
            List<CompletableFuture<List<Socket>>> connecting = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                connecting.add(Async.call("burst-" + t, () -> {
                    List<Socket> mine = new ArrayList<>();
                    for (int i = first; i < clients; i += 8) {
                        Socket socket = new Socket();
                        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                        socket.getOutputStream().write(("burst" + i + "\n").getBytes(StandardCharsets.UTF_8));
                        mine.add(socket);
                    }
                    return mine;
                }));
            }
            for (CompletableFuture<List<Socket>> part : connecting) {
                sockets.addAll(part.get(60, TimeUnit.SECONDS));
            }
            try {
                for (Socket socket : sockets) {
                    socket.setSoTimeout(10_000);
                    byte[] welcome = new byte[64];
                    int n = socket.getInputStream().read(welcome);
                    assertThat(new String(welcome, 0, Math.max(n, 0), StandardCharsets.UTF_8)).startsWith("info: logged in as burst");
                }
            }
            finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            assertServes(server);
        }
    }

    /**
     * Run from the extracted layout, as the container image runs it: the fat jar's nested-jar loader
     * reopens the jar for classes it loads late, and a descriptor it takes then is one the guard's
     * reserve needed (seen here: the excess then waits in the backlog instead of being answered).
     */
    @Test
    void runningOutOfFileDescriptorsRefusesTheExcessAndRecovers(@TempDir Path extracted) throws Exception {
        int limit = 256;
        Process extract = new ProcessBuilder(Jvm.current().java().toString(), "-Djarmode=tools", "-jar",
                ServerProcess.jar().toString(), "extract", "--destination", extracted.toString())
            .inheritIO()
            .start();
        assertThat(extract.waitFor()).isZero();
        List<String> command = List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\"",
                Jvm.current().java().toString(), "-jar", extracted.resolve("chat-server.jar").toString());
        try (ServerProcess server = ServerProcess.start(command, extracted, Map.of());
                ControlPair pair = new ControlPair(server.port())) {
            assertThat(server.log()).contains("The open-file limit (" + limit + ") is below max-connections");
            int linesBefore = server.log().split("\n").length;
            List<ChatClient> clients = new ArrayList<>();
            int loggedIn = 0;
            int refused = 0;
            try {
                for (int i = 0; i < 2 * limit; i++) {
                    ChatClient client = ChatClient.connect(server.port());
                    clients.add(client);
                    client.send("many" + i);
                    String answer = answer(client, server);
                    if (answer.equals("info: logged in as many" + i)) {
                        loggedIn++;
                    }
                    else {
                        assertThat(answer).isEqualTo("error: server full; try again later");
                        client.assertClosed();
                        refused++;
                    }
                }
                assertThat(loggedIn).as("served up to the limit").isGreaterThan(limit / 4);
                assertThat(refused).as("refused beyond it, each with an answer, none left hanging").isPositive();
            }
            finally {
                for (ChatClient client : clients) {
                    client.close();
                }
            }
            pair.finish();
            // Recovered once the server has closed its ends of those connections and got its descriptors back.
            await().atMost(ChatClient.TIMEOUT).untilAsserted(() -> assertServes(server));
            assertQuietLog(server, linesBefore, 5);
            assertThat(server.log()).contains("Out of file descriptors");
        }
    }

    /**
     * The server's answer; without one, the failure shows the server's log, which says why, and what
     * its descriptors other than sockets are: a file the server opened late (a jar, for a class loaded
     * late) takes a descriptor of the guard's reserve, and with the reserve gone nothing answers the excess.
     */
    private static String answer(ChatClient client, ServerProcess server) throws IOException {
        try {
            return client.readLine();
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("no answer from the server; its descriptors other than sockets:\n"
                    + descriptorsOtherThanSockets(server) + "\nits log:\n" + server.log(), ex);
        }
    }

    private static String descriptorsOtherThanSockets(ServerProcess server) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(server.pid()), "fd"))) {
            return descriptors.map((descriptor) -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString();
                }
                catch (IOException closedMeanwhile) {
                    return "";
                }
            }).filter((target) -> !target.isEmpty() && !target.startsWith("socket:")).sorted()
                .collect(Collectors.joining("\n"));
        }
    }

    interface Connect {

        void run(int index) throws IOException;

    }

    /** {@code count} connections from {@code threads} threads, as fast as they go. */
    private static void storm(int threads, int count, Connect connect) throws Exception {
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(Async.run("storm-" + t, () -> {
                for (int i = first; i < count; i += threads) {
                    connect.run(i);
                }
            }));
        }
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }

    private static void assertServes(ServerProcess server) throws IOException {
        try (ChatClient after = ChatClient.login(server.port(), "after")) {
            after.send("after: still serving");
            assertThat(after.readLine()).isEqualTo("from after: still serving");
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("no answer from the server; its threads are in " + threadDump(server)
                    + "\nits log:\n" + server.log(), ex);
        }
    }

    /** The server's threads (thousands of them on Java 17), in a file under target/. */
    private static Path threadDump(ServerProcess server) throws IOException {
        Path dump = Files.createTempFile(Path.of("target"), "chat-server-threads-", ".txt");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "Thread.print")
                .redirectErrorStream(true)
                .redirectOutput(dump.toFile())
                .start()
                .waitFor(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return dump.toAbsolutePath();
    }

    /** At most {@code maxLines} new log lines, none of them part of a stack trace. */
    private static void assertQuietLog(ServerProcess server, int linesBefore, int maxLines) {
        String[] lines = server.log().split("\n");
        List<String> added = List.of(lines).subList(linesBefore, lines.length);
        assertThat(added).as("log lines during the abuse").hasSizeLessThanOrEqualTo(maxLines)
            .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

}
