package io.achat.shell;

import java.nio.file.Files;
import java.nio.file.Path;

import io.achat.server.ChatClient;
import io.achat.server.ServerProcessExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The client as scripts and pipes use it: the fat jar as a process against the real server jar. */
class ShellProcessIT {

    @RegisterExtension
    static final ServerProcessExtension server = new ServerProcessExtension();

    /** The argument that points the client at the server under test. */
    static String port() {
        return "--chat.shell.port=" + server.port();
    }

    @Test
    void commandsAsArgumentsSeparatedBySemicolons() throws Exception {
        try (ChatClient rita = ChatClient.login(server.port(), "rita")) {
            ShellProcess shell = ShellProcess.run(port(), "connect", "--login", "sam;", "send", "--to", "rita", "hi there",
                    ";", "status");
            assertThat(shell.exitValue()).as(shell.output()).isZero();
            assertThat(rita.readLine()).isEqualTo("from sam: hi there");
            assertThat(shell.output()).contains("connected to localhost:" + server.port() + " as sam");
        }
    }

    @Test
    void aScriptFileWithComments(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("hello.chat"), """
                # say hello to rob
                connect --login script-bot

                // comments of both kinds, and blank lines, are skipped
                send --to rob "hello from a script"
                """);
        try (ChatClient rob = ChatClient.login(server.port(), "rob")) {
            ShellProcess shell = ShellProcess.run(port(), "@" + script);
            assertThat(shell.exitValue()).as(shell.output()).isZero();
            assertThat(rob.readLine()).isEqualTo("from script-bot: hello from a script");
        }
    }

    @Test
    void theExitStatusSaysWhatFailed() throws Exception {
        ShellProcess unavailable = ShellProcess.run(port(), "send", "--to", "x", "offline");
        assertThat(unavailable.exitValue()).isEqualTo(1);
        assertThat(unavailable.output()).contains("not currently available because you are not connected");

        ShellProcess unknown = ShellProcess.run(port(), "dance");
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(unknown.output()).contains("Unknown command: dance");

        ShellProcess refused = ShellProcess.run("--chat.shell.port=1", "connect", "--login", "x");
        assertThat(refused.exitValue()).isEqualTo(1);
        assertThat(refused.output()).contains("cannot reach localhost:1");

        ShellProcess stopsAtFirstFailure = ShellProcess.run(port(), "status;", "who;", "connect", "--login", "never");
        assertThat(stopsAtFirstFailure.exitValue()).isEqualTo(1);
        assertThat(stopsAtFirstFailure.output()).contains("offline").doesNotContain("connected to");
    }

    @Test
    void listenPrintsIncomingLinesUntilTheCount() throws Exception {
        try (ShellProcess listener = ShellProcess.start(port(), "connect", "--login", "lis;", "listen", "--count", "2",
                "--timeout", "30s"); ChatClient talker = ChatClient.login(server.port(), "talker")) {
            // Not "connected to": lines sent between connect and listen are printed but not counted (a clean-clone
            // CI run on a busy machine sent both before listen had started, and it waited out its timeout).
            listener.awaitOutput("*** listening for 2 lines");
            talker.send("lis: one").send("lis: two");
            assertThat(listener.awaitExit()).isZero();
            assertThat(listener.output()).contains("from talker: one", "from talker: two");
        }
        ShellProcess quiet = ShellProcess.run(port(), "connect", "--login", "quiet;", "listen", "--count", "1",
                "--timeout", "500ms");
        assertThat(quiet.exitValue()).isEqualTo(1);
        assertThat(quiet.output()).contains("received 0 of 1 lines within PT0.5S");
    }

    @Test
    void theEchoBotAnswersEachSenderWithItsOwnText() throws Exception {
        try (ShellProcess bot = ShellProcess.start(port(), "connect", "--login", "echo;", "echo-bot", "--timeout", "60s");
                ChatClient visitor = ChatClient.login(server.port(), "visitor")) {
            bot.awaitOutput("connected to");
            visitor.send("echo: ping");
            assertThat(visitor.readLine()).isEqualTo("from echo: ping");
            visitor.send("echo, visitor: both of us");
            assertThat(visitor.readLines(2)).containsExactlyInAnyOrder("from visitor: both of us",
                    "from echo: both of us");
        }
    }

    @Test
    void theGreeterBotGreetsWhoeverIsOrComesOnlineOnce() throws Exception {
        try (ChatClient early = ChatClient.login(server.port(), "early");
                ShellProcess bot = ShellProcess.start(port(), "connect", "--login", "greeter;", "greeter-bot", "--every",
                        "100ms", "--message", "hi {name}", "--timeout", "60s")) {
            assertThat(early.readLine()).as("online before the bot started").isEqualTo("from greeter: hi early");
            try (ChatClient late = ChatClient.login(server.port(), "late")) {
                assertThat(late.readLine()).isEqualTo("from greeter: hi late");
            }
            early.send("early: marker");
            assertThat(early.readLine()).as("greeted once only").isEqualTo("from early: marker");
        }
    }

    @Test
    void twoPipeClientsTalkLikeTheOriginalClient() throws Exception {
        try (ShellProcess ann = ShellProcess.start(port(), "pipe"); ShellProcess ben = ShellProcess.start(port(), "pipe")) {
            ann.type("ann");
            ben.type("ben");
            ann.awaitOutput("info: logged in as ann");
            ben.awaitOutput("info: logged in as ben");
            ann.type("ben: hello ben");
            ben.awaitOutput("from ann: hello ben");
            ben.type("ann: hello ann");
            ann.awaitOutput("from ben: hello ann");
            ann.type("ann: a last line before the end of input");
            ann.closeInput();
            assertThat(ann.awaitExit()).isZero();
            assertThat(ann.output()).contains("from ann: a last line before the end of input");
            ben.closeInput();
            assertThat(ben.awaitExit()).isZero();
        }
    }

    @Test
    void againstTheOriginalServerThePipeAndTheCommandsDegradeGracefully() throws Exception {
        try (OriginalServer original = new OriginalServer()) {
            String originalPort = "--chat.shell.port=" + original.port();
            try (ShellProcess pipe = ShellProcess.start(originalPort, "pipe")) {
                pipe.type("orig").type("/who").type("orig: to myself");
                pipe.awaitOutput("from orig: to myself");
                pipe.closeInput();
                assertThat(pipe.awaitExit()).isZero();
                assertThat(pipe.output()).doesNotContain("info:").doesNotContain("error:");
            }
            ShellProcess commands = ShellProcess.run(originalPort, "connect", "--login", "old;", "status;", "who");
            assertThat(commands.exitValue()).isEqualTo(1);
            assertThat(commands.output()).contains("connected to localhost:" + original.port() + " as old "
                    + "(the server does not speak our extensions)").contains("this server does not support /who");
        }
    }

}
