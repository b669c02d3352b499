package io.achat.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The drain preset: the shutdown's promise under the worst backlog. A peer logs in and reads
 * nothing while a sender queues {@code drainBytes} of numbered lines for it; once the server has
 * routed them all (it answers the sender's {@code /who} after them), the server gets SIGTERM. After
 * {@link #PAUSE} the peer starts reading: every line must arrive, in order, and the server must exit.
 * The peer ends its input on the shutdown notice, as the protocol asks.
 * <p>
 * Plain blocking sockets on two threads: two connections need no event loop.
 */
final class DrainRun {

    /** Between SIGTERM and the peer's first read: the server must hold the backlog meanwhile. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    private static final String NOTICE = "info: the server is shutting down";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Scenario scenario;

    private final InetSocketAddress server;

    private final String prefix;

    private final ProcessWatch serverWatch;

    private final List<String> samples = new ArrayList<>();

    private long unexpected;

    DrainRun(Scenario scenario, InetSocketAddress server, String prefix, ProcessWatch serverWatch) {
        this.scenario = scenario;
        this.server = server;
        this.prefix = prefix;
        this.serverWatch = serverWatch;
    }

    Result run() throws Exception {
        String peerName = this.prefix + "0";
        String senderName = this.prefix + "1";
        long start = System.nanoTime();
        try (Socket peer = logIn(peerName); Socket sender = logIn(senderName)) {
            double loginSeconds = (System.nanoTime() - start) / 1e9;
            InputStream senderIn = new BufferedInputStream(sender.getInputStream());
            long lines = queue(sender, peerName);
            // The answer to /who comes after every line before it was routed.
            sender.getOutputStream().write("/who\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readLine(senderIn);
            if (answer == null || !answer.startsWith("info: online: ")) {
                unexpected(senderName + " got " + answer + " instead of the answer to /who");
            }
            long serverRss = this.serverWatch.rssBytes();
            ProcessHandle process = this.serverWatch.process();
            CompletableFuture<ProcessHandle> exit = process.onExit();
            process.destroy();
            CompletableFuture<Void> senderDone = CompletableFuture.runAsync(() -> readToEnd(sender, senderIn, senderName));
            TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
            long reading = System.nanoTime();
            long received = readDeliveries(peer, peerName, senderName, lines);
            long lastLine = System.nanoTime();
            exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long exited = System.nanoTime();
            senderDone.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long lineBytes = lines * (this.scenario.messageBytes() + ("from " + senderName + ": ").length() + 1);
            return new Result(this.scenario.name(), null, null, 2, 1, loginSeconds, received, null, null, null, null,
                    null, null, null, null, lines - Math.min(lines, received), 0, 0, this.unexpected,
                    List.copyOf(this.samples), null, serverRss >= 0 ? serverRss / 1e6 : null, null, null, lineBytes / 1e6,
                    (lastLine - reading) / 1e9, (exited - reading) / 1e9, null);
        }
    }

    /** Writes numbered lines to the peer in large writes until {@code drainBytes} are queued; returns how many. */
    private long queue(Socket sender, String peerName) throws IOException {
        int[] to = { 0 };
        byte[][] names = { Wire.ascii(peerName) };
        int lineLength = Wire.lineLength(names, to, 1, this.scenario.messageBytes());
        long lines = Math.max(1, this.scenario.drainBytes() / lineLength);
        ByteBuffer batch = ByteBuffer.allocate(lineLength * 1024);
        OutputStream out = sender.getOutputStream();
        for (long sequence = 0; sequence < lines;) {
            batch.clear();
            while (batch.remaining() >= lineLength && sequence < lines) {
                Wire.writeMessage(batch, names, to, 1, 1, sequence++, 0, this.scenario.messageBytes());
            }
            out.write(batch.array(), 0, batch.position());
        }
        return lines;
    }

    /** The peer's side: every line in order; on the notice, it ends its input and reads to the end. */
    private long readDeliveries(Socket peer, String peerName, String senderName, long lines) throws IOException {
        InputStream in = new BufferedInputStream(peer.getInputStream(), 64 * 1024);
        String from = "from " + senderName + ": ";
        long next = 0;
        for (String line = readLine(in); line != null; line = readLine(in)) {
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            int text = Wire.deliveryText(bytes, 0, bytes.length);
            if (text >= 0 && line.startsWith(from) && Wire.sequence(bytes, text) == next) {
                next++;
            }
            else if (line.startsWith(NOTICE)) {
                peer.shutdownOutput();
            }
            else {
                unexpected(peerName + " got " + line + " (expected line " + next + " of " + lines + ")");
            }
        }
        return next;
    }

    private void readToEnd(Socket sender, InputStream in, String senderName) {
        try {
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (line.startsWith(NOTICE)) {
                    sender.shutdownOutput();
                }
                else {
                    unexpected(senderName + " got " + line);
                }
            }
        }
        catch (IOException ex) {
            unexpected(senderName + ": " + ex);
        }
    }

    private Socket logIn(String name) throws IOException {
        Socket socket = new Socket();
        socket.connect(this.server, (int) TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
        String answer = readLine(socket.getInputStream());
        if (answer == null || !answer.equals("info: logged in as " + name)) {
            throw new IOException(name + " could not log in: " + answer);
        }
        return socket;
    }

    /** One line without its {@code \n}, or null at end of stream. Byte by byte: callers pass buffered streams, or read one line. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            line.append((char) b);
        }
        return line.toString();
    }

    private synchronized void unexpected(String what) {
        this.unexpected++;
        if (this.samples.size() < 5) {
            this.samples.add(what);
        }
    }

}
