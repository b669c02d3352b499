package io.achat.server.tcp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void theBufferDoublesWhenAReadFillsItUpToItsMaximum() throws IOException {
        List<Integer> asked = new ArrayList<>();
        InputStream source = new ByteArrayInputStream(("a".repeat(99) + "\n").repeat(3).getBytes(StandardCharsets.US_ASCII)) {

            @Override
            public synchronized int read(byte[] target, int offset, int length) {
                asked.add(length);
                return super.read(target, offset, length);
            }

        };
        LineInputStream in = new LineInputStream(source, 16, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(text(in.readLine(100))).hasSize(99);
        }
        assertThat(in.readLine(100)).isSameAs(ChatLineCodec.END_OF_INPUT);
        // 300 bytes: 16 + 32 + 64 + 100 + 88, then end of stream.
        assertThat(asked).containsExactly(16, 32, 64, 100, 100, 100);
    }

    @Test
    void aBufferThatIsNeverFilledStaysAsItIs() throws IOException {
        List<Integer> asked = new ArrayList<>();
        InputStream lines = new InputStream() {

            private int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                asked.add(length);
                if (this.sent++ == 5) {
                    return -1;
                }
                target[offset] = 'x';
                target[offset + 1] = '\n';
                return 2;
            }

        };
        LineInputStream in = new LineInputStream(lines, 16, 1024);
        for (int i = 0; i < 5; i++) {
            assertThat(text(in.readLine(100))).isEqualTo("x");
        }
        assertThat(in.readLine(100)).isSameAs(ChatLineCodec.END_OF_INPUT);
        assertThat(asked).containsOnly(16);
    }

    private static LineInputStream stream(String content, int bufferSize) {
        InputStream source = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        return new LineInputStream(source, bufferSize, bufferSize);
    }

    private static String text(Object line) {
        return new String((byte[]) line, StandardCharsets.UTF_8);
    }

}
