package io.achat.shell.runner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;

import io.achat.shell.ChatShellProperties;
import org.jline.terminal.Terminal;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.stereotype.Component;

/**
 * Chooses how the client runs, replacing Spring Shell's own runner (same bean name, so that 4.0.1
 * and later both back off):
 * <ul>
 * <li>program arguments: run them as commands (see {@link ScriptRunner#commandLines}) and exit
 * with their status;</li>
 * <li>no arguments and no terminal (stdin is a pipe or a file): read commands from stdin;</li>
 * <li>otherwise: the interactive shell.</li>
 * </ul>
 * Arguments that set properties ({@code --chat.*}, {@code --spring.*}, {@code --logging.*}) are
 * settings, not commands.
 */
@Component("springShellApplicationRunner")
class ChatShellRunner implements ApplicationRunner, ExitCodeGenerator {

    private final ChatShellProperties properties;

    private final CommandParser parser;

    private final CommandRegistry registry;

    private final ShellRunner shellRunner;

    private final Terminal terminal;

    private int exitCode;

    ChatShellRunner(ChatShellProperties properties, CommandParser parser, CommandRegistry registry,
            ShellRunner shellRunner, Terminal terminal) {
        this.properties = properties;
        this.parser = parser;
        this.registry = registry;
        this.shellRunner = shellRunner;
        this.terminal = terminal;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!this.properties.autoRun()) {
            return;
        }
        List<String> words = List.of(args.getSourceArgs()).stream()
                .filter(arg -> !(arg.startsWith("--chat.") || arg.startsWith("--spring.") || arg.startsWith("--logging.")))
                .toList();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        ScriptRunner script = new ScriptRunner(this.parser, this.registry, out);
        if (!words.isEmpty()) {
            try {
                this.exitCode = script.run(ScriptRunner.commandLines(words));
            }
            catch (NoSuchFileException ex) {
                out.println("No such script: " + ex.getFile());
                this.exitCode = ScriptRunner.UNKNOWN;
            }
        }
        else if (this.terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            this.exitCode = script.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        else {
            this.shellRunner.run(new String[0]);
        }
    }

    @Override
    public int getExitCode() {
        return this.exitCode;
    }

}
