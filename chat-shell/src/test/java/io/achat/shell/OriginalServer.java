package io.achat.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the original a-chat server, as the async-std book writes it: the first line is
 * the login, {@code a, b: text} delivers {@code from me: text} to each connected name, and nothing
 * else is ever said: no welcome, no error lines, lines without {@code :} (so {@code /who}) ignored,
 * a taken name silently accepted.
 */
final class OriginalServer implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0);

    private final Map<String, OutputStream> peers = new ConcurrentHashMap<>();

    OriginalServer() throws IOException {
        Thread accept = new Thread(this::accept, "original-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return this.server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = this.server.accept();
                Thread reader = new Thread(() -> read(socket), "original-reader");
                reader.setDaemon(true);
                reader.start();
            }
        }
        catch (IOException closed) {
            // stopped
        }
    }

    private void read(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String login = in.readLine();
            if (login == null) {
                return;
            }
            this.peers.putIfAbsent(login, socket.getOutputStream());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                byte[] delivery = ("from " + login + ": " + line.substring(colon + 1).strip() + "\n").getBytes(StandardCharsets.UTF_8);
                for (String name : line.substring(0, colon).split(",")) {
                    OutputStream peer = this.peers.get(name.strip());
                    if (peer != null) {
                        synchronized (peer) {
                            peer.write(delivery);
                            peer.flush();
                        }
                    }
                }
            }
        }
        catch (IOException gone) {
            // the client left
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
    }

}
