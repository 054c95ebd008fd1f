package dev.dswebhook.observe;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Collects whole log lines and writes them in batches: when a batch reaches {@link #BATCH_BYTES},
 * and otherwise whenever {@link #flush()} is called, which the decision log does every
 * {@code webhook.decision-log.flush-interval}.
 *
 * <p>Under load this turns one write system call per decision into one per batch; at a few
 * decisions an hour it only delays each line by the flush interval. Lines are never split
 * across writes, so they do not interleave with the other log lines on the same stream.
 */
final class LineBatcher {

    static final int BATCH_BYTES = 32 * 1024;

    private final OutputStream out;
    private byte[] buffer = new byte[BATCH_BYTES * 2];
    private int length;

    LineBatcher(OutputStream out) {
        this.out = out;
    }

    /** Adds one line, the first {@code count} bytes of {@code line}; the newline is added here. */
    synchronized void add(byte[] line, int count) {
        ensure(count + 1);
        System.arraycopy(line, 0, buffer, length, count);
        length += count;
        buffer[length++] = '\n';
        if (length >= BATCH_BYTES) {
            flush();
        }
    }

    /** Writes whatever is pending. */
    synchronized void flush() {
        if (length == 0) {
            return;
        }
        try {
            out.write(buffer, 0, length);
            out.flush();
        } catch (IOException e) {
            // Standard output is gone; the decision is in the audit log through the annotations.
        }
        length = 0;
        if (buffer.length > BATCH_BYTES * 2) {
            buffer = new byte[BATCH_BYTES * 2];
        }
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, length + more)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
    }
}
