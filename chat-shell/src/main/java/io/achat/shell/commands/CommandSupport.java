package io.achat.shell.commands;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.achat.shell.session.ChatSession;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.availability.Availability;
import org.springframework.shell.core.command.availability.AvailabilityProvider;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

/** What the commands name by bean: when they are available, and how recipients complete. */
@Configuration(proxyBeanMethods = false)
class CommandSupport {

    /** How old the list of names may be before a completion asks the server again. */
    static final Duration NAMES_MAX_AGE = Duration.ofSeconds(5);

    @Bean
    AvailabilityProvider connectedAvailability(ChatSession session) {
        return () -> session.connected() ? Availability.available()
                : Availability.unavailable(session.reconnecting() ? "the connection is being re-established"
                        : "you are not connected (use 'connect')");
    }

    /**
     * Completes {@code --to}: the names online, from {@code /who}, asked again when the last answer
     * is older than {@link #NAMES_MAX_AGE}. After {@code bob,} it proposes {@code bob,carol} etc.
     */
    @Bean
    CompletionProvider recipientCompletion(ChatSession session) {
        AtomicReference<Instant> refreshed = new AtomicReference<>(Instant.EPOCH);
        return context -> {
            if (session.connected() && refreshed.get().plus(NAMES_MAX_AGE).isBefore(Instant.now())) {
                try {
                    session.who();
                    refreshed.set(Instant.now());
                }
                catch (TimeoutException | UnsupportedOperationException | IOException ex) {
                    // complete with what we know
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            String word = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
            String prefix = word.contains(",") ? word.substring(0, word.lastIndexOf(',') + 1) : "";
            List<String> chosen = List.of(prefix.split(","));
            List<CompletionProposal> proposals = new ArrayList<>();
            for (String name : session.knownNames()) {
                if (!chosen.contains(name)) {
                    proposals.add(new CompletionProposal(prefix + name));
                }
            }
            return proposals;
        };
    }

}
