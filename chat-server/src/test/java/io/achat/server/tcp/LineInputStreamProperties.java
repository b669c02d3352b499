package io.achat.server.tcp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The line reader against a plain model of the protocol's framing, over arbitrary bytes arriving in
 * arbitrary pieces: lines end at {@code \n}, lose one trailing {@code \r}, a last line without
 * {@code \n} counts, and a line over the limit is reported as such (the server then closes).
 */
class LineInputStreamProperties {

    @Property(tries = 3000)
    void readsWhatTheModelSaysWhateverTheBuffersAndPieces(@ForAll("input") byte[] input,
            @ForAll @IntRange(min = 1, max = 40) int bufferSize, @ForAll @IntRange(min = 1, max = 30) int maxLength,
            @ForAll @IntRange(min = 1, max = 17) int piece, @ForAll @IntRange(min = 1, max = 4) int growth)
            throws IOException {
        LineInputStream in = new LineInputStream(new Trickle(input, piece), bufferSize, bufferSize * growth);
        for (Object expected : model(input, maxLength)) {
            Object actual = in.readLine(maxLength);
            if (expected == ChatLineCodec.TOO_LONG) {
                assertThat(actual).isSameAs(ChatLineCodec.TOO_LONG);
                return; // the connection is closed here; nothing after it is read
            }
            assertThat(actual).isInstanceOf(byte[].class);
            assertThat((byte[]) actual).isEqualTo((byte[]) expected);
        }
        assertThat(in.readLine(maxLength)).isSameAs(ChatLineCodec.END_OF_INPUT);
        assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> in.readLine(maxLength));
    }

    /** Bytes with many line ends, carriage returns and NULs among arbitrary others. */
    @Provide
    Arbitrary<byte[]> input() {
        Arbitrary<Byte> special = Arbitraries.of((byte) '\n', (byte) '\r', (byte) 0, (byte) 'x', (byte) 0xC3);
        return Arbitraries.oneOf(special, Arbitraries.bytes()).list().ofMaxSize(120).map(bytes -> {
            byte[] array = new byte[bytes.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = bytes.get(i);
            }
            return array;
        });
    }

    private static List<Object> model(byte[] input, int maxLength) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            boolean end = i == input.length;
            if (end && start == input.length) {
                break;
            }
            if (end || input[i] == '\n') {
                byte[] line = Arrays.copyOfRange(input, start, i);
                if (line.length > 0 && line[line.length - 1] == '\r') {
                    line = Arrays.copyOf(line, line.length - 1);
                }
                lines.add(line.length > maxLength ? ChatLineCodec.TOO_LONG : line);
                start = i + 1;
            }
        }
        return lines;
    }

    /** A socket that hands out at most {@code piece} bytes per read, as TCP segments arrive. */
    private static final class Trickle extends InputStream {

        private final ByteArrayInputStream bytes;

        private final int piece;

        Trickle(byte[] input, int piece) {
            this.bytes = new ByteArrayInputStream(input);
            this.piece = piece;
        }

        @Override
        public int read() {
            return this.bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return this.bytes.read(buffer, offset, Math.min(length, this.piece));
        }

    }

}
