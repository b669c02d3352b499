package io.achat.server.protocol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One line a logged-in client sent, parsed. The grammar is the original's
 * ({@code name1, name2: message}) plus our {@code /} commands; see {@code docs/protocol.md}.
 */
public sealed interface Request {

    /**
     * A message for one or more recipients, named once each, in the order the sender wrote them. The
     * text is a {@code String}, or for an ASCII line an {@link AsciiText} view of it.
     */
    record Send(Set<String> recipients, CharSequence text) implements Request {
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
    static Request parse(CharSequence line) {
        int first = 0;
        while (first < line.length() && Character.isWhitespace(line.charAt(first))) {
            first++;
        }
        if (first < line.length() && line.charAt(first) == '/') {
            String command = stripped(line, first, line.length()).toString();
            return switch (command) {
                case "/who" -> WHO;
                case "/quit" -> QUIT;
                default -> new Invalid("unknown command " + abbreviate(command) + " (commands: /who, /quit)");
            };
        }
        int colon = indexOf(line, ':', 0, line.length());
        if (colon < 0) {
            return new Invalid("expected 'name[, name...]: message'");
        }
        Set<String> recipients = recipients(line, colon);
        if (recipients.isEmpty()) {
            return new Invalid("no recipient before ':'");
        }
        return new Send(recipients, stripped(line, colon + 1, line.length()));
    }

    /**
     * The names in {@code line[0, end)}, split on {@code ,} and stripped, empty ones skipped. Each name
     * is cut out once; the usual single recipient costs no set (parsing is per line, on the hot path).
     */
    private static Set<String> recipients(CharSequence line, int end) {
        String first = null;
        Set<String> more = null;
        for (int start = 0; start <= end;) {
            int comma = indexOf(line, ',', start, end);
            int stop = comma >= 0 ? comma : end;
            String name = stripped(line, start, stop).toString();
            if (!name.isEmpty()) {
                if (first == null) {
                    first = name;
                }
                else if (!name.equals(first)) {
                    if (more == null) {
                        more = new LinkedHashSet<>();
                        more.add(first);
                    }
                    more.add(name);
                }
            }
            start = stop + 1;
        }
        return more != null ? more : first != null ? Set.of(first) : Set.of();
    }

    /**
     * {@code line.subSequence(from, to)} without leading and trailing white space, with one copy at
     * most (a {@code String}'s {@code substring(…).strip()} makes two). White space is never a
     * surrogate, so checking chars is checking code points, as {@link String#strip()} does.
     */
    private static CharSequence stripped(CharSequence line, int from, int to) {
        while (from < to && Character.isWhitespace(line.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
            to--;
        }
        return line.subSequence(from, to);
    }

    private static int indexOf(CharSequence line, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line.charAt(i) == c) {
                return i;
            }
        }
        return -1;
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
