package io.achat.server.delivery;

import java.util.function.Consumer;

import io.achat.server.ChatExecutors;
import io.achat.server.ChatServerProperties;
import io.achat.server.ChatStats;
import io.achat.server.delivery.PeerWriter.Ending;

import org.springframework.messaging.MessageChannel;
import org.springframework.stereotype.Component;

/**
 * Creates each connection's {@link PeerWriter}, wired to the shared outbound adapter. This is the
 * light-weight "dynamic registration" of the design card: a writer is a plain object created with
 * its connection and forgotten with it, not a bean registered through {@code IntegrationFlowContext}
 * (which costs several singletons per peer and does not scale to 10,000 logins; see
 * {@code docs/architecture.md}).
 */
@Component
public class PeerWriters {

    private final MessageChannel toClients;

    private final ChatExecutors executors;

    private final ChatStats stats;

    private final long limit;

    PeerWriters(MessageChannel toClients, ChatExecutors executors, ChatStats stats, ChatServerProperties properties) {
        this.toClients = toClients;
        this.executors = executors;
        this.stats = stats;
        this.limit = properties.sendQueueLimit().toBytes();
    }

    /**
     * A writer for one connection. {@code end} runs on the writer thread after its last line;
     * {@code onOverflow} runs on the reader thread that found the queue full.
     */
    public PeerWriter create(String connectionId, Consumer<Ending> end, byte[] overflowLine, Runnable onOverflow) {
        return new PeerWriter(connectionId, this.limit, this.toClients, this.executors.writers(), this.stats, end,
                overflowLine, onOverflow);
    }

}
