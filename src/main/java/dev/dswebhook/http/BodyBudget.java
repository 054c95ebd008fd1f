package dev.dswebhook.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A budget for the bytes of request bodies held in memory at once, across all connections, so
 * that memory is bounded by design: however many large reviews arrive together, their bodies
 * never take more than the budget.
 *
 * <p>A body is admitted by its declared length before a byte of it is read. One that does not fit
 * waits, first come first served, until earlier bodies are done with, or until the caller gives
 * up on it (and answers 429). A body larger than the whole budget is admitted alone, when nothing
 * else is held, so that the body cap, not the budget, decides what is too large.
 */
final class BodyBudget {

    /** A body waiting for room; {@link #grant} runs once room is found. */
    interface Waiter {
        void grant();
    }

    private final long capacity;
    private long held;
    private final Deque<Entry> waiting = new ArrayDeque<>();

    private record Entry(long bytes, Waiter waiter) {}

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes room for a body at once if it fits and nobody is waiting ahead of it. */
    synchronized boolean tryAcquire(long bytes) {
        if (waiting.isEmpty() && fits(bytes)) {
            held += bytes;
            return true;
        }
        return false;
    }

    /**
     * Queues a body that did not fit; {@code waiter.grant()} is called, outside any lock, once
     * room is taken for it. Returns a handle that withdraws it from the queue.
     */
    Runnable await(long bytes, Waiter waiter) {
        Entry entry = new Entry(bytes, waiter);
        synchronized (this) {
            waiting.addLast(entry);
        }
        drain();
        return () -> {
            synchronized (this) {
                waiting.remove(entry);
            }
            drain();
        };
    }

    /** Gives room back once a body is no longer held, and lets waiting bodies in. */
    void release(long bytes) {
        synchronized (this) {
            held -= bytes;
        }
        drain();
    }

    /** Bytes held now. */
    synchronized long held() {
        return held;
    }

    /** Bodies waiting now. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (true) {
            Entry next;
            synchronized (this) {
                next = waiting.peekFirst();
                if (next == null || !fits(next.bytes)) {
                    return;
                }
                waiting.removeFirst();
                held += next.bytes;
            }
            next.waiter.grant();
        }
    }

    private boolean fits(long bytes) {
        return held + bytes <= capacity || held == 0;
    }
}
