package io.achat.shell.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.achat.shell.ChatShellProperties;
import io.achat.shell.connection.ChatConnection;
import io.achat.shell.session.ChatSession;
import io.achat.shell.terminal.ChatPrinter;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** Commands for scripts, pipes and demo bots; each blocks until its job is done, as a script wants. */
@Component
class ScriptingCommands {

    private final ChatSession session;

    private final ChatShellProperties properties;

    private final ChatPrinter printer;

    ScriptingCommands(ChatSession session, ChatShellProperties properties, ChatPrinter printer) {
        this.session = session;
        this.properties = properties;
        this.printer = printer;
    }

    @Command(name = "listen", group = "Scripting",
            description = "Wait for incoming lines (they are printed as they come): until --count lines, --timeout, or disconnection",
            availabilityProvider = "connectedAvailability")
    public String listen(
            @Option(longName = "count", shortName = 'c', description = "stop after this many lines; then fewer within the timeout is a failure") Integer count,
            @Option(longName = "timeout", description = "stop after this long, e.g. 30s or 2m (default: no limit)") String timeoutText)
            throws Exception {
        Duration timeout = duration(timeoutText);
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> closedBecause = new AtomicReference<>();
        try (AutoCloseable subscription = this.session.subscribe(line -> {
            if (count != null && received.incrementAndGet() >= count) {
                done.countDown();
            }
        }, reason -> {
            closedBecause.set(reason);
            done.countDown();
        })) {
            // Lines that came before (say, between connect and listen) were printed but are not counted:
            // this tells a script, or a person, from when on they are.
            this.printer.notice("listening" + (count == null ? "" : " for " + count + (count == 1 ? " line" : " lines")));
            boolean ended = await(done, timeout);
            if (count != null && received.get() < count) {
                throw new CommandFailedException("received " + received.get() + " of " + count + " lines"
                        + (ended ? " before: " + closedBecause.get() : " within " + timeout));
            }
            return closedBecause.get() != null ? "stopped listening: " + closedBecause.get() : null;
        }
    }

    @Command(name = "echo-bot", group = "Scripting",
            description = "Answer every message with its own text, to its sender, until disconnection or --timeout",
            availabilityProvider = "connectedAvailability")
    public String echoBot(
            @Option(longName = "timeout", description = "stop after this long (default: run until disconnected)") String timeoutText)
            throws Exception {
        Duration timeout = duration(timeoutText);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        try (AutoCloseable subscription = this.session.subscribe(line -> {
            int colon = line.indexOf(": ");
            if (line.startsWith("from ") && colon > 5) {
                String sender = line.substring(5, colon);
                try {
                    this.session.sendRaw(sender + ": " + line.substring(colon + 2));
                    answered.incrementAndGet();
                }
                catch (IOException ex) {
                    done.countDown();
                }
            }
        }, reason -> done.countDown())) {
            await(done, timeout);
            return "echo-bot answered " + answered.get() + " messages";
        }
    }

    @Command(name = "greeter-bot", group = "Scripting",
            description = "Greet every peer who is or comes online: ask who is online every --every and send --message "
                    + "to each name not greeted yet (again after it left and came back), until disconnection or --timeout",
            availabilityProvider = "connectedAvailability")
    public String greeterBot(
            @Option(longName = "message", description = "the greeting; {name} is replaced by the peer's login",
                    defaultValue = "welcome, {name}! Send 'echo: hello' and the echo bot answers") String message,
            @Option(longName = "every", description = "how often to ask who is online (default 1s)", defaultValue = "1s") String everyText,
            @Option(longName = "timeout", description = "stop after this long (default: run until disconnected)") String timeoutText)
            throws Exception {
        Duration every = duration(everyText);
        Duration timeout = duration(timeoutText);
        long deadline = timeout != null ? System.nanoTime() + timeout.toNanos() : Long.MAX_VALUE;
        String self = this.session.login().orElseThrow();
        CountDownLatch disconnected = new CountDownLatch(1);
        Set<String> greeted = new HashSet<>();
        int greetings = 0;
        try (AutoCloseable subscription = this.session.subscribe(line -> { }, reason -> disconnected.countDown())) {
            // Polling is all the protocol offers (it has no join notices); the wait ends early on disconnection.
            do {
                List<String> online = this.session.who();
                greeted.retainAll(online);
                for (String name : online) {
                    if (!name.equals(self) && greeted.add(name)) {
                        this.session.send(List.of(name), message.replace("{name}", name));
                        greetings++;
                    }
                }
            }
            while (!disconnected.await(Math.min(every.toNanos(), deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && System.nanoTime() < deadline);
        }
        catch (IOException ex) {
            // disconnected while asking or greeting: the end of the bot's run, as for the echo bot
        }
        return "greeter-bot sent " + greetings + " greetings";
    }

    @Command(name = "pipe", group = "Scripting",
            description = "Behave like the original a-chat client: stdin lines go to the server as they are "
                    + "(the first is the login), every server line goes to stdout; at end of input, flush and exit")
    public void pipe(
            @Option(longName = "host", shortName = 'h', description = "server host (default: chat.shell.host)") String host,
            @Option(longName = "port", shortName = 'p', description = "server port (default: chat.shell.port)") Integer port)
            throws IOException, InterruptedException {
        PipeMode.run(host != null ? host : this.properties.host(), port != null ? port : this.properties.port(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                this.properties);
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, or ISO-8601; Spring Shell does not convert durations itself. */
    private static Duration duration(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(text);
        }
        catch (IllegalArgumentException ex) {
            throw new CommandFailedException("not a duration: '" + text + "' (try 30s, 2m or 500ms)");
        }
    }

    /** Waits for {@code latch}, at most {@code timeout} if one is given; true if it was counted down. */
    private static boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
        if (timeout == null) {
            latch.await();
            return true;
        }
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The original client, on a {@link ChatConnection}. */
    static final class PipeMode {

        private PipeMode() {
        }

        /**
         * Sends every input line as it is and prints every server line until the input ends; then
         * half-closes and waits (at most {@code request-timeout}) for the server to finish and close.
         */
        static void run(String host, int port, BufferedReader in, PrintStream out, ChatShellProperties properties)
                throws IOException, InterruptedException {
            CountDownLatch closed = new CountDownLatch(1);
            ChatConnection connection = ChatConnection.raw(host, port, properties.connectTimeout(),
                    new ChatConnection.Listener() {

                        @Override
                        public void line(String line) {
                            synchronized (out) {
                                out.println(line);
                                out.flush();
                            }
                        }

                        @Override
                        public void closed(ChatConnection ended, String reason) {
                            closed.countDown();
                        }

                    });
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                connection.send(line);
            }
            // End of input: send FIN after the last line and print what the server still sends until it closes.
            connection.finishSending();
            if (!closed.await(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                connection.close();
            }
        }

    }

}
