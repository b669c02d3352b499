package io.achat.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol end to end: the real server on a random port, clients on real sockets.
 * {@code close-linger} is longer than {@link ChatClient#TIMEOUT}, so a connection that is closed
 * only because the linger ran out, instead of because everything was written, fails the test.
 */
@SpringBootTest(properties = { "chat.server.port=0", "chat.server.close-linger=20s", "chat.server.shutdown-timeout=60s" })
class ChatServerTest {

    @ChatPort
    int port;

    @Test
    void theSessionFromTheSpec() throws IOException {
        try (ChatClient alice = ChatClient.login(this.port, "alice"); ChatClient bob = ChatClient.login(this.port, "bob")) {
            alice.send("bob: hello");
            assertThat(bob.readLine()).isEqualTo("from alice: hello");
            bob.send("alice, bob: hi!");
            assertThat(alice.readLine()).isEqualTo("from bob: hi!");
            assertThat(bob.readLine()).isEqualTo("from bob: hi!");
        }
    }

    @Test
    void recipientsAndMessageAreTrimmedAndEachNameGetsOneCopy() throws IOException {
        try (ChatClient ann = ChatClient.login(this.port, "ann"); ChatClient ben = ChatClient.login(this.port, "ben")) {
            ann.send("  ben ,ann,ben,  ben  :   spaced   out   ");
            ann.send("ben: marker");
            assertThat(ben.readLine()).isEqualTo("from ann: spaced   out");
            assertThat(ben.readLine()).as("one copy only, then the next message").isEqualTo("from ann: marker");
            assertThat(ann.readLine()).isEqualTo("from ann: spaced   out");
        }
    }

    @Test
    void theMessageIsEverythingAfterTheFirstColon() throws IOException {
        try (ChatClient cat = ChatClient.login(this.port, "cat")) {
            cat.send("cat: time is 12:30: late");
            cat.send("cat:");
            assertThat(cat.readLine()).isEqualTo("from cat: time is 12:30: late");
            assertThat(cat.readLine()).as("an empty message, as the original sends it").isEqualTo("from cat: ");
        }
    }

    @Test
    void crlfLineEndingsAndUnicodeAreAccepted() throws IOException {
        try (ChatClient dee = ChatClient.login(this.port, "dée")) {
            dee.sendRaw("dée: grüße, 世界 🙂\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(dee.readLine()).isEqualTo("from dée: grüße, 世界 🙂");
        }
    }

    @Test
    void aLastLineWithoutNewlineIsStillDelivered() throws IOException {
        try (ChatClient eve = ChatClient.login(this.port, "eve"); ChatClient fay = ChatClient.login(this.port, "fay")) {
            eve.sendRaw("fay: goodbye".getBytes(StandardCharsets.UTF_8));
            eve.socket().shutdownOutput();
            assertThat(fay.readLine()).isEqualTo("from eve: goodbye");
            eve.assertClosed();
        }
    }

    @Test
    void aClientThatEndsItsInputWithNothingQueuedIsClosedAtOnce() throws IOException {
        try (ChatClient ned = ChatClient.login(this.port, "ned")) {
            ned.socket().shutdownOutput();
            ned.assertClosed();
        }
    }

    @Test
    void aClientThatEndsItsInputStillGetsEverythingQueuedForIt() throws IOException {
        try (ChatClient gus = ChatClient.login(this.port, "gus")) {
            gus.sendNumbered("gus", 5000, "x".repeat(100));
            gus.socket().shutdownOutput();
            for (int i = 0; i < 5000; i++) {
                assertThat(gus.readLine()).isEqualTo("from gus: " + i + " " + "x".repeat(100));
            }
            gus.assertClosed();
        }
    }

    @Test
    void unknownRecipientsAreNamedAndKnownOnesStillReceive() throws IOException {
        try (ChatClient gil = ChatClient.login(this.port, "gil"); ChatClient hal = ChatClient.login(this.port, "hal")) {
            gil.send("nobody, hal, ghost: anyone?");
            assertThat(hal.readLine()).isEqualTo("from gil: anyone?");
            assertThat(gil.readLines(2)).containsExactly("error: not delivered to nobody: not logged in",
                    "error: not delivered to ghost: not logged in");
        }
    }

    @Test
    void linesThatCannotBeRoutedGetAnErrorAndTheConnectionStaysOpen() throws IOException {
        try (ChatClient ivy = ChatClient.login(this.port, "ivy")) {
            ivy.send("no colon here");
            assertThat(ivy.readLine()).isEqualTo("error: expected 'name[, name...]: message'");
            ivy.send(" , : nobody");
            assertThat(ivy.readLine()).isEqualTo("error: no recipient before ':'");
            ivy.send("/dance");
            assertThat(ivy.readLine()).isEqualTo("error: unknown command /dance (commands: /who, /quit)");
            ivy.send("ivy: still here");
            assertThat(ivy.readLine()).isEqualTo("from ivy: still here");
        }
    }

    @Test
    void whoListsTheLoggedInNamesSorted() throws IOException {
        try (ChatClient zed = ChatClient.login(this.port, "zed"); ChatClient amy = ChatClient.login(this.port, "amy");
                ChatClient anonymous = ChatClient.connect(this.port)) {
            zed.send("/who");
            String line = zed.readLine();
            assertThat(line).startsWith("info: online: ");
            assertThat(line.substring("info: online: ".length()).split(", ")).contains("amy", "zed")
                    .isSorted();
        }
    }

    @Test
    void quitFlushesWhatIsQueuedThenCloses() throws IOException {
        try (ChatClient jo = ChatClient.login(this.port, "jo")) {
            for (int i = 0; i < 100; i++) {
                jo.send("jo: line " + i);
            }
            jo.send("/quit");
            for (int i = 0; i < 100; i++) {
                assertThat(jo.readLine()).isEqualTo("from jo: line " + i);
            }
            assertThat(jo.readLine()).isEqualTo("info: bye");
            jo.assertClosed();
        }
    }

    @Test
    void invalidUtf8IsAnsweredAndDroppedAndTheConnectionStaysOpen() throws IOException {
        try (ChatClient kim = ChatClient.login(this.port, "kim")) {
            kim.sendRaw(new byte[] { 'k', 'i', 'm', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n' });
            assertThat(kim.readLine()).isEqualTo("error: line is not valid UTF-8; dropped");
            kim.send("kim: fine");
            assertThat(kim.readLine()).isEqualTo("from kim: fine");
        }
    }

}
