package dev.dswebhook.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
        assertEquals(expected, DecisionLog.timestamp(at));
        assertEquals(at, Instant.parse(DecisionLog.timestamp(at)), "reads back as the same instant");
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
        assertEquals(expected, DecisionLog.milliseconds(nanos));
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(DecisionLog.milliseconds(nanos))));
    }

    @Test
    void theBatcherWritesWholeLinesOnlyWhenABatchIsFullOrFlushed() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        LineBatcher batcher = new LineBatcher(sink);
        byte[] line = "{\"message\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        batcher.add(line, line.length);
        assertEquals(0, sink.size(), "one short line waits for the flush");
        batcher.flush();
        assertEquals("{\"message\":\"é\"}\n", sink.toString(StandardCharsets.UTF_8));

        sink.reset();
        byte[] big = new byte[1000];
        Arrays.fill(big, (byte) 'x');
        int lines = 0;
        while (sink.size() == 0) {
            batcher.add(big, big.length);
            lines++;
        }
        assertTrue(lines * 1001 >= LineBatcher.BATCH_BYTES, "written once a batch is full, not before");
        assertEquals(lines * 1001, sink.size(), "every pending line was written whole");
        assertTrue(sink.toString(StandardCharsets.UTF_8).endsWith("x\n"));
    }

    @Test
    void onlyTheCountedBytesOfTheBufferAreTaken() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        LineBatcher batcher = new LineBatcher(sink);
        batcher.add("abcdef".getBytes(StandardCharsets.UTF_8), 3);
        batcher.flush();
        assertEquals("abc\n", sink.toString(StandardCharsets.UTF_8));
    }
}
