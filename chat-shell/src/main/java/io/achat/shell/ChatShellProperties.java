package io.achat.shell;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The client's settings ({@code chat.shell.*}, or environment variables such as
 * {@code CHAT_SHELL_HOST}): defaults for {@code connect}, and the reconnect policy.
 *
 * @param host server to connect to when {@code connect} is given no {@code --host}
 * @param port server port when {@code connect} is given no {@code --port}
 * @param login login when {@code connect} is given no {@code --login}; empty means the user's name
 * @param connectTimeout how long to wait for the TCP connection
 * @param welcomeWait how long to wait for the server's answer to the login; the original a-chat
 * server answers nothing, so after this silence the login counts as accepted. Longer than the
 * server's {@code relogin-wait} (1 s), which may delay the answer to a login whose name is taken
 * @param requestTimeout how long {@code who} waits for the server's answer
 * @param reconnect what to do when the server goes away
 * @param autoRun run the commands or the interactive shell at startup; tests turn it off
 */
@Validated
@ConfigurationProperties("chat.shell")
public record ChatShellProperties(
        @DefaultValue("localhost") @NotBlank String host,
        @DefaultValue("8080") @Min(1) @Max(65535) int port,
        @DefaultValue("") String login,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("2s") Duration welcomeWait,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue @Valid Reconnect reconnect,
        @DefaultValue("true") boolean autoRun) {

    /**
     * @param enabled reconnect (and log in again under the same name) when the connection is lost
     * @param initialDelay wait before the first attempt; doubled after each failure
     * @param maxDelay the longest wait between attempts
     * @param maxAttempts give up after this many failed attempts; 0 means never
     */
    public record Reconnect(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("30s") Duration maxDelay,
            @DefaultValue("0") @Min(0) int maxAttempts) {
    }

    /** The login to use when none is given: the setting, or the operating system user's name. */
    public String defaultLogin() {
        return this.login.isBlank() ? System.getProperty("user.name", "guest") : this.login;
    }

}
