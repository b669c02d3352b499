package io.achat.server;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
 */
@Validated
@ConfigurationProperties("chat.server")
public record ChatServerProperties(
        @DefaultValue("0.0.0.0") @NotBlank String host,
        @DefaultValue("8080") @Min(0) @Max(65535) int port,
        @DefaultValue("4096") @Min(1) int backlog,
        @DefaultValue("16384") @Min(1) int maxConnections,
        @DefaultValue("8KB") DataSize maxLineLength,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration loginTimeout,
        @DefaultValue("1s") @DurationMin(millis = 0) Duration reloginWait,
        @DefaultValue("1MB") DataSize sendQueueLimit,
        @DefaultValue("0B") DataSize socketSendBuffer,
        @DefaultValue("1s") @DurationMin(millis = 0) Duration slowConsumerGrace,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration shutdownTimeout,
        @DefaultValue("2s") @DurationMin(millis = 0) Duration closeLinger,
        @DefaultValue("true") boolean virtualThreads,
        @DefaultValue("10s") @DurationMin(millis = 0) Duration problemLogInterval) {

    @AssertTrue(message = "max-line-length must be between 64B and 16MB")
    boolean isMaxLineLengthValid() {
        return maxLineLength.toBytes() >= 64 && maxLineLength.toBytes() <= 16 * 1024 * 1024;
    }

    @AssertTrue(message = "send-queue-limit must be at least max-line-length")
    boolean isSendQueueLimitValid() {
        return sendQueueLimit.compareTo(maxLineLength) >= 0;
    }

    @AssertTrue(message = "close-linger must be shorter than half of shutdown-timeout")
    boolean isCloseLingerValid() {
        return closeLinger.multipliedBy(2).compareTo(shutdownTimeout) < 0;
    }

    /** Longest line in bytes, as the codec counts it. */
    public int maxLineBytes() {
        return (int) maxLineLength.toBytes();
    }

}
