package dev.dswebhook.decode;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The body's UTF-8 check agrees with the JDK's strict UTF-8 decoder on every byte string, over-long
 * forms, surrogates, code points past U+10FFFF and truncated sequences included, whether the bytes
 * come whole or a few at a time through the checking stream.
 */
@Label("Strict UTF-8")
class StrictUtf8PropertyTest {

    @Property(tries = 5000)
    @Label("a byte string is accepted exactly when the JDK's strict decoder accepts it")
    boolean acceptedExactlyWhenTheJdkAcceptsIt(
            @ForAll("texts") byte[] bytes, @ForAll @IntRange(min = 1, max = 9) int chunk) throws IOException {
        boolean jdk = decodes(bytes);
        Statistics.label("valid").collect(jdk);
        return (StrictUtf8.firstInvalid(bytes, 0, bytes.length) < 0) == jdk && streams(bytes, chunk) == jdk;
    }

    /** Mostly ASCII, with the lead and continuation bytes around every boundary of RFC 3629's table. */
    @Provide
    Arbitrary<byte[]> texts() {
        List<Integer> edges = List.of(
                0x00, 0x2F, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xAF, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF);
        Arbitrary<Byte> ascii = Arbitraries.integers().between(0x20, 0x7E).map(Integer::byteValue);
        Arbitrary<Byte> edge = Arbitraries.of(edges).map(Integer::byteValue);
        Arbitrary<Byte> any =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, ascii), net.jqwik.api.Tuple.of(4, edge));
        Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(12).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mixed = any.list().ofMaxSize(40).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        });
        return Arbitraries.oneOf(valid, mixed);
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean streams(byte[] bytes, int chunk) throws IOException {
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        try (InputStream in = StrictUtf8.checking(trickle)) {
            byte[] buffer = new byte[16];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // Read it all; the stream fails at the first bad byte.
            }
            return true;
        } catch (CharConversionException e) {
            return false;
        }
    }
}
