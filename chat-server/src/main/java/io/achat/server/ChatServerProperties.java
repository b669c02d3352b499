package io.achat.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Every limit and setting of the chat server ({@code chat.server.*}); each can be set as an
 * environment variable too, e.g. {@code CHAT_SERVER_PORT=9000}.
 *
 * @param host address the chat port listens on; {@code 0.0.0.0} is every interface, as in the original
 * @param port the chat port; 8080 is the original's, so that its client works against us unchanged
 * @param backlog listen backlog: connection attempts the kernel queues before accept (clamped by
 * {@code net.core.somaxconn})
 * @param maxConnections open connections beyond this are refused with an error line
 * @param maxLineLength longest line a client may send, without its line ending; a longer one gets an
 * error line and the connection is closed, nothing of it is delivered
 * @param loginTimeout a connection that sends no login line within this is told so and closed
 * @param reloginWait how long a login whose name is held by a connection that is closing waits for it
 * to go, so that a client may disconnect and log in again at once
 * @param sendQueueLimit bytes that may wait for one peer; a peer that falls further behind is a slow
 * consumer: its queue is dropped and it is disconnected
 * @param socketSendBuffer {@code SO_SNDBUF} of accepted sockets: what the kernel holds for a peer beyond
 * its send queue; {@code 0} keeps the operating system's auto-tuned default
 * @param slowConsumerGrace how long a slow consumer gets to take its error line before its socket is
 * closed under it
 * @param shutdownTimeout bound on the whole graceful shutdown, from stop accepting to exit
 * @param closeLinger at the end of a shutdown, how long clients get to end their input after the
 * notice (their lines answered "not delivered" meanwhile), and then to close their side after the
 * server's last line: twice this is the last part of {@code shutdownTimeout}, not added to it; also
 * how long a client that ended its input gets to take what is still queued for it
 * @param virtualThreads use virtual threads for connection readers and peer writers when the JVM has
 * them (Java 21+); platform threads otherwise
 * @param problemLogInterval a client problem (invalid login, over-long line, reset storm, server full...)
 * is logged at most once per kind in this interval, with a count of the ones left out; {@code 0} logs each
 * <p>
 * The settings check themselves: Spring Boot runs a {@link Validator} that a constructor-bound
 * {@code @ConfigurationProperties} type implements once it is bound, and a failed check stops the
 * start-up naming the setting, its value and where it came from. Not Bean Validation: Hibernate
 * Validator was a twentieth of the classes the server loads, and leaving it out made the start-up
 * 0.46 s (13%) shorter on Java 17 with CDS and Spring AOT (docs/benchmarks.md, "Start-up").
 */
@ConfigurationProperties("chat.server")
public record ChatServerProperties(
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("8080") int port,
        @DefaultValue("4096") int backlog,
        @DefaultValue("16384") int maxConnections,
        @DefaultValue("8KB") DataSize maxLineLength,
        @DefaultValue("10s") Duration loginTimeout,
        @DefaultValue("1s") Duration reloginWait,
        @DefaultValue("1MB") DataSize sendQueueLimit,
        @DefaultValue("0B") DataSize socketSendBuffer,
        @DefaultValue("1s") Duration slowConsumerGrace,
        @DefaultValue("30s") Duration shutdownTimeout,
        @DefaultValue("2s") Duration closeLinger,
        @DefaultValue("true") boolean virtualThreads,
        @DefaultValue("10s") Duration problemLogInterval) implements Validator {

    private static final long MAX_LINE_LENGTH_BOUND = 16 * 1024 * 1024;

    @Override
    public boolean supports(Class<?> type) {
        return ChatServerProperties.class.isAssignableFrom(type);
    }

    /** Called by Spring Boot with this record as the target; every failed check is reported, not just the first. */
    @Override
    public void validate(Object target, Errors errors) {
        check(errors, "host", !this.host.isBlank(), "must not be blank");
        check(errors, "port", this.port >= 0 && this.port <= 65535, "must be between 0 and 65535");
        check(errors, "backlog", this.backlog >= 1, "must be at least 1");
        check(errors, "maxConnections", this.maxConnections >= 1, "must be at least 1");
        check(errors, "maxLineLength",
                this.maxLineLength.toBytes() >= 64 && this.maxLineLength.toBytes() <= MAX_LINE_LENGTH_BOUND,
                "must be between 64B and 16MB");
        check(errors, "sendQueueLimit", this.sendQueueLimit.compareTo(this.maxLineLength) >= 0,
                "must be at least max-line-length");
        check(errors, "socketSendBuffer", !this.socketSendBuffer.isNegative(), "must not be negative");
        check(errors, "loginTimeout", positive(this.loginTimeout), "must be positive");
        check(errors, "reloginWait", !this.reloginWait.isNegative(), "must not be negative");
        check(errors, "slowConsumerGrace", !this.slowConsumerGrace.isNegative(), "must not be negative");
        check(errors, "shutdownTimeout", positive(this.shutdownTimeout), "must be positive");
        check(errors, "closeLinger",
                !this.closeLinger.isNegative() && this.closeLinger.multipliedBy(2).compareTo(this.shutdownTimeout) < 0,
                "must not be negative and must be shorter than half of shutdown-timeout");
        check(errors, "problemLogInterval", !this.problemLogInterval.isNegative(), "must not be negative");
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /** A failed check as a field error: Spring Boot reports it with the setting's name, value and origin. */
    private static void check(Errors errors, String field, boolean valid, String message) {
        if (!valid) {
            errors.rejectValue(field, "chat.server.invalid", message);
        }
    }

    /** Longest line in bytes, as the codec counts it. */
    public int maxLineBytes() {
        return (int) maxLineLength.toBytes();
    }

}
