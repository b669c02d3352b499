package io.achat.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every line the server writes, as bytes ready for the socket. A delivery is byte for byte the
 * original's {@code from <sender>: <message>\n}; everything else starts with {@code error: } or
 * {@code info: }, so that no client can mistake it for a delivery.
 */
public final class ServerLines {

    private ServerLines() {
    }

    /** {@code from <sender>: }, which a session computes once, at login. */
    public static byte[] deliveryPrefix(String sender) {
        return ("from " + sender + ": ").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The line every recipient gets, built once per message and shared by all its recipients, from
     * its sender's {@link #deliveryPrefix prefix}: one allocation for ASCII text (most chat lines),
     * copied straight from the line the sender wrote when it is an {@link AsciiText}; any other text
     * goes through the UTF-8 encoder.
     */
    public static byte[] delivery(byte[] prefix, CharSequence text) {
        int length = text.length();
        byte[] line = Arrays.copyOf(prefix, prefix.length + length + 1);
        line[line.length - 1] = '\n';
        if (text instanceof AsciiText ascii) {
            ascii.copyTo(line, prefix.length);
            return line;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return encoded(prefix, text.toString());
            }
            line[prefix.length + i] = (byte) c;
        }
        return line;
    }

    private static byte[] encoded(byte[] prefix, String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(prefix, prefix.length + encoded.length + 1);
        System.arraycopy(encoded, 0, line, prefix.length, encoded.length);
        line[line.length - 1] = '\n';
        return line;
    }

    public static byte[] error(String reason) {
        return ("error: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] info(String text) {
        return ("info: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

}
