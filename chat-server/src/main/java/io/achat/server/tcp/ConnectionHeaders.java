package io.achat.server.tcp;

import java.util.Map;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.MessageHeaders;

/**
 * The headers of every message to or from one connection: {@code ip_connectionId} and nothing
 * else, built once per connection and shared by all its messages. Stock {@link MessageHeaders}
 * copy their map and add a random {@code id} and a {@code timestamp} for every message; nothing
 * here reads those (no message store, no history), and per line they were ~8% of the server's
 * allocation (docs/benchmarks.md). The constructor that leaves them out is protected, hence the
 * subclass.
 */
public final class ConnectionHeaders extends MessageHeaders {

    private ConnectionHeaders(String connectionId) {
        super(Map.of(IpHeaders.CONNECTION_ID, connectionId), ID_VALUE_NONE, -1L);
    }

    public static MessageHeaders of(String connectionId) {
        return new ConnectionHeaders(connectionId);
    }

}
