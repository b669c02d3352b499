package io.achat.shell.commands;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.achat.shell.ChatShellProperties;
import io.achat.shell.connection.LoginRefusedException;
import io.achat.shell.session.ChatSession;
import io.achat.shell.session.ChatSession.Target;

import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** The chat commands. Each is a thin call into {@link ChatSession}; they run on the shell's thread. */
@Component
class ChatCommands {

    private final ChatSession session;

    private final ChatShellProperties properties;

    ChatCommands(ChatSession session, ChatShellProperties properties) {
        this.session = session;
        this.properties = properties;
    }

    @Command(name = "connect", group = "Chat", description = "Connect to a chat server and log in")
    public String connect(
            @Option(longName = "host", shortName = 'h', description = "server host (default: chat.shell.host)") String host,
            @Option(longName = "port", shortName = 'p', description = "server port (default: chat.shell.port)") Integer port,
            @Option(longName = "login", shortName = 'l', description = "your name (default: chat.shell.login, or your user name)") String login) {
        Target target = new Target(host != null ? host : this.properties.host(),
                port != null ? port : this.properties.port(), login != null ? login : this.properties.defaultLogin());
        try {
            return this.session.connect(target);
        }
        catch (LoginRefusedException ex) {
            throw new CommandFailedException("login refused: " + ex.getMessage());
        }
        catch (ConnectException | UnknownHostException ex) {
            throw new CommandFailedException("cannot reach " + target.host() + ":" + target.port() + ": " + ex.getMessage());
        }
        catch (IOException ex) {
            throw new CommandFailedException("cannot connect to " + target.host() + ":" + target.port() + ": "
                    + ex.getMessage());
        }
    }

    @Command(name = "send", group = "Chat", description = "Send a message: send --to bob,carol hello there",
            availabilityProvider = "connectedAvailability", completionProvider = "recipientCompletion")
    public void send(
            @Option(longName = "to", shortName = 't', required = true, description = "recipients, separated by commas") String to,
            @Arguments List<String> words) {
        List<String> recipients = Arrays.stream(to.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        if (recipients.isEmpty()) {
            throw new CommandFailedException("name at least one recipient: send --to bob hello");
        }
        try {
            this.session.send(recipients, String.join(" ", words));
        }
        catch (IOException ex) {
            throw new CommandFailedException("not sent: " + ex.getMessage());
        }
    }

    @Command(name = "raw", group = "Chat",
            description = "Send a line exactly as the protocol has it: raw bob, carol: hello",
            availabilityProvider = "connectedAvailability")
    public void raw(@Arguments List<String> words) {
        try {
            this.session.sendRaw(String.join(" ", words));
        }
        catch (IOException ex) {
            throw new CommandFailedException("not sent: " + ex.getMessage());
        }
    }

    @Command(name = "who", group = "Chat", description = "List who is online",
            availabilityProvider = "connectedAvailability")
    public String who() {
        try {
            List<String> names = this.session.who();
            return names.isEmpty() ? "nobody is online" : "online: " + String.join(", ", names);
        }
        catch (UnsupportedOperationException ex) {
            throw new CommandFailedException(ex.getMessage());
        }
        catch (TimeoutException ex) {
            throw new CommandFailedException("the server did not answer /who in time");
        }
        catch (IOException ex) {
            throw new CommandFailedException("who failed: " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted");
        }
    }

    @Command(name = "disconnect", group = "Chat", description = "Leave the server (and stop reconnecting)")
    public String disconnect() {
        return this.session.disconnect();
    }

    @Command(name = "status", group = "Chat", description = "Show the connection")
    public String status() {
        return this.session.status();
    }

}
