package dev.dswebhook.decode;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 as RFC 3629 defines it: no over-long forms (such as
 * {@code C0 AF} for {@code /}), no surrogates, nothing past U+10FFFF, no truncated sequences.
 *
 * <p>Jackson's parser decodes over-long forms silently and does not look inside the strings it
 * skips, so a review is checked here, whole, before it is parsed. ASCII, nearly every byte of a
 * review, is passed over eight bytes at a time.
 */
public final class StrictUtf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StrictUtf8() {}

    /** The offset of the first byte that is not well-formed UTF-8, or -1 when all are. */
    public static int firstInvalid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(bytes, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /**
     * The length of the multi-byte sequence starting at {@code i}, or -1 when it is not
     * well-formed. The second byte's range excludes the over-long, surrogate and out-of-range forms.
     */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xFF;
        int n;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) {
                low = 0xA0;
            } else if (b == 0xED) {
                high = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) {
                low = 0x90;
            } else if (b == 0xF4) {
                high = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < low || second > high) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int next = bytes[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    /** A stream that checks the bytes it passes on, failing at the first that is not well-formed. */
    public static InputStream checking(InputStream in) {
        return new FilterInputStream(in) {
            /** A sequence cut by a read boundary: its bytes so far, checked once the next read completes it. */
            private final byte[] carry = new byte[4];

            private int carried;
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    if (carried > 0) {
                        throw invalid(position - carried);
                    }
                    return n;
                }
                check(b, off, n);
                return n;
            }

            private void check(byte[] b, int off, int n) throws CharConversionException {
                int start = off;
                int end = off + n;
                if (carried > 0) {
                    int take = Math.min(expected(carry[0]) - carried, n);
                    System.arraycopy(b, off, carry, carried, take);
                    carried += take;
                    start += take;
                    if (carried < expected(carry[0])) {
                        position += n;
                        return;
                    }
                    if (firstInvalid(carry, 0, carried) >= 0) {
                        throw invalid(position - (carried - take));
                    }
                    carried = 0;
                }
                int keep = incompleteTail(b, start, end);
                int bad = firstInvalid(b, start, end - start - keep);
                if (bad >= 0) {
                    throw invalid(position + (bad - off));
                }
                System.arraycopy(b, end - keep, carry, 0, keep);
                carried = keep;
                position += n;
            }
        };
    }

    /** How long a sequence with this first byte is meant to be; the check decides whether it is. */
    private static int expected(byte lead) {
        int b = lead & 0xFF;
        return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    }

    /** How many bytes at the end start a sequence that may continue beyond {@code end}. */
    private static int incompleteTail(byte[] bytes, int start, int end) {
        for (int back = 1; back <= Math.min(3, end - start); back++) {
            int b = bytes[end - back] & 0xFF;
            if (b >= 0xC0) {
                return expected(bytes[end - back]) > back ? back : 0;
            }
            if (b < 0x80) {
                return 0;
            }
        }
        return 0;
    }

    private static CharConversionException invalid(long offset) {
        return new CharConversionException("the body is not valid UTF-8 at byte " + offset);
    }
}
