package io.achat.shell.terminal;

import java.io.PrintStream;
import java.util.function.Supplier;

import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.jline.PromptProvider;
import org.springframework.stereotype.Component;

/**
 * Everything the client shows that the user did not just type: server lines as they arrive and
 * the client's own notices. On a real terminal they go above the prompt through JLine's
 * {@code printAbove}, which redraws the prompt and the half-typed line under them, with colors
 * (unless {@code NO_COLOR} is set). In scripts and pipes they go to standard output as plain text.
 * Called from the connection's reader thread and the reconnect thread.
 */
@Component
public class ChatPrinter {

    private static final AttributedStyle SENDER = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);

    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    private static final AttributedStyle INFO = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

    private static final AttributedStyle NOTICE = AttributedStyle.DEFAULT.italic().foreground(AttributedStyle.MAGENTA);

    private final ObjectProvider<LineReader> lineReader;

    private final ObjectProvider<PromptProvider> prompt;

    private final PrintStream out;

    private final boolean color;

    ChatPrinter(ObjectProvider<LineReader> lineReader, ObjectProvider<PromptProvider> prompt) {
        this.lineReader = lineReader;
        this.prompt = prompt;
        this.out = System.out;
        String noColor = System.getenv("NO_COLOR");
        this.color = noColor == null || noColor.isEmpty();
    }

    /** A line from the server, exactly as sent (styled on a terminal). */
    public void serverLine(String line) {
        print(() -> style(line), line);
    }

    /** A message of the client's own, such as a lost connection. */
    public void notice(String text) {
        String line = "*** " + text;
        print(() -> new AttributedString(line, NOTICE), line);
    }

    /** Redraws the prompt if the user is at it, so that it shows the current connection state. */
    public void refreshPrompt() {
        LineReader reader = interactiveReader();
        PromptProvider prompt = this.prompt.getIfAvailable();
        if (reader instanceof LineReaderImpl impl && prompt != null && reader.isReading()) {
            impl.setPrompt(prompt.getPrompt().toAnsi(reader.getTerminal()));
            try {
                reader.callWidget(LineReader.REDRAW_LINE);
                reader.callWidget(LineReader.REDISPLAY);
            }
            catch (IllegalStateException notReadingAnyMore) {
                // the next read shows the new prompt anyway
            }
        }
    }

    private void print(Supplier<AttributedString> styled, String plain) {
        LineReader reader = interactiveReader();
        if (reader != null) {
            AttributedString text = styled.get();
            reader.printAbove(this.color ? text : new AttributedString(plain));
        }
        else {
            synchronized (this.out) {
                this.out.println(plain);
                this.out.flush();
            }
        }
    }

    private LineReader interactiveReader() {
        LineReader reader = this.lineReader.getIfAvailable();
        if (reader == null || reader.getTerminal().getType().startsWith(Terminal.TYPE_DUMB)) {
            return null;
        }
        return reader;
    }

    private static AttributedString style(String line) {
        AttributedStringBuilder builder = new AttributedStringBuilder();
        int colon = line.indexOf(": ");
        if (line.startsWith("from ") && colon > 5) {
            builder.append("from ").styled(SENDER, line.substring(5, colon)).append(line.substring(colon));
        }
        else if (line.startsWith("error: ")) {
            builder.styled(ERROR, line);
        }
        else if (line.startsWith("info: ")) {
            builder.styled(INFO, line);
        }
        else {
            builder.append(line);
        }
        return builder.toAttributedString();
    }

}
