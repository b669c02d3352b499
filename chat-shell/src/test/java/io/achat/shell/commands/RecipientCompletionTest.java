package io.achat.shell.commands;

import java.util.List;

import io.achat.server.ChatClient;
import io.achat.server.ServerProcessExtension;
import io.achat.shell.session.ChatSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** Tab after {@code --to} proposes the names online, asked of the server, and continues a comma list. */
@SpringBootTest(properties = { "chat.shell.auto-run=false", "spring.shell.history.enabled=false" })
class RecipientCompletionTest {

    @RegisterExtension
    static final ServerProcessExtension server = new ServerProcessExtension();

    @Autowired
    ChatSession session;

    @Autowired
    @Qualifier("recipientCompletion")
    CompletionProvider completion;

    @Test
    void proposesTheNamesOnlineAndContinuesAList() throws Exception {
        try (ChatClient bob = ChatClient.login(server.port(), "bob"); ChatClient carol = ChatClient.login(server.port(), "carol")) {
            this.session.connect(new ChatSession.Target("localhost", server.port(), "alice"));
            assertThat(values(complete(""))).containsExactlyInAnyOrder("alice", "bob", "carol");
            assertThat(values(complete("bob,"))).containsExactlyInAnyOrder("bob,alice", "bob,carol");
        }
        finally {
            this.session.disconnect();
        }
    }

    private List<CompletionProposal> complete(String word) {
        List<String> words = List.of("send", "--to", word);
        return this.completion.apply(new CompletionContext(words, 2, word.length(), null, null));
    }

    private static List<String> values(List<CompletionProposal> proposals) {
        return proposals.stream().map(CompletionProposal::value).toList();
    }

}
