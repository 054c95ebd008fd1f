package dev.dswebhook.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one writer of a log stream, such as standard output: whoever logs only copies a whole line
 * into memory, and a thread of this class's own writes the lines out in batches.
 *
 * <p>So no log line can hold up a request or a probe, however slowly the stream is read: when
 * {@code capacity} bytes are already waiting, a new line is dropped, and counted, rather than
 * waited for. Lines are written whole, never split across writes, so that they do not interleave
 * with other writers of the same stream. They wait at most {@code flushInterval} to be written,
 * and under load a batch goes out as soon as it reaches {@link #BATCH_BYTES}, one write call for
 * many lines.
 */
public final class LogOutput implements AutoCloseable {

    /** Where a line came from, for the count of dropped lines. */
    public enum Source {
        /** The decision log. */
        DECISION("decision"),
        /** Every other log line, and anything else printed to standard output or error. */
        OTHER("other");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        /** The name in the metric's {@code log} label. */
        public String id() {
            return id;
        }
    }

    static final int BATCH_BYTES = 32 * 1024;

    private final OutputStream target;
    private final int capacity;
    private final long flushIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final LongAdder[] dropped = {new LongAdder(), new LongAdder()};
    private final Thread writer;
    private byte[] pending = new byte[BATCH_BYTES * 2];
    private int length;
    private boolean writing;
    private volatile boolean closed;

    public LogOutput(String name, OutputStream target, long capacity, long flushIntervalNanos) {
        this.target = target;
        this.capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(capacity, 1024));
        this.flushIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), flushIntervalNanos);
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues one line, the first {@code count} bytes of {@code line}, adding its newline; returns
     * false, having counted it, when the line had to be dropped.
     */
    public boolean add(byte[] line, int offset, int count, Source source) {
        lock.lock();
        try {
            if (closed || length + count + 1 > capacity) {
                dropped[source.ordinal()].increment();
                return false;
            }
            ensure(count + 1);
            System.arraycopy(line, offset, pending, length, count);
            length += count;
            pending[length++] = '\n';
            if (length >= BATCH_BYTES) {
                work.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many lines from this source were dropped because the stream did not keep up. */
    public long dropped(Source source) {
        return dropped[source.ordinal()].sum();
    }

    /**
     * A stream for a writer that produces lines in pieces, such as a log handler or
     * {@code System.out}: bytes are gathered until a newline, and each whole line is queued.
     */
    public OutputStream lines(Source source) {
        return new OutputStream() {
            private byte[] line = new byte[256];
            private int count;
            private boolean tooLong;

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    if (tooLong) {
                        dropped[source.ordinal()].increment();
                    } else {
                        add(line, 0, count, source);
                    }
                    count = 0;
                    tooLong = false;
                    if (line.length > 64 * 1024) {
                        line = new byte[256];
                    }
                    return;
                }
                if (count == line.length) {
                    if (count >= capacity) {
                        tooLong = true; // a line longer than the whole buffer can only be dropped
                        return;
                    }
                    line = java.util.Arrays.copyOf(line, Math.min(capacity, count * 2));
                }
                line[count++] = (byte) b;
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        };
    }

    /** Waits, briefly, until every line queued so far has been written, as on shutdown. */
    public void drain(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            work.signal();
            while ((length > 0 || writing) && System.nanoTime() < deadline) {
                drained.awaitNanos(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        drain(1_000);
        closed = true;
        writer.interrupt();
    }

    private void run() {
        byte[] spare = new byte[BATCH_BYTES * 2];
        while (!closed) {
            byte[] batch;
            int size;
            lock.lock();
            try {
                if (length < BATCH_BYTES) {
                    work.awaitNanos(flushIntervalNanos);
                }
                if (length == 0) {
                    drained.signalAll();
                    continue;
                }
                batch = pending;
                size = length;
                pending = spare.length >= BATCH_BYTES * 2 && spare.length <= BATCH_BYTES * 4
                        ? spare
                        : new byte[BATCH_BYTES * 2];
                length = 0;
                writing = true;
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            } finally {
                lock.unlock();
            }
            try {
                // The only place that may block on the stream, and it holds no lock while it does.
                target.write(batch, 0, size);
                target.flush();
            } catch (IOException e) {
                // The stream is gone; the decisions are still in the API server's audit log.
            }
            spare = batch;
            lock.lock();
            try {
                writing = false;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void ensure(int more) {
        if (length + more > pending.length) {
            byte[] bigger = new byte[Math.max(pending.length * 2, length + more)];
            System.arraycopy(pending, 0, bigger, 0, length);
            pending = bigger;
        }
    }
}
