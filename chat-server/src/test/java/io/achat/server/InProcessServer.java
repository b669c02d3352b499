package io.achat.server;

import java.util.ArrayList;
import java.util.List;

import io.achat.server.tcp.ChatServerConnectionFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server in this JVM, for tests that close its context themselves (as SIGTERM does) or look
 * at its beans: random chat and HTTP ports unless given. Settings are passed as command-line
 * arguments, so that they win over application.yml as they would on a real command line.
 */
public final class InProcessServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private InProcessServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** {@code properties} as {@code name=value}. */
    public static InProcessServer start(String... properties) {
        List<String> arguments = new ArrayList<>(List.of("--chat.server.port=0", "--server.port=0"));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        return new InProcessServer(new SpringApplicationBuilder(ChatServerApplication.class)
            .run(arguments.toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return this.context;
    }

    public <T> T bean(Class<T> type) {
        return this.context.getBean(type);
    }

    public int port() {
        return bean(ChatServerConnectionFactory.class).getPort();
    }

    public int httpPort() {
        return ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    @Override
    public void close() {
        this.context.close();
    }

}
