package io.achat.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

/**
 * One NIO event loop, on the thread that calls {@link #run()}, and the clients it serves: a run has
 * one or several ({@link EventLoops}), each with clients of its own, so that a loop needs no locks.
 * Per line received it parses the fixed-width fields in place and touches only primitive state; a
 * client's messages are written into its own reused buffer, so the hot path allocates nothing.
 * <p>
 * Checks, per receiving client and sender: ring pattern, every sequence number once and in order;
 * random pattern, sequence numbers increasing. Lost is what was sent times its recipients minus
 * what arrived, once everything in flight had time to arrive.
 */
final class LoadGenerator {

    /** Connections being set up at once: well under the server's listen backlog. */
    private static final int CONNECTING_AT_ONCE = 512;

    private static final Duration STALL = Duration.ofSeconds(30);

    /** Unexpected lines kept as samples, per loop, and per run once the loops are added up. */
    static final int SAMPLES = 5;

    private final Scenario scenario;

    private final InetSocketAddress server;

    private final Optional<ProcessWatch> serverWatch;

    private final Duration settle;

    private final Client[] clients;

    private final byte[][] names;

    private final Selector selector;

    /**
     * Handles each ready key; made once, since {@code select(Consumer)} then allocates nothing, where
     * iterating the selected-key set allocated an iterator per poll: the generator's only steady
     * allocation, whose young collections (7 ms pauses) showed up in the server's latency tail.
     */
    private final Consumer<SelectionKey> ready = this::ready;

    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

    private final SplittableRandom random;

    /** Nanoseconds, 1 µs to 1 min, 3 significant digits. */
    private final Histogram latency = new Histogram(TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1), 3);

    private final int[] recipients;

    private final long epoch = System.nanoTime();

    private long now;

    private final ProcessWatch self = ProcessWatch.self();

    /** Where the loops of a run wait for each other: all logged in, then all loading at once. */
    private final CyclicBarrier together;

    private long loadStart;

    private long measureFrom = Long.MAX_VALUE;

    private long measureTo = Long.MAX_VALUE;

    private boolean sending;

    private int loggedIn;

    private long expected;

    private long received;

    private long measured;

    private long measuredBytes;

    private long duplicated;

    private long reordered;

    private long unexpected;

    private final List<String> samples = new ArrayList<>();

    private int nextOpenLoopSender;

    private long openLoopSent;

    /**
     * @param scenario this loop's share of the run: its clients send to each other only
     * @param firstName the number in the first client's login name, {@code <prefix><firstName>}
     * @param settle after the last message: how long to wait for missing deliveries, counted from the
     * last one that arrived, before they are counted as lost
     * @param together shared by the loops of a run
     */
    LoadGenerator(Scenario scenario, InetSocketAddress server, String prefix, int firstName,
            Optional<ProcessWatch> serverWatch, Duration settle, CyclicBarrier together) throws IOException {
        this.scenario = scenario;
        this.settle = settle;
        this.server = server;
        this.serverWatch = serverWatch;
        this.together = together;
        this.random = new SplittableRandom(20261122 + firstName);
        this.clients = new Client[scenario.clients()];
        this.names = new byte[scenario.clients()][];
        this.recipients = new int[scenario.recipients()];
        for (int i = 0; i < this.clients.length; i++) {
            this.names[i] = Wire.ascii(prefix + (firstName + i));
        }
        int longestLine = Wire.lineLength(this.names, longestNames(), scenario.recipients(), scenario.messageBytes());
        for (int i = 0; i < this.clients.length; i++) {
            this.clients[i] = new Client(i, Math.max(2, scenario.window()) * longestLine);
        }
        this.selector = Selector.open();
    }

    /** What one loop counted; {@link EventLoops} adds up the loops of a run. */
    record Tally(int clients, double loginSeconds, long measured, long measuredBytes, long measuredNanos,
            Histogram latency, long lost, long duplicated, long reordered, long unexpected, List<String> samples,
            Snapshot from, Snapshot to) {
    }

    /** CPU of both processes and the server's memory, at one instant; -1 where the server is not watched. */
    record Snapshot(long nanos, long serverCpu, long serverRss, long generatorCpu) {
    }

    Tally run() throws IOException {
        try {
            long start = System.nanoTime();
            logIn();
            double loginSeconds = (System.nanoTime() - start) / 1e9;
            awaitTheOtherLoops();
            Snapshot idle = snapshot();
            hold();
            checks();
            awaitTheOtherLoops();
            // A run without load measures its idle clients: CPU over the hold, memory at its end.
            Snapshot[] measured = load();
            Snapshot from = measured != null ? measured[0] : idle;
            Snapshot to = measured != null ? measured[1] : snapshot();
            settle();
            long lost = Math.max(0, this.expected - (this.received - this.duplicated));
            return new Tally(this.clients.length, loginSeconds, this.measured, this.measuredBytes,
                    measured != null ? to.nanos() - from.nanos() : 0, this.latency, lost, this.duplicated,
                    this.reordered, this.unexpected, List.copyOf(this.samples), from, to);
        }
        finally {
            close();
        }
    }

    private void awaitTheOtherLoops() throws IOException {
        try {
            this.together.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("another event loop of this run failed");
        }
        catch (BrokenBarrierException ex) {
            throw new InterruptedIOException("another event loop of this run failed");
        }
    }

    /** Connects and logs in every client, a bounded number at a time. */
    private void logIn() throws IOException {
        int next = 0;
        int pending = 0;
        long lastProgress = System.nanoTime();
        while (this.loggedIn < this.clients.length) {
            while (next < this.clients.length && pending < CONNECTING_AT_ONCE) {
                this.clients[next++].connect();
                pending++;
            }
            int before = this.loggedIn;
            poll(100);
            pending -= this.loggedIn - before;
            if (this.loggedIn > before) {
                lastProgress = this.now;
            }
            else if (this.now - lastProgress > STALL.toNanos()) {
                throw new IOException(this.loggedIn + " of " + this.clients.length + " clients logged in, then none for "
                        + STALL.toSeconds() + " s");
            }
        }
    }

    /** Logged-in clients sitting idle, as most of a chat server's connections do. */
    private void hold() throws IOException {
        long end = System.nanoTime() + this.scenario.hold().toNanos();
        while (System.nanoTime() < end) {
            poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
    }

    /** Single messages between random clients, each awaited: is every one of many idle connections still served? */
    private void checks() throws IOException {
        for (int i = 0; i < this.scenario.checks(); i++) {
            int sender = this.random.nextInt(this.clients.length);
            this.now = System.nanoTime();
            this.measureFrom = Math.min(this.measureFrom, this.now);
            this.clients[sender].send(1);
            settle();
        }
        this.measureTo = System.nanoTime();
    }

    /**
     * Warm-up, then the measured part; closed loop driven by deliveries, open loop by the clock.
     * Returns the snapshots at the start and end of the measured part, or null without load.
     */
    private Snapshot[] load() throws IOException {
        Duration length = this.scenario.warmup().plus(this.scenario.duration());
        if (length.isZero() && this.scenario.messages() == 0) {
            return null;
        }
        this.loadStart = System.nanoTime();
        this.measureFrom = this.loadStart + this.scenario.warmup().toNanos();
        this.measureTo = length.isZero() ? Long.MAX_VALUE : this.loadStart + length.toNanos();
        this.sending = true;
        this.now = this.loadStart;
        Snapshot first = this.scenario.warmup().isZero() ? snapshot() : null;
        if (!this.scenario.isOpenLoop()) {
            for (Client client : this.clients) {
                client.fill();
            }
        }
        while (this.now < this.measureTo && (this.scenario.messages() == 0 || !allSent())) {
            if (this.scenario.isOpenLoop()) {
                openLoopSend();
                poll(1);
            }
            else {
                poll(100);
            }
            if (first == null && this.now >= this.measureFrom) {
                first = snapshot();
            }
        }
        this.sending = false;
        if (this.scenario.isOpenLoop()) {
            checkRateKept();
        }
        if (this.measureTo == Long.MAX_VALUE) {
            // Counted in messages, not time: the measured part lasts until the last delivery.
            settle();
        }
        Snapshot last = snapshot();
        this.measureTo = Math.min(this.measureTo, last.nanos());
        return new Snapshot[] { first != null ? first : last, last };
    }

    /**
     * An open loop that sent less than its rate asked for measured a lighter load than it reports: the
     * run fails, whether the generator or the server (sockets full) could not keep up. Counted at the end
     * of the load, so that a last send that overran it counts against the rate; 20 ms worth of messages
     * (a stall of the generator's own at the end) and 1% of the total are allowed to be still unsent.
     */
    private void checkRateKept() {
        long due = (long) ((Math.min(this.now, this.measureTo) - this.loadStart) / 1e9 * this.scenario.rate());
        long allowed = this.scenario.rate() / 50 + due / 100;
        if (due - this.openLoopSent > allowed) {
            unexpected(String.format(Locale.ROOT, "open loop behind its rate: sent %,d of %,d messages due (%.0f%%); "
                    + "the generator or the server could not keep up", this.openLoopSent, due,
                    100.0 * this.openLoopSent / due));
        }
    }

    /** Waits for what is in flight: until every delivery sent arrived, or nothing arrived for a while. */
    private void settle() throws IOException {
        long lastProgress = System.nanoTime();
        long before = this.received;
        while (this.received - this.duplicated < this.expected && System.nanoTime() - lastProgress < this.settle.toNanos()) {
            poll(100);
            if (this.received > before) {
                before = this.received;
                lastProgress = this.now;
            }
        }
    }

    private boolean allSent() {
        for (Client client : this.clients) {
            if (client.sequence < this.scenario.messages()) {
                return false;
            }
        }
        return true;
    }

    private void openLoopSend() throws IOException {
        long due = (long) ((this.now - this.loadStart) / 1e9 * this.scenario.rate());
        int busy = 0;
        while (this.openLoopSent < due && busy < this.clients.length) {
            Client client = this.clients[this.nextOpenLoopSender];
            this.nextOpenLoopSender = (this.nextOpenLoopSender + 1) % this.clients.length;
            if (client.send(1) == 0) {
                // Its socket is full (the server is behind): the message goes to the next client.
                busy++;
                continue;
            }
            busy = 0;
            this.openLoopSent++;
        }
    }

    private void poll(long timeoutMillis) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // EventLoops stops the other loops when one fails; an interrupted select would return at once.
            throw new InterruptedIOException("another event loop of this run failed");
        }
        try {
            this.selector.select(this.ready, timeoutMillis);
        }
        catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
        this.now = System.nanoTime();
    }

    /** One ready key, stamped with its own time, so that a delivery's latency ends when it is read. */
    private void ready(SelectionKey key) {
        this.now = System.nanoTime();
        Client client = (Client) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                client.connected();
            }
            else {
                if (key.isWritable()) {
                    client.flush();
                }
                if (key.isValid() && key.isReadable()) {
                    client.read();
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void unexpected(String what) {
        this.unexpected++;
        if (this.samples.size() < SAMPLES) {
            this.samples.add(what);
        }
    }

    private Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), this.serverWatch.map(ProcessWatch::cpuNanos).orElse(-1L),
                this.serverWatch.map(ProcessWatch::rssBytes).orElse(-1L), this.self.cpuNanos());
    }

    private int[] longestNames() {
        int[] longest = new int[this.scenario.recipients()];
        Arrays.fill(longest, this.clients.length - 1);
        return longest;
    }

    private void close() {
        for (Client client : this.clients) {
            client.close();
        }
        try {
            this.selector.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }

    /** One connection: its parse state, what it last received from each sender, its message buffer. */
    private final class Client {

        private final int index;

        private final ByteBuffer out;

        private SocketChannel channel;

        private SelectionKey key;

        private boolean loggedIn;

        /** A line split across reads, kept until its end arrives. */
        private byte[] carry = new byte[256];

        private int carryLength;

        /** Per sender, the last sequence number received; allocated at the first delivery. */
        private long[] last;

        private long sequence;

        /** Deliveries of this client's messages that have not arrived yet. */
        private long inFlight;

        Client(int index, int bufferSize) {
            this.index = index;
            this.out = ByteBuffer.allocate(bufferSize);
            this.out.flip();
        }

        void connect() throws IOException {
            this.channel = SocketChannel.open();
            this.channel.configureBlocking(false);
            this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            this.key = this.channel.register(LoadGenerator.this.selector, SelectionKey.OP_CONNECT, this);
            if (this.channel.connect(LoadGenerator.this.server)) {
                connected();
            }
        }

        void connected() throws IOException {
            this.channel.finishConnect();
            this.key.interestOps(SelectionKey.OP_READ);
            this.out.clear();
            this.out.put(LoadGenerator.this.names[this.index]).put((byte) '\n').flip();
            flush();
        }

        void read() throws IOException {
            ByteBuffer buffer = LoadGenerator.this.readBuffer;
            buffer.clear();
            int n;
            try {
                n = this.channel.read(buffer);
            }
            catch (IOException ex) {
                n = -1;
            }
            if (n < 0) {
                unexpected("connection of " + name() + " closed by the server");
                this.key.cancel();
                return;
            }
            byte[] bytes = buffer.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (this.carryLength > 0) {
                    append(bytes, from, i);
                    line(this.carry, 0, this.carryLength);
                    this.carryLength = 0;
                }
                else {
                    line(bytes, from, i);
                }
                from = i + 1;
            }
            append(bytes, from, n);
        }

        private void append(byte[] bytes, int from, int to) {
            int length = to - from;
            if (this.carryLength + length > this.carry.length) {
                this.carry = Arrays.copyOf(this.carry, Math.max(2 * this.carry.length, this.carryLength + length));
            }
            System.arraycopy(bytes, from, this.carry, this.carryLength, length);
            this.carryLength += length;
        }

        private void line(byte[] line, int from, int to) {
            int text = Wire.deliveryText(line, from, to);
            if (text < 0) {
                if (!this.loggedIn && new String(line, from, to - from, StandardCharsets.UTF_8).startsWith("info: logged in as ")) {
                    this.loggedIn = true;
                    LoadGenerator.this.loggedIn++;
                }
                else {
                    unexpected(name() + " got: " + new String(line, from, to - from, StandardCharsets.UTF_8));
                }
                return;
            }
            int sender = Wire.sender(line, text);
            long sequence = Wire.sequence(line, text);
            long nanos = Wire.nanos(line, text);
            if (sender < 0 || sender >= LoadGenerator.this.clients.length || sequence < 0 || nanos < 0) {
                unexpected(name() + " got: " + new String(line, from, to - from, StandardCharsets.UTF_8));
                return;
            }
            delivered(sender, sequence, LoadGenerator.this.epoch + nanos, to - from + 1);
        }

        private void delivered(int sender, long sequence, long sentAt, int bytes) {
            LoadGenerator generator = LoadGenerator.this;
            if (this.last == null) {
                this.last = new long[generator.clients.length];
                Arrays.fill(this.last, -1);
            }
            long last = this.last[sender];
            generator.received++;
            if (sequence == last || (generator.scenario.pattern() == Scenario.Pattern.RING && sequence < last)) {
                generator.duplicated++;
                return;
            }
            boolean inOrder = generator.scenario.pattern() == Scenario.Pattern.RING ? sequence == last + 1
                    : sequence > last;
            if (!inOrder) {
                generator.reordered++;
            }
            this.last[sender] = Math.max(last, sequence);
            if (generator.now >= generator.measureFrom && generator.now <= generator.measureTo) {
                generator.measured++;
                generator.measuredBytes += bytes;
            }
            if (sentAt >= generator.measureFrom && sentAt <= generator.measureTo) {
                generator.latency.recordValue(Math.min(Math.max(generator.now - sentAt, 1000),
                        generator.latency.getHighestTrackableValue()));
            }
            Client from = generator.clients[sender];
            from.inFlight--;
            if (generator.sending && !generator.scenario.isOpenLoop()) {
                from.fill();
            }
        }

        /** Closed loop: as many messages as the window allows, in one write. */
        void fill() {
            Scenario scenario = LoadGenerator.this.scenario;
            int recipients = scenario.recipients();
            long room = scenario.window() - (this.inFlight + recipients - 1) / recipients;
            long left = scenario.messages() > 0 ? scenario.messages() - this.sequence : Long.MAX_VALUE;
            room = Math.min(room, left);
            if (this.out.hasRemaining() || room <= 0 || room < Math.min(batch(scenario), left)
                    || LoadGenerator.this.now >= LoadGenerator.this.measureTo) {
                return;
            }
            try {
                send((int) room);
            }
            catch (IOException ex) {
                unexpected("write of " + name() + " failed: " + ex.getMessage());
            }
        }

        /**
         * Refills only once a quarter of the window is free, so that a client writes its lines in
         * batches rather than one write per delivery, as a busy client's socket would.
         */
        private long batch(Scenario scenario) {
            return Math.max(1, scenario.window() / 4);
        }

        /** Writes up to {@code count} messages in one write; returns how many, 0 if the socket is still busy. */
        int send(int count) throws IOException {
            if (this.out.hasRemaining() || count <= 0) {
                return 0;
            }
            LoadGenerator generator = LoadGenerator.this;
            Scenario scenario = generator.scenario;
            this.out.clear();
            long nanos = System.nanoTime() - generator.epoch;
            int written = 0;
            while (written < count) {
                chooseRecipients();
                if (Wire.lineLength(generator.names, generator.recipients, scenario.recipients(),
                        scenario.messageBytes()) > this.out.remaining()) {
                    break;
                }
                Wire.writeMessage(this.out, generator.names, generator.recipients, scenario.recipients(), this.index,
                        this.sequence++, nanos, scenario.messageBytes());
                this.inFlight += scenario.recipients();
                generator.expected += scenario.recipients();
                written++;
            }
            this.out.flip();
            flush();
            return written;
        }

        private void chooseRecipients() {
            LoadGenerator generator = LoadGenerator.this;
            int n = generator.clients.length;
            int[] chosen = generator.recipients;
            for (int i = 0; i < chosen.length; i++) {
                if (generator.scenario.pattern() == Scenario.Pattern.RING) {
                    chosen[i] = (this.index + 1 + i) % n;
                    continue;
                }
                int candidate;
                do {
                    candidate = generator.random.nextInt(n);
                }
                while (candidate == this.index || contains(chosen, i, candidate));
                chosen[i] = candidate;
            }
        }

        void flush() throws IOException {
            this.channel.write(this.out);
            if (this.out.hasRemaining()) {
                this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            else if ((this.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                this.key.interestOps(SelectionKey.OP_READ);
                if (LoadGenerator.this.sending && !LoadGenerator.this.scenario.isOpenLoop()) {
                    fill();
                }
            }
        }

        private String name() {
            return new String(LoadGenerator.this.names[this.index], StandardCharsets.US_ASCII);
        }

        void close() {
            if (this.channel != null) {
                try {
                    this.channel.close();
                }
                catch (IOException ex) {
                    // closing anyway
                }
            }
        }

    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

}
