package io.achat.server.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginNameTest {

    @Test
    void validNames() {
        assertThat(LoginName.problem("alice")).isEmpty();
        assertThat(LoginName.problem("Ölaf_99-x.y")).isEmpty();
        assertThat(LoginName.problem("🙂".repeat(32))).as("32 characters, 64 UTF-16 units").isEmpty();
    }

    @Test
    void invalidNames() {
        assertThat(LoginName.problem("")).contains("a login has 1 to 32 characters");
        assertThat(LoginName.problem("x".repeat(33))).contains("a login has 1 to 32 characters");
        assertThat(LoginName.problem("/who")).contains("a login may not start with '/'");
        for (String name : new String[] { "a b", "a,b", "a:b", "a\tb", "a\u0000b", "a\u00a0b" }) {
            assertThat(LoginName.problem(name)).as(name).contains("a login may not contain spaces, control characters, ',' or ':'");
        }
    }

}
