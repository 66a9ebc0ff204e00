package org.labwatch.spi;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;

/**
 * Registered by a store that several servers share: which server sends a notification. Every
 * server sees the same runs end, and each would notify every channel; before a channel delivers,
 * it claims the events, and sends only those it won. Without this service (one server, files)
 * every event is this server's to send.
 *
 * <p>A claim is this server's for good: the server that won it keeps the event in its own outbox
 * until it is delivered or given up, also across its restarts (it claims it again and wins, being
 * the same server).
 *
 * @since 3.2
 */
public interface DeliveryClaims {

    /**
     * Of {@code eventKeys} of channel {@code channel}, the keys this server is to send: those no
     * other server claimed before, claimed now for this server.
     *
     * @throws IOException when the claims cannot be reached; the caller waits and claims again
     */
    Set<String> claim(String channel, Collection<String> eventKeys) throws IOException;
}
