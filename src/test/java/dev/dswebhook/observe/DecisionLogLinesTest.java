package dev.dswebhook.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How decision-log lines are formatted and batched, without a server. */
@DisplayName("Decision log lines")
class DecisionLogLinesTest {

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "2026-11-27T20:41:12.274341704Z, 2026-11-27T20:41:12.274341704Z",
        "2026-11-27T20:41:12Z,           2026-11-27T20:41:12.000000000Z",
        "2026-11-27T20:41:12.000000001Z, 2026-11-27T20:41:12.000000001Z",
        "2026-11-27T20:41:12.1Z,         2026-11-27T20:41:12.100000000Z",
        "1999-12-31T23:59:59.999999999Z, 1999-12-31T23:59:59.999999999Z",
        "2000-01-01T00:00:00.5Z,         2000-01-01T00:00:00.500000000Z",
    })
    void timestampsAreIsoInstantsInUtcWithNineFractionDigits(String instant, String expected) {
        Instant at = Instant.parse(instant);
        assertEquals(expected, DecisionLine.timestamp(at));
        assertEquals(at, Instant.parse(DecisionLine.timestamp(at)), "reads back as the same instant");
    }

    @ParameterizedTest(name = "{0} ns is {1} ms")
    @CsvSource({
        "0,             0.000",
        "499,           0.000",
        "500,           0.001",
        "274341,        0.274",
        "1000000,       1.000",
        "1234567,       1.235",
        "60000000000,   60000.000",
    })
    void latenciesAreMillisecondsRoundedToTheMicrosecond(long nanos, String expected) {
        assertEquals(expected, DecisionLine.milliseconds(nanos));
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(DecisionLine.milliseconds(nanos))));
    }

    @Test
    @DisplayName("log lines are written whole, in one batch once a batch is full, else after the flush interval")
    void linesAreWrittenWholeInBatches() throws Exception {
        Sink sink = new Sink();
        try (LogOutput output = new LogOutput("test-writer", sink, 1 << 20, TimeUnit.SECONDS.toNanos(30))) {
            byte[] line = "{\"message\":\"é\"}".getBytes(StandardCharsets.UTF_8);
            output.add(line, 0, line.length, LogOutput.Source.DECISION);
            Thread.sleep(100);
            assertEquals(0, sink.size(), "one short line waits for the flush interval");
            output.drain(5_000);
            assertEquals("{\"message\":\"é\"}\n", sink.text());

            sink.reset();
            byte[] big = new byte[1000];
            Arrays.fill(big, (byte) 'x');
            for (int i = 0; i * 1001 < LogOutput.BATCH_BYTES; i++) {
                output.add(big, 0, big.length, LogOutput.Source.DECISION);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sink.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(
                    sink.size() >= LogOutput.BATCH_BYTES, "a full batch is written without waiting for the interval");
            assertEquals(0, sink.size() % 1001, "only whole lines are written");
            assertEquals(1, sink.writes.get(), "in one write");
        }
    }

    @Test
    @DisplayName("only the counted bytes of a line's buffer are taken")
    void onlyTheCountedBytesOfTheBufferAreTaken() {
        Sink sink = new Sink();
        try (LogOutput output = new LogOutput("test-writer", sink, 1 << 20, TimeUnit.MILLISECONDS.toNanos(1))) {
            output.add("abcdef".getBytes(StandardCharsets.UTF_8), 1, 3, LogOutput.Source.OTHER);
            output.drain(5_000);
            assertEquals("bcd\n", sink.text());
        }
    }

    @Test
    @DisplayName("with the stream stalled, logging never waits: lines past the buffer are dropped and counted")
    void aStalledStreamDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        Sink sink = new Sink() {
            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    stalled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(b, off, len);
            }
        };
        try (LogOutput output = new LogOutput("test-writer", sink, 64 * 1024, TimeUnit.MILLISECONDS.toNanos(1))) {
            byte[] line = new byte[99];
            Arrays.fill(line, (byte) 'y');
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 10_000; i++) {
                accepted += output.add(line, 0, line.length, LogOutput.Source.DECISION) ? 1 : 0;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2_000, "10,000 lines into a stalled stream took " + millis + " ms");
            assertEquals(10_000 - accepted, output.dropped(LogOutput.Source.DECISION));
            assertTrue(accepted <= 2 * 64 * 1024 / 100, "at most about two buffers' worth waits: " + accepted);
            stalled.countDown();
            output.drain(5_000);
            assertEquals(accepted * 100, sink.size(), "every line that was taken is written, whole");
        }
    }

    @Test
    @DisplayName("a writer that prints in pieces gets whole lines, as a log handler does")
    void piecesAreGatheredIntoLines() throws Exception {
        Sink sink = new Sink();
        try (LogOutput output = new LogOutput("test-writer", sink, 1 << 20, TimeUnit.MILLISECONDS.toNanos(1))) {
            java.io.OutputStream lines = output.lines(LogOutput.Source.OTHER);
            lines.write("first ".getBytes(StandardCharsets.UTF_8));
            lines.write("line\nsecond".getBytes(StandardCharsets.UTF_8));
            lines.write('\n');
            lines.write("unfinished".getBytes(StandardCharsets.UTF_8));
            output.drain(5_000);
            assertEquals("first line\nsecond\n", sink.text());
        }
    }

    /** A stream that records what reaches it and in how many writes. */
    static class Sink extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
            writes.incrementAndGet();
        }

        int size() {
            synchronized (bytes) {
                return bytes.size();
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        void reset() {
            synchronized (bytes) {
                bytes.reset();
            }
            writes.set(0);
        }
    }
}
