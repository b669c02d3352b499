package io.achat.shell;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's settings bind with their defaults, and bad values stop it naming each setting (Bean
 * Validation: its constraint names are the codes, whatever the locale of the messages).
 */
class ChatShellPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void theDefaultsAreValid() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            ChatShellProperties properties = context.getBean(ChatShellProperties.class);
            assertThat(properties.host()).isEqualTo("localhost");
            assertThat(properties.port()).isEqualTo(8080);
            assertThat(properties.reconnect().maxAttempts()).isZero();
        });
    }

    @Test
    void everyInvalidValueIsReportedWithItsSettingAndValue() {
        this.runner.withPropertyValues("chat.shell.host= ", "chat.shell.port=0", "chat.shell.reconnect.max-attempts=-1")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(BindValidationException.class, failure -> assertThat(
                            failure.getValidationErrors().getAllErrors().stream().map(FieldError.class::cast)
                                .map(error -> error.getField() + "=" + error.getRejectedValue() + " " + error.getCode()))
                        .containsExactlyInAnyOrder("host= NotBlank", "port=0 Min", "reconnect.maxAttempts=-1 Min"));
            });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatShellProperties.class)
    static class Config {

    }

}
