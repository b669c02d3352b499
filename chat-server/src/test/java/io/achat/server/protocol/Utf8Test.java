package io.achat.server.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @Test
    void decodesWellFormedText() {
        assertThat(Utf8.textOrNull("plain".getBytes(StandardCharsets.UTF_8))).hasToString("plain");
        assertThat(Utf8.textOrNull("grüße 世界 🙂".getBytes(StandardCharsets.UTF_8))).hasToString("grüße 世界 🙂");
    }

    @Test
    void rejectsMalformedBytesInsteadOfReplacingThem() {
        assertThat(Utf8.textOrNull(new byte[] { (byte) 0xC3, 0x28 })).isNull();
        assertThat(Utf8.textOrNull(new byte[] { (byte) 0xFF })).isNull();
        assertThat(Utf8.textOrNull(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })).as("a lone surrogate").isNull();
        assertThat(Utf8.textOrNull(new byte[] { (byte) 0xE2, (byte) 0x82 })).as("truncated").isNull();
    }

}
