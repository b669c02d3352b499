package io.achat.server.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: {@code new String(bytes, UTF_8)} would silently turn bad bytes into U+FFFD. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The text of {@code bytes}: a view of them if they are ASCII (most chat lines; no copy), the
     * decoded {@code String} otherwise, or {@code null} when they are not well-formed UTF-8.
     */
    public static CharSequence textOrNull(byte[] bytes) {
        if (isAscii(bytes)) {
            return new AsciiText(bytes, 0, bytes.length);
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

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

}
