package io.achat.shell.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;

/**
 * Runs commands without a prompt, stopping at the first failure, and says how it went as an exit
 * status: 0 all done, 1 a command failed or was not available, 2 an unknown command or a script
 * that cannot be read. Blank lines and lines starting with {@code #} or {@code //} are comments.
 * (Spring Shell 4.0.1's own non-interactive runner exits 0 on failure and stops at a comment.)
 */
final class ScriptRunner {

    static final int OK = 0;

    static final int FAILED = 1;

    static final int UNKNOWN = 2;

    private final CommandParser parser;

    private final CommandRegistry registry;

    private final CommandExecutor executor;

    private final PrintWriter out;

    ScriptRunner(CommandParser parser, CommandRegistry registry, PrintWriter out) {
        this.parser = parser;
        this.registry = registry;
        this.executor = new CommandExecutor(registry);
        this.out = out;
    }

    /**
     * The command lines that program arguments stand for: words joined back into lines (quoting a
     * word that has spaces), a {@code ;} word or a word ending in {@code ;} ends a command, and
     * {@code @file} stands for the lines of that script.
     */
    static List<String> commandLines(List<String> args) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("@") && words.isEmpty()) {
                lines.addAll(Files.readAllLines(Path.of(arg.substring(1))));
                continue;
            }
            boolean ends = arg.endsWith(";");
            String word = ends ? arg.substring(0, arg.length() - 1) : arg;
            if (!word.isEmpty()) {
                words.add(word.matches(".*\\s.*") && !word.startsWith("\"") ? "\"" + word.replace("\"", "\\\"") + "\"" : word);
            }
            if (ends && !words.isEmpty()) {
                lines.add(String.join(" ", words));
                words.clear();
            }
        }
        if (!words.isEmpty()) {
            lines.add(String.join(" ", words));
        }
        return lines;
    }

    int run(List<String> lines) {
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            int status = execute(line);
            if (status != OK) {
                return status;
            }
        }
        return OK;
    }

    /** Runs commands as they are read, one line at a time (a pipe may still be writing the rest). */
    int run(BufferedReader input) throws IOException {
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            int status = run(List.of(line));
            if (status != OK) {
                return status;
            }
        }
        return OK;
    }

    private int execute(String line) {
        try {
            CommandContext context = new CommandContext(this.parser.parse(line), this.registry, this.out,
                    new InputReader() {
                    });
            ExitStatus status = this.executor.execute(context);
            if (status.code() != ExitStatus.OK.code()) {
                this.out.println("Failed: " + line + " (" + status.description() + ")");
                return FAILED;
            }
            return OK;
        }
        catch (CommandNotFoundException ex) {
            this.out.println("Unknown command: " + ex.getCommandName() + " (try 'help')");
            return UNKNOWN;
        }
        catch (CommandExecutionException ex) {
            Throwable cause = ex;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            this.out.println("Failed: " + line + ": " + cause.getMessage());
            return FAILED;
        }
        catch (IllegalArgumentException ex) {
            this.out.println("Failed: " + line + ": " + ex.getMessage());
            return FAILED;
        }
        finally {
            this.out.flush();
        }
    }

}
