package io.achat.shell.terminal;

import io.achat.shell.session.ChatSession;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import org.springframework.shell.jline.PromptProvider;
import org.springframework.stereotype.Component;

/** {@code alice@localhost:8080> } while connected, {@code offline> } otherwise; recomputed at every read. */
@Component
class ChatPrompt implements PromptProvider {

    private final ChatSession session;

    ChatPrompt(ChatSession session) {
        this.session = session;
    }

    @Override
    public AttributedString getPrompt() {
        return this.session.where()
                .map(where -> new AttributedString(where + "> ", AttributedStyle.BOLD.foreground(AttributedStyle.GREEN)))
                .orElseGet(() -> new AttributedString(this.session.reconnecting() ? "reconnecting> " : "offline> ",
                        AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT)));
    }

}
