package io.achat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's lines, written and parsed in place without allocating. A message's text is
 * fixed-width, so that the receiver finds each field at a known offset:
 * <pre>
 * b12, b13: 0000012 000000000042 0000123456789012345 xxxxxxxx…      (sent)
 * from b11: 0000012 000000000042 0000123456789012345 xxxxxxxx…      (delivered)
 *           sender  sequence     System.nanoTime()   padding to the text size
 * </pre>
 */
final class Wire {

    private static final int SENDER_DIGITS = 7;

    private static final int SEQUENCE_DIGITS = 12;

    private static final int TIME_DIGITS = 19;

    private static final int SEQUENCE_AT = SENDER_DIGITS + 1;

    private static final int TIME_AT = SEQUENCE_AT + SEQUENCE_DIGITS + 1;

    /** The smallest text that holds the three fields. */
    static final int MIN_TEXT = TIME_AT + TIME_DIGITS;

    private static final byte[] FROM = ascii("from ");

    private static final byte[] SEPARATOR = ascii(", ");

    private static final byte[] COLON = ascii(": ");

    /**
     * The generator writes ~1 M messages/s on the core it shares with the server: padding is copied
     * in bulk and numbers are formatted two digits per division (per-byte puts and a division per digit
     * were a tenth of its CPU, by perf).
     */
    private static final byte[] PADDING = ascii("x".repeat(1024));

    private static final byte[] DIGIT_PAIRS = digitPairs();

    private Wire() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The length of a message line ({@code \n} included) to these recipients. */
    static int lineLength(byte[][] names, int[] recipients, int count, int textBytes) {
        int length = textBytes + COLON.length + 1;
        for (int i = 0; i < count; i++) {
            length += names[recipients[i]].length + (i > 0 ? SEPARATOR.length : 0);
        }
        return length;
    }

    /** Writes one message line; the caller made sure it fits ({@link #lineLength}). */
    static void writeMessage(ByteBuffer out, byte[][] names, int[] recipients, int count, int sender, long sequence,
            long nanos, int textBytes) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.put(SEPARATOR);
            }
            out.put(names[recipients[i]]);
        }
        out.put(COLON);
        int text = out.position();
        digits(out, sender, SENDER_DIGITS);
        out.put((byte) ' ');
        digits(out, sequence, SEQUENCE_DIGITS);
        out.put((byte) ' ');
        digits(out, nanos, TIME_DIGITS);
        if (textBytes > MIN_TEXT) {
            out.put((byte) ' ');
            for (int left = textBytes - MIN_TEXT - 1; left > 0; left -= PADDING.length) {
                out.put(PADDING, 0, Math.min(left, PADDING.length));
            }
        }
        out.put((byte) '\n');
    }

    /**
     * Where a delivery's text starts in {@code line[from, to)}, or -1 if the line is not a delivery
     * of a benchmark message.
     */
    static int deliveryText(byte[] line, int from, int to) {
        if (to - from < FROM.length + COLON.length + MIN_TEXT || !startsWith(line, from, FROM)) {
            return -1;
        }
        for (int i = from + FROM.length; i < to - 1 - MIN_TEXT; i++) {
            if (line[i] == ':' && line[i + 1] == ' ') {
                return i + 2;
            }
        }
        return -1;
    }

    static int sender(byte[] line, int text) {
        return (int) number(line, text, SENDER_DIGITS);
    }

    static long sequence(byte[] line, int text) {
        return number(line, text + SEQUENCE_AT, SEQUENCE_DIGITS);
    }

    static long nanos(byte[] line, int text) {
        return number(line, text + TIME_AT, TIME_DIGITS);
    }

    static boolean startsWith(byte[] line, int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (line[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The digits at {@code line[at, at + width)}, or -1 if one of them is not a digit. */
    private static long number(byte[] line, int at, int width) {
        long value = 0;
        for (int i = at; i < at + width; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** {@code value}'s last {@code width} decimal digits, zero-padded, two per division. */
    private static void digits(ByteBuffer out, long value, int width) {
        int start = out.position();
        int i = start + width;
        for (; i - 2 >= start; i -= 2) {
            int pair = (int) (value % 100) * 2;
            value /= 100;
            out.put(i - 1, DIGIT_PAIRS[pair + 1]);
            out.put(i - 2, DIGIT_PAIRS[pair]);
        }
        if (i > start) {
            out.put(start, (byte) ('0' + value % 10));
        }
        out.position(start + width);
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int n = 0; n < 100; n++) {
            pairs[2 * n] = (byte) ('0' + n / 10);
            pairs[2 * n + 1] = (byte) ('0' + n % 10);
        }
        return pairs;
    }

}
