package io.achat.shell;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The a-chat terminal client: {@code java -jar chat-shell.jar} for the interactive shell,
 * {@code java -jar chat-shell.jar connect --login bob ; send --to alice hi} for a script.
 * The exit status is the scripted commands' (Spring Shell 4.0.1 itself always exits 0).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatShellApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(ChatShellApplication.class, args)));
    }

}
