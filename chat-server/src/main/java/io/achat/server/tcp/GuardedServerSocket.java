package io.achat.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.achat.server.RateLimitedLog;

/**
 * The listening socket, guarded against running out of file descriptors. Spring Integration's
 * accept loop ends on any {@link IOException} from {@code accept()}, and "Too many open files" is
 * one: one connection too many would leave the server running with no port. Here the loop goes on.
 * The kernel keeps completing handshakes into the backlog meanwhile, so waiting alone would leave
 * those clients hanging: a descriptor is held in reserve, and when accept fails it is given up to
 * accept one waiting client, hand it to {@code shed} (which answers "server full" and closes it),
 * and taken back; this repeats for as long as descriptors are short.
 * <p>
 * Runs on the factory's accept thread.
 */
final class GuardedServerSocket extends ServerSocket {

    private static final Path RESERVE = Path.of("/dev/null");

    private static final long BACK_OFF_MILLIS = 20;

    private final Consumer<Socket> shed;

    private final RateLimitedLog problems;

    private FileChannel reserve;

    GuardedServerSocket(Consumer<Socket> shed, RateLimitedLog problems) throws IOException {
        this.shed = shed;
        this.problems = problems;
        this.reserve = openReserve();
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
            if (this.reserve != null) {
                this.reserve.close();
            }
        }
    }

    private void shedOne() throws IOException {
        if (this.reserve == null) {
            backOff();
            this.reserve = openReserve();
            return;
        }
        this.reserve.close();
        this.reserve = null;
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
            this.reserve = openReserve();
        }
    }

    /** Returns {@code null} when even that is impossible; the next failure then only backs off. */
    private static FileChannel openReserve() {
        try {
            return Files.exists(RESERVE) ? FileChannel.open(RESERVE) : null;
        }
        catch (IOException ex) {
            return null;
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
