package io.achat.server.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line a logged-in client sent, parsed. The grammar is the original's
 * ({@code name1, name2: message}) plus our {@code /} commands; see {@code docs/protocol.md}.
 */
public sealed interface Request {

    /** A message for one or more recipients, named once each, in the order the sender wrote them. */
    record Send(Set<String> recipients, String text) implements Request {
    }

    /** {@code /who}: list who is logged in. */
    record Who() implements Request {
    }

    /** {@code /quit}: close after everything queued for this client is written. */
    record Quit() implements Request {
    }

    /** A line that cannot be routed; the reason is sent back as an error line. */
    record Invalid(String reason) implements Request {
    }

    Who WHO = new Who();

    Quit QUIT = new Quit();

    /**
     * Parses a line that has already lost its line ending. Recipients are the text before the first
     * {@code :}, split on {@code ,} and trimmed; empty names are skipped. The message is the rest,
     * trimmed, exactly as the original does it.
     */
    static Request parse(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("/")) {
            return switch (trimmed) {
                case "/who" -> WHO;
                case "/quit" -> QUIT;
                default -> new Invalid("unknown command " + abbreviate(trimmed) + " (commands: /who, /quit)");
            };
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new Invalid("expected 'name[, name...]: message'");
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (String name : split(line, colon)) {
            String candidate = name.strip();
            if (!candidate.isEmpty()) {
                recipients.add(candidate);
            }
        }
        if (recipients.isEmpty()) {
            return new Invalid("no recipient before ':'");
        }
        return new Send(recipients, line.substring(colon + 1).strip());
    }

    private static List<String> split(String line, int end) {
        List<String> names = new ArrayList<>(2);
        int start = 0;
        for (int comma = line.indexOf(',', start); comma >= 0 && comma < end; comma = line.indexOf(',', start)) {
            names.add(line.substring(start, comma));
            start = comma + 1;
        }
        names.add(line.substring(start, end));
        return names;
    }

    /**
     * Echoes client text back in an error line: a short prefix of it at most, with control characters
     * (a carriage return, an escape sequence) shown as {@code ?}, so the server's own lines never carry them.
     */
    static String abbreviate(String text) {
        String prefix = text.length() <= 40 ? text : text.substring(0, 40) + "...";
        StringBuilder shown = new StringBuilder(prefix.length());
        prefix.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.toString();
    }

}
