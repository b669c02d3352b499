package io.achat.server.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.achat.server.ChatStats;
import io.achat.server.ChatStats.DropReason;
import io.achat.server.delivery.PeerWriter.Ending;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer on its own, with a manual executor: each test decides when the drain runs, so
 * queueing, coalescing and the policies are checked step by step without threads or timing.
 */
class PeerWriterTest {

    final List<Runnable> pending = new ArrayList<>();

    final List<String> written = new ArrayList<>();

    final ChatStats stats = new ChatStats();

    final AtomicReference<Ending> ended = new AtomicReference<>();

    final AtomicInteger overflows = new AtomicInteger();

    boolean socketBroken;

    PeerWriter writer(long limit) {
        return new PeerWriter("c1", limit, this::send, this.pending::add, this.stats, this.ended::set,
                bytes("error: too slow\n"), this.overflows::incrementAndGet);
    }

    private boolean send(Message<?> message, long timeout) {
        if (this.socketBroken) {
            throw new MessageDeliveryException(message, "Send Failed");
        }
        this.written.add(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8));
        return true;
    }

    void runDrains() {
        while (!this.pending.isEmpty()) {
            this.pending.remove(0).run();
        }
    }

    @Test
    void queuedLinesGoOutInOrderCoalescedIntoOneWrite() {
        PeerWriter writer = writer(1024);
        writer.deliver(bytes("from a: 1\n"));
        writer.reply(bytes("error: x\n"));
        writer.deliver(bytes("from a: 2\n"));
        assertThat(this.pending).as("one drain for the whole burst").hasSize(1);
        runDrains();
        assertThat(this.written).containsExactly("from a: 1\nerror: x\nfrom a: 2\n");
        assertThat(this.stats.deliveriesWritten()).isEqualTo(2);
        assertThat(writer.finished(writer.accepted())).isTrue();
    }

    @Test
    void aFullQueueDropsEverythingQueuedSendsTheErrorLineAndEndsTheConnection() {
        PeerWriter writer = writer(25);
        assertThat(writer.deliver(bytes("from a: 1\n"))).isTrue();
        assertThat(writer.deliver(bytes("from a: 2\n"))).isTrue();
        assertThat(writer.deliver(bytes("from a: 3\n"))).as("over 25 bytes").isFalse();
        assertThat(writer.deliver(bytes("from a: 4\n"))).as("sealed").isFalse();
        assertThat(this.overflows).hasValue(1);
        runDrains();
        assertThat(this.written).containsExactly("error: too slow\n");
        assertThat(this.ended).hasValue(Ending.CLOSE);
        assertThat(this.stats.deliveriesDropped(DropReason.SLOW_CONSUMER)).isEqualTo(4);
    }

    @Test
    void endAfterWritesWhatIsQueuedThenTheLastLineThenEnds() {
        PeerWriter writer = writer(1024);
        writer.deliver(bytes("from a: 1\n"));
        writer.endAfter(bytes("info: bye\n"), Ending.CLOSE);
        assertThat(writer.deliver(bytes("from a: 2\n"))).isFalse();
        runDrains();
        assertThat(this.written).containsExactly("from a: 1\ninfo: bye\n");
        assertThat(this.ended).hasValue(Ending.CLOSE);
        assertThat(this.stats.deliveriesDropped(DropReason.DISCONNECTED)).isEqualTo(1);
    }

    /**
     * The race behind a shutdown that ran to its bound, 1 run in ~20 under load on Java 17: the
     * coordinator queues the notice; before its enqueue returns, a writer thread has written it, the
     * client has read it and ended its input, and the broker has sealed the writer with its ending.
     * Here the manual executor plays that: the first drain runs inside the enqueue, and the client's
     * end of input follows it there.
     */
    @Test
    void anEndingQueuedWhileAnotherLineIsBeingQueuedIsCarriedOut() {
        List<Runnable> later = new ArrayList<>();
        AtomicReference<PeerWriter> self = new AtomicReference<>();
        PeerWriter writer = new PeerWriter("c1", 1024, this::send, (drain) -> {
            if (this.written.isEmpty()) {
                drain.run();
                self.get().endAfter(null, Ending.CLOSE);
            }
            else {
                later.add(drain);
            }
        }, this.stats, this.ended::set, bytes("error: too slow\n"), this.overflows::incrementAndGet);
        self.set(writer);
        writer.reply(bytes("info: the server is shutting down\n"));
        assertThat(this.written).containsExactly("info: the server is shutting down\n");
        later.forEach(Runnable::run);
        assertThat(this.ended).as("the connection ends").hasValue(Ending.CLOSE);
        assertThat(writer.finished(writer.accepted())).isTrue();
    }

    @Test
    void aLineQueuedAsTheConnectionClosesIsCountedAsDroppedOnce() {
        AtomicReference<PeerWriter> self = new AtomicReference<>();
        PeerWriter writer = new PeerWriter("c1", 1024, this::send, (drain) -> self.get().closed(), this.stats,
                this.ended::set, bytes("error: too slow\n"), this.overflows::incrementAndGet);
        self.set(writer);
        writer.deliver(bytes("from a: 1\n"));
        assertThat(writer.finished(writer.accepted())).isTrue();
        assertThat(this.stats.deliveriesDropped(DropReason.DISCONNECTED)).isEqualTo(1);
    }

    @Test
    void aBrokenSocketCountsTheBatchAsDroppedOnce() {
        PeerWriter writer = writer(1024);
        writer.deliver(bytes("from a: 1\n"));
        writer.deliver(bytes("from a: 2\n"));
        this.socketBroken = true;
        runDrains();
        writer.closed();
        assertThat(this.stats.deliveriesDropped(DropReason.DISCONNECTED)).isEqualTo(2);
        assertThat(this.stats.deliveriesWritten()).isZero();
    }

    @Test
    void aCutOffCountsWhatWasQueuedAsShutdownDrops() {
        PeerWriter writer = writer(1024);
        writer.deliver(bytes("from a: 1\n"));
        writer.deliver(bytes("from a: 2\n"));
        long mark = writer.accepted();
        writer.cutOff();
        assertThat(writer.finished(mark)).isTrue();
        assertThat(this.stats.deliveriesDropped(DropReason.SHUTDOWN)).isEqualTo(2);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
