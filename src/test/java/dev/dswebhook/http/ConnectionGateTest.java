package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.HttpConnection;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gate's sharing of connection slots, on a clock the test moves, with connections that only record a close. */
@DisplayName("The connection gate")
class ConnectionGateTest {

    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration TICK = Duration.ofMillis(1);

    private long now;
    private final List<String> closed = new ArrayList<>();

    @Test
    @DisplayName("a source at its cap makes room by giving up its own longest-idle connection, not another source's")
    void aSourceAtItsCapGivesUpItsOwnLongestIdle() {
        ConnectionGate gate = gate(10, 2);
        admit(gate, "b1", "10.0.0.2");
        advance(TICK);
        HttpConnection a1 = admit(gate, "a1", "10.0.0.1");
        advance(TICK);
        admit(gate, "a2", "10.0.0.1");
        advance(TICK);
        gate.finished(gate.started(a1));

        admit(gate, "a3", "10.0.0.1");

        assertEquals(1, gate.closedCount(ConnectionGate.Reason.SOURCE_LIMIT));
        assertEquals(3, gate.openConnections(), "a1, a3 and b1 hold the slots");
        advance(ConnectionGate.EVICTION_GRACE);
        gate.sweep();
        assertEquals(List.of("a2"), closed, "a2 made room: a1 had answered a request since");
    }

    @Test
    @DisplayName(
            "at the overall cap, a new connection takes the slot of the longest-idle connection of the source holding the most")
    void atCapacityTheHeaviestSourceGivesWay() {
        ConnectionGate gate = gate(4, 3);
        admit(gate, "b1", "10.0.0.2");
        advance(TICK);
        admit(gate, "a1", "10.0.0.1");
        advance(TICK);
        admit(gate, "a2", "10.0.0.1");
        advance(TICK);
        admit(gate, "a3", "10.0.0.1");

        admit(gate, "c1", "10.0.0.3");

        assertEquals(1, gate.closedCount(ConnectionGate.Reason.CAPACITY));
        assertEquals(4, gate.openConnections());
        advance(ConnectionGate.EVICTION_GRACE);
        gate.sweep();
        assertEquals(List.of("a1"), closed, "a1 went, though b1 had been idle longer: 10.0.0.1 held the most");
    }

    @Test
    @DisplayName(
            "a connection that made room is closed only after the eviction grace, so its client cannot reconnect in a loop")
    void anEvictedConnectionIsClosedAfterTheGrace() {
        ConnectionGate gate = gate(1, 1);
        admit(gate, "a1", "10.0.0.1");
        admit(gate, "a2", "10.0.0.1");

        advance(ConnectionGate.EVICTION_GRACE.minus(TICK));
        gate.sweep();
        assertEquals(List.of(), closed, "still within the grace");
        assertEquals(1, gate.openConnections(), "but its slot is a2's already");

        advance(TICK);
        gate.sweep();
        assertEquals(List.of("a1"), closed);
    }

    @Test
    @DisplayName("a connection that made room but still asks is served, and closed as soon as its response ends")
    void anEvictedConnectionStillAskingIsClosedWhenItsRequestEnds() {
        ConnectionGate gate = gate(1, 1);
        HttpConnection a1 = admit(gate, "a1", "10.0.0.1");
        admit(gate, "a2", "10.0.0.1");
        ConnectionGate.Tracked request = gate.started(a1);

        advance(ConnectionGate.EVICTION_GRACE.multipliedBy(2));
        gate.sweep();
        assertEquals(List.of(), closed, "a request is in flight on it");

        gate.finished(request);
        assertEquals(List.of("a1"), closed);
    }

    @Test
    @DisplayName("a connection with a request in flight is never closed to make room: the newcomer is refused instead")
    void aBusyConnectionIsNeverEvicted() {
        ConnectionGate gate = gate(2, 2);
        gate.started(admit(gate, "a1", "10.0.0.1"));
        gate.started(admit(gate, "a2", "10.0.0.1"));

        admit(gate, "a3", "10.0.0.1");
        admit(gate, "b1", "10.0.0.2");

        assertEquals(List.of("a3", "b1"), closed);
        assertEquals(2, gate.closedCount(ConnectionGate.Reason.REFUSED));
        assertEquals(0, gate.closedCount(ConnectionGate.Reason.SOURCE_LIMIT));
        assertEquals(0, gate.closedCount(ConnectionGate.Reason.CAPACITY));
        assertEquals(2, gate.openConnections());
    }

    @Test
    @DisplayName("a connection with a request in flight is never closed by a timeout, however long the request takes")
    void aBusyConnectionOutlivesEveryTimeout() {
        ConnectionGate gate = gate(10, 10);
        HttpConnection a1 = admit(gate, "a1", "10.0.0.1");
        ConnectionGate.Tracked request = gate.started(a1);

        advance(IDLE_TIMEOUT.multipliedBy(10));
        gate.sweep();
        assertEquals(List.of(), closed);

        gate.finished(request);
        advance(IDLE_TIMEOUT);
        gate.sweep();
        assertEquals(List.of(), closed, "idle for exactly the timeout, not longer");
        advance(TICK);
        gate.sweep();
        assertEquals(List.of("a1"), closed);
        assertEquals(1, gate.closedCount(ConnectionGate.Reason.IDLE_TIMEOUT));
    }

    @Test
    @DisplayName("a connection that sends no request head within the head timeout is closed")
    void noHeadWithinTheHeadTimeoutCloses() {
        ConnectionGate gate = gate(10, 10);
        admit(gate, "silent", "10.0.0.1");
        gate.started(admit(gate, "asking", "10.0.0.2"));

        advance(HEAD_TIMEOUT);
        gate.sweep();
        assertEquals(List.of(), closed, "exactly the head timeout, not longer");
        advance(TICK);
        gate.sweep();
        gate.sweep();

        assertEquals(List.of("silent"), closed, "closed once, however often the sweep runs");
        assertEquals(1, gate.closedCount(ConnectionGate.Reason.HEAD_TIMEOUT));
    }

    @Test
    @DisplayName("the head timeout never outlasts the idle timeout")
    void theHeadTimeoutIsCappedByTheIdleTimeout() {
        ConnectionGate gate = new ConnectionGate(10, 10, HEAD_TIMEOUT, Duration.ofSeconds(3), () -> now);
        admit(gate, "silent", "10.0.0.1");

        advance(Duration.ofSeconds(3).plus(TICK));
        gate.sweep();

        assertEquals(List.of("silent"), closed);
        assertEquals(1, gate.closedCount(ConnectionGate.Reason.HEAD_TIMEOUT));
    }

    @Test
    @DisplayName("an idle connection is timed from the end of its last response, not from when it opened")
    void idlenessCountsFromTheLastResponse() {
        ConnectionGate gate = gate(10, 10);
        HttpConnection a1 = admit(gate, "a1", "10.0.0.1");
        advance(IDLE_TIMEOUT.minus(TICK));
        gate.finished(gate.started(a1));

        advance(IDLE_TIMEOUT);
        gate.sweep();
        assertEquals(List.of(), closed);
        advance(TICK);
        gate.sweep();
        assertEquals(List.of("a1"), closed);
    }

    @Test
    @DisplayName("a connection that closes gives its slot and its source's share back")
    void aClosedConnectionFreesItsSlot() {
        ConnectionGate gate = gate(2, 1);
        HttpConnection a1 = admit(gate, "a1", "10.0.0.1");
        admit(gate, "b1", "10.0.0.2");

        gate.closed(a1);
        admit(gate, "a2", "10.0.0.1");

        assertEquals(2, gate.openConnections());
        for (ConnectionGate.Reason reason : ConnectionGate.Reason.values()) {
            assertEquals(0, gate.closedCount(reason), reason.id());
        }
        assertEquals(List.of(), closed);
    }

    private ConnectionGate gate(int maxConnections, int perSource) {
        return new ConnectionGate(maxConnections, perSource, HEAD_TIMEOUT, IDLE_TIMEOUT, () -> now);
    }

    private HttpConnection admit(ConnectionGate gate, String name, String source) {
        HttpConnection connection = connection(name);
        gate.admit(connection, source);
        return connection;
    }

    private void advance(Duration by) {
        now += by.toNanos();
    }

    /** A connection that records its close by name; the gate asks nothing else of one. */
    private HttpConnection connection(String name) {
        return (HttpConnection) Proxy.newProxyInstance(
                HttpConnection.class.getClassLoader(),
                new Class<?>[] {HttpConnection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed.add(name);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
