package io.achat.server.robustness;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.achat.server.ChatClient;
import io.achat.server.ChatStats;
import io.achat.server.InProcessServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server over arbitrary input, one line per try: every line a client sends is routed,
 * answered with an error or info line, or (over the limit) answered and closed; nothing is silently
 * swallowed, and no line takes the server down or its reader thread with it.
 */
class AnyLineProperties {

    private static final int MAX_LINE = 256;

    private static final String END = "<end of stream>";

    private static InProcessServer server;

    private static ChatClient sender;

    private static ChatClient peer;

    private static int marker;

    @BeforeContainer
    static void start() throws IOException {
        server = InProcessServer.start("chat.server.max-line-length=" + MAX_LINE + "B");
        sender = ChatClient.login(server.port(), "prop");
        peer = ChatClient.login(server.port(), "peer");
    }

    @AfterContainer
    static void stop() throws IOException {
        sender.close();
        peer.close();
        server.close();
    }

    @Property(tries = 400)
    void everyLineIsRoutedAnsweredOrOverTheLimitClosed(@ForAll("lines") byte[] line) throws IOException {
        sender.sendRaw(withNewline(line));
        int content = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (content > MAX_LINE) {
            assertThat(sender.readLine()).isEqualTo("error: line longer than " + MAX_LINE + " bytes; closing");
            sender.assertClosed();
            sender.close();
            sender = ChatClient.login(server.port(), "prop");
            return;
        }
        // Markers after the line: everything before them is what that line caused.
        String tag = "#" + marker++;
        sender.sendRaw(("prop: " + tag + "\npeer: " + tag + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> answers = readUntil(sender, "from prop: " + tag);
        if (answers.contains(END)) {
            assertThat(answers).as("only /quit ends the connection").containsExactly("info: bye", END);
            sender.close();
            sender = ChatClient.login(server.port(), "prop");
            return;
        }
        List<String> deliveries = readUntil(peer, "from prop: " + tag);
        assertThat(answers).allSatisfy(answer -> assertThat(answer).matches("(error|info): .*|from prop: .*"));
        assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery).startsWith("from prop: "));
        assertThat(answers.size() + deliveries.size()).as("the line was routed or answered").isPositive();
    }

    @Property(tries = 200)
    void anyFirstLineLogsInOrIsRefusedWithAReasonAndAClose(@ForAll("lines") byte[] line) throws IOException {
        long loginsBefore = server.bean(ChatStats.class).loginsAccepted();
        try (ChatClient client = ChatClient.connect(server.port())) {
            client.sendRaw(withNewline(line));
            String answer = client.readLine();
            if (answer.startsWith("info: logged in as ")) {
                assertThat(server.bean(ChatStats.class).loginsAccepted()).isEqualTo(loginsBefore + 1);
                client.send("/quit");
                assertThat(client.readLine()).isEqualTo("info: bye");
            }
            else {
                assertThat(answer).startsWith("error: ");
            }
            client.assertClosed();
        }
    }

    /** Bytes a client may send on one line: text, protocol characters, invalid UTF-8, NULs, lone CRs, over-long runs. */
    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<byte[]> text = Arbitraries.strings()
            .withChars(':', ',', '/', ' ', '\r', '\u0000', 'a', 'p', 'r', 'o', 'e', 'é', '世')
            .ofMaxLength(40)
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> protocol = Arbitraries.of("prop: hi", "peer, prop: both", "nobody: x", "/who", "/quit ",
                "/nope", ":", "prop:", " , :", "prop,,peer:x").map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(3, bytes),
                Tuple.of(1, protocol));
    }

    private static byte[] withNewline(byte[] line) {
        byte[] bytes = new byte[line.length + 1];
        System.arraycopy(line, 0, bytes, 0, line.length);
        bytes[line.length] = '\n';
        return bytes;
    }

    /** The lines before {@code last}; if the stream ends first, they and {@link #END}. */
    private static List<String> readUntil(ChatClient client, String last) throws IOException {
        List<String> before = new ArrayList<>();
        try {
            for (String line = client.readLineOrNull(); !last.equals(line); line = client.readLineOrNull()) {
                if (line == null) {
                    before.add(END);
                    break;
                }
                before.add(line);
            }
        }
        catch (SocketException reset) {
            before.add("<reset: " + reset.getMessage() + ">");
        }
        return before;
    }

}
