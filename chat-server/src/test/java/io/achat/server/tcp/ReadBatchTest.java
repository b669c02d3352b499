package io.achat.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader's batch, driven by a real {@link LineInputStream}: what its lines wake is held until
 * the stream goes back to its socket, and only on the reader's own thread.
 */
class ReadBatchTest {

    final List<String> log = new ArrayList<>();

    ReadBatch batch;

    @AfterEach
    void closeBatch() {
        if (this.batch != null) {
            this.batch.close();
        }
    }

    @Test
    void tasksHeldWhileLinesAreBufferedRunBeforeTheNextSocketRead() throws IOException {
        this.batch = ReadBatch.open();
        // Two reads: "a\nb\n", then "c\n".
        LineInputStream in = new LineInputStream(socket("a\nb\n", "c\n"), 4, 4);

        in.readLine(10);
        ReadBatch.afterRead(() -> this.log.add("woken by a"));
        in.readLine(10);
        ReadBatch.afterRead(() -> this.log.add("woken by b"));
        assertThat(this.log).as("b came from the buffer: no read yet").containsExactly("read 1");

        in.readLine(10);
        assertThat(this.log).as("both ran just before the reader went back to its socket")
            .containsExactly("read 1", "woken by a", "woken by b", "read 2");
    }

    @Test
    void closingTheBatchRunsWhatIsHeldAndLeavesTheThreadWithoutOne() {
        this.batch = ReadBatch.open();
        ReadBatch.afterRead(() -> this.log.add("held"));
        this.batch.close();
        this.batch = null;
        assertThat(this.log).containsExactly("held");

        ReadBatch.afterRead(() -> this.log.add("at once"));
        assertThat(this.log).as("a pooled thread's next task is not a reader's").containsExactly("held", "at once");
    }

    @Test
    void onAnyOtherThreadATaskRunsAtOnce() {
        this.batch = ReadBatch.open();
        CompletableFuture.runAsync(() -> ReadBatch.afterRead(() -> this.log.add("timer"))).join();
        assertThat(this.log).containsExactly("timer");
    }

    /** A socket's input that returns each chunk from one read, and logs the read. */
    private InputStream socket(String... chunks) {
        List<byte[]> reads = new ArrayList<>();
        for (String chunk : chunks) {
            reads.add(chunk.getBytes(StandardCharsets.US_ASCII));
        }
        return new InputStream() {

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (reads.isEmpty()) {
                    return -1;
                }
                byte[] chunk = reads.remove(0);
                ReadBatchTest.this.log.add("read " + (chunks.length - reads.size()));
                System.arraycopy(chunk, 0, target, offset, chunk.length);
                return chunk.length;
            }

        };
    }

}
