package io.achat.server;

import io.achat.server.shutdown.ExitStatus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The a-chat server: {@code java -jar chat-server.jar}, then {@code nc localhost 8080}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatServerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ChatServerApplication.class);
        ExitStatus.install(application);
        application.run(args);
    }

}
