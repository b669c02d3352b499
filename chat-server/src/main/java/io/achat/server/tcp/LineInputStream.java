package io.achat.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.Arrays;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * A connection's input, buffered, and cut into lines by scanning the buffer in bulk.
 * <p>
 * The stock Net connection hands the deserializer the raw socket stream, which reads one byte per
 * system call; {@code BufferedInputStream} would fix that but takes a lock per byte. Only the
 * connection's reader thread ever touches this stream, so it needs no locking at all.
 * <p>
 * The buffer starts small and doubles, up to its maximum, each time a read fills it: a connection
 * that sends a line now and then (most of them) holds a small buffer for its whole life, while one
 * that sends bursts soon reads them in large pieces. 10,000 idle clients took a quarter less memory
 * than with a fixed 8 KB (docs/benchmarks.md, "Growing read buffers").
 */
final class LineInputStream extends InputStream {

    private final InputStream socket;

    private final int maxBufferSize;

    private byte[] buffer;

    private int position;

    private int limit;

    private boolean eof;

    private boolean endReported;

    LineInputStream(InputStream socket, int initialBufferSize, int maxBufferSize) {
        this.socket = socket;
        this.buffer = new byte[initialBufferSize];
        this.maxBufferSize = Math.max(initialBufferSize, maxBufferSize);
    }

    /**
     * The next line without its {@code \n} or {@code \r\n}; a last line without {@code \n} before
     * end of stream counts as a line. Returns {@link ChatLineCodec#TOO_LONG} as soon as the line
     * exceeds {@code maxLength} bytes, leaving the rest of it unread. At end of stream it returns
     * {@link ChatLineCodec#END_OF_INPUT} once, so that the broker can flush what is queued for the
     * client before the connection closes, and then ends the stream.
     */
    Object readLine(int maxLength) throws IOException {
        byte[] partial = null;
        int partialLength = 0;
        while (true) {
            if (this.position == this.limit && !fill()) {
                if (partialLength > 0) {
                    return finish(partial, partialLength, maxLength);
                }
                if (!this.endReported) {
                    this.endReported = true;
                    return ChatLineCodec.END_OF_INPUT;
                }
                throw new SoftEndOfStreamException("Stream closed between lines");
            }
            int newline = indexOfNewline();
            int end = newline >= 0 ? newline : this.limit;
            int chunk = end - this.position;
            // One byte of slack for the '\r' of a CRLF line that is exactly maxLength long.
            if (partialLength + chunk > maxLength + 1) {
                this.position = newline >= 0 ? newline + 1 : end;
                return ChatLineCodec.TOO_LONG;
            }
            if (newline >= 0 && partialLength == 0) {
                byte[] line = Arrays.copyOfRange(this.buffer, this.position, newline);
                this.position = newline + 1;
                return finish(line, line.length, maxLength);
            }
            if (partial == null) {
                partial = new byte[Math.min(maxLength + 1, Math.max(chunk * 2, 256))];
            }
            else if (partial.length < partialLength + chunk) {
                partial = Arrays.copyOf(partial, Math.min(maxLength + 1, Math.max(partial.length * 2, partialLength + chunk)));
            }
            System.arraycopy(this.buffer, this.position, partial, partialLength, chunk);
            partialLength += chunk;
            this.position = newline >= 0 ? newline + 1 : end;
            if (newline >= 0) {
                return finish(partial, partialLength, maxLength);
            }
        }
    }

    private static Object finish(byte[] bytes, int length, int maxLength) {
        int content = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
        if (content > maxLength) {
            return ChatLineCodec.TOO_LONG;
        }
        return content == bytes.length ? bytes : Arrays.copyOf(bytes, content);
    }

    private int indexOfNewline() {
        for (int i = this.position; i < this.limit; i++) {
            if (this.buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        // Everything read so far is handled: wake the writers it queued lines for before blocking.
        ReadBatch.runHeld();
        if (this.eof) {
            return false;
        }
        if (this.limit == this.buffer.length && this.buffer.length < this.maxBufferSize) {
            // The last read filled the buffer; all of it was consumed or copied into a partial line.
            this.buffer = new byte[Math.min(this.maxBufferSize, this.buffer.length * 2)];
        }
        int n;
        try {
            n = this.socket.read(this.buffer, 0, this.buffer.length);
        }
        catch (SocketException ex) {
            // A reset or a socket we closed ourselves: an ordinary end of the connection, not an error to log.
            throw new SoftEndOfStreamException("Connection ended: " + ex.getMessage());
        }
        if (n < 0) {
            this.eof = true;
            return false;
        }
        this.position = 0;
        this.limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (this.position == this.limit && !fill()) {
            return -1;
        }
        return this.buffer[this.position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (this.position == this.limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, this.limit - this.position);
        System.arraycopy(this.buffer, this.position, target, offset, n);
        this.position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (this.limit - this.position) + this.socket.available();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
