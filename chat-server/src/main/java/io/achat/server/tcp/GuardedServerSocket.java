package io.achat.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.achat.server.RateLimitedLog;

/**
 * The listening socket, guarded against running out of file descriptors. Spring Integration's
 * accept loop ends on any {@link IOException} from {@code accept()}, and "Too many open files" is
 * one: one connection too many would leave the server running with no port. Here the loop goes on.
 * The kernel keeps completing handshakes into the backlog meanwhile, so waiting alone would leave
 * those clients hanging: descriptors are held in reserve, and when accept fails one is given up to
 * accept one waiting client, hand it to {@code shed} (which answers "server full" and closes it),
 * and taken back; this repeats for as long as descriptors are short.
 * <p>
 * More than one is held because the one given up can be taken by something else that opens a file at
 * that moment and keeps it (what did is not known; a jar opened by the class loader would): with a
 * single reserve, two clean-clone CI runs lost it and answered nobody until connections closed
 * (ConnectionAbuseIT).
 * <p>
 * Runs on the factory's accept thread.
 */
final class GuardedServerSocket extends ServerSocket {

    private static final Path RESERVE = Path.of("/dev/null");

    private static final int RESERVES = 4;

    private static final long BACK_OFF_MILLIS = 20;

    private final Consumer<Socket> shed;

    private final RateLimitedLog problems;

    private final Deque<FileChannel> reserve = new ArrayDeque<>();

    GuardedServerSocket(Consumer<Socket> shed, RateLimitedLog problems) throws IOException {
        this.shed = shed;
        this.problems = problems;
        refill();
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            try {
                return super.accept();
            }
            catch (IOException ex) {
                if (isClosed() || !outOfDescriptors(ex)) {
                    throw ex;
                }
                this.problems.warn("out-of-descriptors", () -> "Out of file descriptors (" + ex.getMessage()
                        + "): refusing new connections until some close; raise 'ulimit -n' or lower max-connections");
                shedOne();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        }
        finally {
            synchronized (this.reserve) {
                for (FileChannel spare : this.reserve) {
                    spare.close();
                }
                this.reserve.clear();
            }
        }
    }

    private void shedOne() throws IOException {
        FileChannel spare;
        synchronized (this.reserve) {
            spare = this.reserve.poll();
        }
        if (spare == null) {
            backOff();
            refill();
            return;
        }
        spare.close();
        try {
            this.shed.accept(super.accept());
        }
        catch (IOException again) {
            if (isClosed()) {
                throw again;
            }
            backOff();
        }
        finally {
            refill();
        }
    }

    /**
     * Tops the reserve up to {@value #RESERVES}, or as far as descriptors allow (the next shed tries
     * again). Locked against {@link #close()} on another thread, so that nothing is opened after it.
     */
    private void refill() {
        synchronized (this.reserve) {
            while (this.reserve.size() < RESERVES && !isClosed() && Files.exists(RESERVE)) {
                try {
                    this.reserve.push(FileChannel.open(RESERVE));
                }
                catch (IOException ex) {
                    return;
                }
            }
        }
    }

    /** EMFILE or ENFILE, as the JDK reports them. */
    private static boolean outOfDescriptors(IOException ex) {
        return ex.getMessage() != null && ex.getMessage().contains("Too many open files");
    }

    private static void backOff() throws IOException {
        try {
            TimeUnit.MILLISECONDS.sleep(BACK_OFF_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while out of file descriptors", ex);
        }
    }

}
