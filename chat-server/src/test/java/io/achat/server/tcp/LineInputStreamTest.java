package io.achat.server.tcp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LineInputStreamTest {

    @Test
    void splitsOnNewlineStripsCarriageReturnAndKeepsALastLineWithoutNewline() throws IOException {
        LineInputStream in = stream("one\ntwo\r\n\nlast", 4);
        assertThat(text(in.readLine(100))).isEqualTo("one");
        assertThat(text(in.readLine(100))).isEqualTo("two");
        assertThat(text(in.readLine(100))).isEmpty();
        assertThat(text(in.readLine(100))).isEqualTo("last");
        assertThat(in.readLine(100)).isSameAs(ChatLineCodec.END_OF_INPUT);
        assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> in.readLine(100));
    }

    @Test
    void linesLongerThanTheReadBufferAreJoined() throws IOException {
        String longLine = "x".repeat(1000);
        LineInputStream in = stream(longLine + "\n" + longLine + "\r\n", 7);
        assertThat(text(in.readLine(1000))).isEqualTo(longLine);
        assertThat(text(in.readLine(1000))).isEqualTo(longLine);
    }

    @Test
    void aLineOverTheLimitIsReportedWithoutReadingIt() throws IOException {
        assertThat(stream("x".repeat(11) + "\n", 64).readLine(10)).isSameAs(ChatLineCodec.TOO_LONG);
        assertThat(stream("x".repeat(11) + "\r\n", 64).readLine(10)).isSameAs(ChatLineCodec.TOO_LONG);
        assertThat(stream("x".repeat(100_000), 64).readLine(10)).isSameAs(ChatLineCodec.TOO_LONG);
        assertThat(text(stream("x".repeat(10) + "\r\n", 3).readLine(10))).isEqualTo("x".repeat(10));
        assertThat(stream("x".repeat(11), 3).readLine(10)).as("at end of stream too").isSameAs(ChatLineCodec.TOO_LONG);
    }

    @Test
    void anEmptyStreamReportsItsEndThenEndsSoftly() throws IOException {
        LineInputStream in = stream("", 8);
        assertThat(in.readLine(10)).isSameAs(ChatLineCodec.END_OF_INPUT);
        assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> in.readLine(10));
    }

    private static LineInputStream stream(String content, int bufferSize) {
        InputStream source = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        return new LineInputStream(source, bufferSize);
    }

    private static String text(Object line) {
        return new String((byte[]) line, StandardCharsets.UTF_8);
    }

}
