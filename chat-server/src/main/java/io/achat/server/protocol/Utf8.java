package io.achat.server.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: {@code new String(bytes, UTF_8)} would silently turn bad bytes into U+FFFD. */
public final class Utf8 {

    private Utf8() {
    }

    /** The text of {@code bytes}, or {@code null} when they are not well-formed UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        if (isAscii(bytes)) {
            // Most chat lines are ASCII; the JDK's own fast path decodes them without a decoder object.
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        }
        catch (CharacterCodingException ex) {
            return null;
        }
    }

    /**
     * The text of {@code bytes} for parsing: a view of them if they are ASCII (no copy), the decoded
     * {@code String} otherwise, or {@code null} when they are not well-formed UTF-8.
     */
    public static CharSequence textOrNull(byte[] bytes) {
        return isAscii(bytes) ? new AsciiText(bytes, 0, bytes.length) : decodeOrNull(bytes);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

}
