package io.achat.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

/**
 * The chat's framing. Inbound: one {@code byte[]} per line, ending stripped, or {@link #TOO_LONG}
 * for a line over the limit, so that the broker can answer it before the connection is closed
 * (the stock LF deserializer closes the socket without a word, and drops a last line that has no
 * {@code \n}). Outbound: payloads are complete lines already, often several coalesced by a peer
 * writer, and go to the socket as they are.
 */
public final class ChatLineCodec implements Deserializer<Object>, Serializer<byte[]> {

    /** The payload that stands for a line longer than the limit. */
    public static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "<line too long>";
        }
    };

    /** The payload that stands for the client's end of input (it closed or half-closed its side). */
    public static final Object END_OF_INPUT = new Object() {
        @Override
        public String toString() {
            return "<end of input>";
        }
    };

    private final int maxLineLength;

    public ChatLineCodec(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    public Object deserialize(InputStream inputStream) throws IOException {
        return ((LineInputStream) inputStream).readLine(this.maxLineLength);
    }

    @Override
    public void serialize(byte[] lines, OutputStream outputStream) throws IOException {
        outputStream.write(lines);
    }

}
