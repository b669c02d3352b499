package io.achat.server.tcp;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.management.UnixOperatingSystemMXBean;
import io.achat.server.ChatServerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.stereotype.Component;

/**
 * Startup is not done until the chat port accepts connections. The factory binds on its own
 * thread and, if the port is taken, only logs and stops; without this check the server would run
 * on with no port at all. A failed bind fails the startup instead (exit status 1).
 */
@Component
class ListeningCheck implements ApplicationRunner {

    private static final Log logger = LogFactory.getLog(ListeningCheck.class);

    private static final Duration BIND_WAIT = Duration.ofSeconds(30);

    /** Descriptors the JVM, its jars and the HTTP port take besides the chat's connections. */
    private static final long DESCRIPTORS_BESIDES_CONNECTIONS = 100;

    private final ChatServerConnectionFactory connectionFactory;

    private final ChatServerProperties properties;

    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    ListeningCheck(ChatServerConnectionFactory connectionFactory, ChatServerProperties properties) {
        this.connectionFactory = connectionFactory;
        this.properties = properties;
    }

    @EventListener
    void listening(TcpConnectionServerListeningEvent event) {
        this.listening.complete(null);
    }

    @EventListener
    void failed(TcpConnectionServerExceptionEvent event) {
        this.listening.completeExceptionally(event.getCause());
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException, TimeoutException {
        try {
            this.listening.get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Cannot listen on " + this.connectionFactory.getLocalAddress() + ":"
                    + this.connectionFactory.getPort() + ": " + ex.getCause().getMessage(), ex.getCause());
        }
        logger.info("Chat server listening on " + this.connectionFactory.getServerSocketAddress());
        warnIfDescriptorsAreShort();
    }

    /** Not fatal (the accept loop survives running out), but worth saying before it happens. */
    private void warnIfDescriptorsAreShort() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long limit = os.getMaxFileDescriptorCount();
            if (limit < this.properties.maxConnections() + DESCRIPTORS_BESIDES_CONNECTIONS) {
                logger.warn("The open-file limit (" + limit + ") is below max-connections ("
                        + this.properties.maxConnections() + ") plus " + DESCRIPTORS_BESIDES_CONNECTIONS
                        + ": connections beyond about " + Math.max(0, limit - DESCRIPTORS_BESIDES_CONNECTIONS)
                        + " will be refused as 'server full'; raise 'ulimit -n' or lower chat.server.max-connections");
            }
        }
    }

}
