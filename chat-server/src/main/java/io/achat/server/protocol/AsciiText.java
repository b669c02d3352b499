package io.achat.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Text that is a slice of an ASCII line as it came off the socket: a view, not a copy. Most chat
 * lines are ASCII, and for them neither a decoded {@code String} nor a substring of the message is
 * needed: the delivery is assembled from these bytes directly (docs/benchmarks.md, allocation).
 * Like any {@link CharSequence} it defines no equality; {@link #toString()} gives the text.
 */
public final class AsciiText implements CharSequence {

    private final byte[] bytes;

    private final int from;

    private final int to;

    /** A view of {@code bytes[from, to)}, which must all be ASCII (below 0x80). */
    AsciiText(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    @Override
    public int length() {
        return this.to - this.from;
    }

    @Override
    public char charAt(int index) {
        return (char) this.bytes[this.from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new AsciiText(this.bytes, this.from + start, this.from + end);
    }

    /** Copies the text's bytes (its UTF-8 encoding, being ASCII) into {@code target} at {@code offset}. */
    void copyTo(byte[] target, int offset) {
        System.arraycopy(this.bytes, this.from, target, offset, length());
    }

    @Override
    public String toString() {
        return new String(this.bytes, this.from, length(), StandardCharsets.US_ASCII);
    }

}
