package io.achat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message line as the generator writes it, and its fields read back from the delivery the server
 * makes of it: the format the receivers' checks depend on.
 */
class WireTest {

    private static final byte[][] NAMES = { Wire.ascii("b0"), Wire.ascii("b1"), Wire.ascii("b2") };

    @ParameterizedTest
    @ValueSource(ints = { Wire.MIN_TEXT, Wire.MIN_TEXT + 1, Wire.MIN_TEXT + 2, 100, 3000 })
    void aMessageHasItsFieldsAtFixedOffsetsAndTheTextSize(int textBytes) {
        int[] recipients = { 2, 0 };
        ByteBuffer out = ByteBuffer.allocate(Wire.lineLength(NAMES, recipients, 2, textBytes));
        Wire.writeMessage(out, NAMES, recipients, 2, 1, 123_456_789_012L, 9_223_372_036_854_775_807L, textBytes);

        assertThat(out.hasRemaining()).isFalse();
        String line = new String(out.array(), StandardCharsets.US_ASCII);
        String fields = "0000001 123456789012 9223372036854775807";
        String padding = textBytes == Wire.MIN_TEXT ? "" : " " + "x".repeat(textBytes - Wire.MIN_TEXT - 1);
        assertThat(line).isEqualTo("b2, b0: " + fields + padding + "\n");

        byte[] delivery = ("from b1: " + line.substring("b2, b0: ".length(), line.length() - 1))
            .getBytes(StandardCharsets.US_ASCII);
        int text = Wire.deliveryText(delivery, 0, delivery.length);
        assertThat(Wire.sender(delivery, text)).isEqualTo(1);
        assertThat(Wire.sequence(delivery, text)).isEqualTo(123_456_789_012L);
        assertThat(Wire.nanos(delivery, text)).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, 7, 10, 99, 100, 1_000_001, 987_654_321_098L })
    void numbersAreZeroPaddedToTheirWidth(long sequence) {
        int[] recipients = { 0 };
        ByteBuffer out = ByteBuffer.allocate(Wire.lineLength(NAMES, recipients, 1, Wire.MIN_TEXT));
        Wire.writeMessage(out, NAMES, recipients, 1, 42, sequence, 5, Wire.MIN_TEXT);

        String line = new String(out.array(), StandardCharsets.US_ASCII);
        assertThat(line).isEqualTo("b0: 0000042 " + String.format("%012d", sequence) + " " + String.format("%019d", 5)
                + "\n");
    }

}
