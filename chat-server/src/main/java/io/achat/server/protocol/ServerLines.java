package io.achat.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Every line the server writes, as bytes ready for the socket. A delivery is byte for byte the
 * original's {@code from <sender>: <message>\n}; everything else starts with {@code error: } or
 * {@code info: }, so that no client can mistake it for a delivery.
 */
public final class ServerLines {

    private ServerLines() {
    }

    /** The line every recipient gets; built once per message and shared by all its recipients. */
    public static byte[] delivery(String sender, String text) {
        return ("from " + sender + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] error(String reason) {
        return ("error: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] info(String text) {
        return ("info: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

}
