package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The budget of body bytes held at once: who gets room, in what order, and who is turned away. */
@DisplayName("The body budget")
class BodyBudgetTest {

    private final BodyBudget budget = new BodyBudget(100);
    private final List<String> granted = new ArrayList<>();

    @Test
    @DisplayName("admits a body that fits at once, and takes its room back on release")
    void acquireAndRelease() {
        assertTrue(budget.tryAcquire(60));
        assertTrue(budget.tryAcquire(40));
        assertEquals(100, budget.held());

        budget.release(60);
        budget.release(40);
        assertEquals(0, budget.held());
    }

    @Test
    @DisplayName("refuses at once a body that does not fit, and one that would overtake a waiting body")
    void refusesWhatDoesNotFitOrWouldJumpTheQueue() {
        assertTrue(budget.tryAcquire(60));
        assertFalse(budget.tryAcquire(50), "60 + 50 is over 100");
        assertEquals(60, budget.held(), "a refusal takes nothing");

        budget.await(50, grant("waiting"));
        assertFalse(budget.tryAcquire(10), "10 would fit, but a body is waiting ahead of it");
        assertEquals(List.of(), granted);
    }

    @Test
    @DisplayName("lets waiting bodies in first come, first served, as room is given back")
    void waitingBodiesGoInOrder() {
        assertTrue(budget.tryAcquire(100));
        budget.await(30, grant("first, 30"));
        budget.await(80, grant("second, 80"));
        budget.await(10, grant("third, 10"));
        assertEquals(3, budget.waiting());

        budget.release(100);
        assertEquals(List.of("first, 30"), granted, "the third would fit, but waits behind the second");
        assertEquals(30, budget.held());

        budget.release(30);
        assertEquals(List.of("first, 30", "second, 80", "third, 10"), granted);
        assertEquals(90, budget.held());
        assertEquals(0, budget.waiting());
    }

    @Test
    @DisplayName("grants a waiting body at once when there is room and nobody ahead of it")
    void aWaiterWithRoomIsGrantedAtOnce() {
        budget.await(40, grant("at once"));

        assertEquals(List.of("at once"), granted);
        assertEquals(40, budget.held());
    }

    @Test
    @DisplayName("never grants a withdrawn body, and lets the bodies behind it move up")
    void aWithdrawnBodyLeavesTheQueue() {
        assertTrue(budget.tryAcquire(50));
        Runnable withdraw = budget.await(80, grant("withdrawn, 80"));
        budget.await(10, grant("behind it, 10"));
        assertEquals(List.of(), granted);

        withdraw.run();
        assertEquals(List.of("behind it, 10"), granted);

        budget.release(50);
        budget.release(10);
        assertEquals(List.of("behind it, 10"), granted);
        assertEquals(0, budget.held());
        assertEquals(0, budget.waiting());
    }

    @Test
    @DisplayName("admits a body larger than the whole budget alone, once nothing else is held")
    void anOversizedBodyGoesAlone() {
        assertTrue(budget.tryAcquire(10));
        assertFalse(budget.tryAcquire(150));
        budget.await(150, grant("oversized, 150"));
        assertEquals(List.of(), granted);

        budget.release(10);
        assertEquals(List.of("oversized, 150"), granted);
        assertEquals(150, budget.held());
        assertFalse(budget.tryAcquire(1), "nothing else while it is held");

        budget.release(150);
        assertTrue(budget.tryAcquire(150), "with nothing held, it is admitted at once");
    }

    private BodyBudget.Waiter grant(String name) {
        return () -> granted.add(name);
    }
}
