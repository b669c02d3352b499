package io.achat.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the chat port the server under test listens on (tests run it on {@code chat.server.port=0}),
 * like Spring Boot's {@code @LocalServerPort} for web servers.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("#{@chatConnectionFactory.port}")
public @interface ChatPort {

}
