package io.achat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings bind with their documented defaults, and bad values stop the server with a clear message. */
class ChatServerPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> documented = readmeDefaults();
        this.runner.run(context -> {
            ChatServerProperties properties = context.getBean(ChatServerProperties.class);
            Map<String, String> actual = new LinkedHashMap<>();
            actual.put("host", properties.host());
            actual.put("port", String.valueOf(properties.port()));
            actual.put("backlog", String.valueOf(properties.backlog()));
            actual.put("max-connections", String.valueOf(properties.maxConnections()));
            actual.put("max-line-length", properties.maxLineLength().toKilobytes() + "KB");
            actual.put("login-timeout", properties.loginTimeout().toSeconds() + "s");
            actual.put("relogin-wait", properties.reloginWait().toSeconds() + "s");
            actual.put("send-queue-limit", properties.sendQueueLimit().toMegabytes() + "MB");
            actual.put("socket-send-buffer", properties.socketSendBuffer().toBytes() + "B");
            actual.put("slow-consumer-grace", properties.slowConsumerGrace().toSeconds() + "s");
            actual.put("shutdown-timeout", properties.shutdownTimeout().toSeconds() + "s");
            actual.put("close-linger", properties.closeLinger().toSeconds() + "s");
            actual.put("virtual-threads", String.valueOf(properties.virtualThreads()));
            actual.put("problem-log-interval", properties.problemLogInterval().toSeconds() + "s");
            assertThat(documented).isEqualTo(actual);
            assertThat(ChatServerProperties.class.getRecordComponents()).hasSize(actual.size());
        });
    }

    /** Every check, each failing once: a field name the checks misspell would only show when its value is bad. */
    @Test
    void everyInvalidValueIsReportedWithItsSettingAndValue() {
        this.runner.withPropertyValues("chat.server.host= ", "chat.server.port=70000", "chat.server.backlog=0",
                "chat.server.max-connections=0", "chat.server.max-line-length=32MB", "chat.server.send-queue-limit=1KB",
                "chat.server.socket-send-buffer=-1B", "chat.server.login-timeout=0s", "chat.server.relogin-wait=-1s",
                "chat.server.slow-consumer-grace=-1s", "chat.server.shutdown-timeout=0s", "chat.server.close-linger=40s",
                "chat.server.problem-log-interval=-1s")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(BindValidationException.class, failure -> assertThat(
                            failure.getValidationErrors().getAllErrors().stream().map(FieldError.class::cast)
                                .map(error -> error.getField() + "=" + error.getRejectedValue() + ": " + error.getDefaultMessage()))
                        .containsExactlyInAnyOrder("host=: must not be blank",
                                "port=70000: must be between 0 and 65535",
                                "backlog=0: must be at least 1",
                                "maxConnections=0: must be at least 1",
                                "maxLineLength=33554432B: must be between 64B and 16MB",
                                "sendQueueLimit=1024B: must be at least max-line-length",
                                "socketSendBuffer=-1B: must not be negative",
                                "loginTimeout=PT0S: must be positive",
                                "reloginWait=PT-1S: must not be negative",
                                "slowConsumerGrace=PT-1S: must not be negative",
                                "shutdownTimeout=PT0S: must be positive",
                                "closeLinger=PT40S: must not be negative and must be shorter than half of shutdown-timeout",
                                "problemLogInterval=PT-1S: must not be negative"));
            });
    }

    @Test
    void theDefaultsAreValid() {
        this.runner.run(context -> assertThat(context).hasNotFailed());
    }

    /** Rows of the README's table: | `chat.server.x` | `default` ... | meaning |. */
    private static Map<String, String> readmeDefaults() throws IOException {
        Pattern row = Pattern.compile("^\\| `chat\\.server\\.([a-z-]+)` \\| `([^`]+)`.*");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            Matcher matcher = row.matcher(line);
            if (matcher.matches()) {
                defaults.put(matcher.group(1), matcher.group(2));
            }
        }
        return defaults;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatServerProperties.class)
    static class Config {

    }

}
