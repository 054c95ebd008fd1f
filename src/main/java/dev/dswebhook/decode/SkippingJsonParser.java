package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.io.InputStream;

/**
 * A UTF-8 JSON parser that skips the subtree it stands on by checking its bytes against the JSON
 * grammar in one pass, rather than turning every name and value in it into a token the way
 * Jackson's own {@code skipChildren} does.
 *
 * <p>A review is mostly subtrees the webhook never reads: containers, volumes,
 * {@code managedFields}. Jackson spends most of its time on those decoding and interning field
 * names. This scan decodes nothing, but it is as strict as the parser: brackets pair up, names
 * and values alternate with their colons and commas, strings end and hold no raw control
 * character or bad escape, numbers and {@code true}, {@code false} and {@code null} are spelled
 * as JSON spells them, and the nesting and number-length limits hold. (UTF-8 itself is checked
 * over the whole body before parsing, by {@link StrictUtf8}.)
 */
final class SkippingJsonParser extends UTF8StreamJsonParser {

    /** What each byte is to the scan outside strings. */
    private static final byte OTHER = 0;

    private static final byte SPACE = 1;
    private static final byte NEWLINE = 2;
    private static final byte QUOTE = 3;
    private static final byte OPEN = 4;
    private static final byte CLOSE = 5;
    private static final byte COLON = 6;
    private static final byte COMMA = 7;
    private static final byte NUMBER = 8;
    private static final byte LITERAL = 9;
    private static final byte[] CLASS = new byte[256];

    /** Inside strings: 0 nothing to do, 1 the closing quote, 2 an escape, 3 a raw control character. */
    private static final byte[] IN_STRING = new byte[256];

    /** What the scan expects next. */
    private static final int VALUE = 0;

    private static final int VALUE_OR_END = 1;
    private static final int NAME = 2;
    private static final int NAME_OR_END = 3;
    private static final int NAME_SEPARATOR = 4;
    private static final int COMMA_OR_END = 5;

    static {
        CLASS[' '] = SPACE;
        CLASS['\t'] = SPACE;
        CLASS['\r'] = SPACE;
        CLASS['\n'] = NEWLINE;
        CLASS['"'] = QUOTE;
        CLASS['{'] = OPEN;
        CLASS['['] = OPEN;
        CLASS['}'] = CLOSE;
        CLASS[']'] = CLOSE;
        CLASS[':'] = COLON;
        CLASS[','] = COMMA;
        CLASS['-'] = NUMBER;
        for (char c = '0'; c <= '9'; c++) {
            CLASS[c] = NUMBER;
        }
        CLASS['t'] = LITERAL;
        CLASS['f'] = LITERAL;
        CLASS['n'] = LITERAL;
        IN_STRING['"'] = 1;
        IN_STRING['\\'] = 2;
        for (int c = 0; c < 0x20; c++) {
            IN_STRING[c] = 3;
        }
    }

    SkippingJsonParser(
            IOContext context,
            int features,
            InputStream in,
            ObjectCodec codec,
            ByteQuadsCanonicalizer symbols,
            byte[] buffer,
            int start,
            int end,
            boolean recyclable) {
        super(context, features, in, codec, symbols, buffer, start, end, recyclable);
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken opening = _currToken;
        if (opening != JsonToken.START_OBJECT && opening != JsonToken.START_ARRAY) {
            return this;
        }
        int baseDepth = _parsingContext.getNestingDepth();
        int maxDepth = _streamReadConstraints.getMaxNestingDepth();
        // The closer each open bracket expects, so that "{]" is an error and not a skip.
        byte[] closers = new byte[Math.min(maxDepth, 64) + 1];
        int depth = 1;
        closers[0] = (byte) (opening == JsonToken.START_OBJECT ? '}' : ']');
        int expect = opening == JsonToken.START_OBJECT ? NAME_OR_END : VALUE_OR_END;
        while (depth > 0) {
            byte b = nextByte();
            switch (CLASS[b & 0xFF]) {
                case SPACE -> {
                    // Insignificant.
                }
                case NEWLINE -> {
                    ++_currInputRow;
                    _currInputRowStart = _inputPtr;
                }
                case QUOTE -> {
                    skipStringBody();
                    if (expect == NAME || expect == NAME_OR_END) {
                        expect = NAME_SEPARATOR;
                    } else if (expect == VALUE || expect == VALUE_OR_END) {
                        expect = COMMA_OR_END;
                    } else {
                        throw unexpected(b);
                    }
                }
                case OPEN -> {
                    if (expect != VALUE && expect != VALUE_OR_END) {
                        throw unexpected(b);
                    }
                    if (baseDepth + depth >= maxDepth) {
                        _streamReadConstraints.validateNestingDepth(baseDepth + depth + 1);
                    }
                    if (depth >= closers.length) {
                        closers = java.util.Arrays.copyOf(closers, Math.min(closers.length * 2, maxDepth + 1));
                    }
                    closers[depth++] = (byte) (b == '{' ? '}' : ']');
                    expect = b == '{' ? NAME_OR_END : VALUE_OR_END;
                }
                case CLOSE -> {
                    boolean closes = expect == COMMA_OR_END
                            || (expect == NAME_OR_END && b == '}')
                            || (expect == VALUE_OR_END && b == ']');
                    if (!closes) {
                        throw unexpected(b);
                    }
                    if (closers[--depth] != b) {
                        throw new JsonParseException(
                                this,
                                "Unexpected close marker '" + (char) b + "': expected '" + (char) closers[depth] + "'");
                    }
                    expect = COMMA_OR_END;
                }
                case COLON -> {
                    if (expect != NAME_SEPARATOR) {
                        throw unexpected(b);
                    }
                    expect = VALUE;
                }
                case COMMA -> {
                    if (expect != COMMA_OR_END) {
                        throw unexpected(b);
                    }
                    expect = closers[depth - 1] == '}' ? NAME : VALUE;
                }
                case NUMBER -> {
                    if (expect != VALUE && expect != VALUE_OR_END) {
                        throw unexpected(b);
                    }
                    skipNumber(b);
                    expect = COMMA_OR_END;
                }
                case LITERAL -> {
                    if (expect != VALUE && expect != VALUE_OR_END) {
                        throw unexpected(b);
                    }
                    skipLiteral(b == 't' ? "true" : b == 'f' ? "false" : "null");
                    expect = COMMA_OR_END;
                }
                default -> throw unexpected(b);
            }
        }
        _currToken = opening == JsonToken.START_OBJECT ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
        _parsingContext = _parsingContext.clearAndGetParent();
        return this;
    }

    /** Moves past the rest of a string whose opening quote was just read, checking its escapes. */
    private void skipStringBody() throws IOException {
        while (true) {
            byte b = nextByteInString();
            switch (IN_STRING[b & 0xFF]) {
                case 1 -> {
                    return;
                }
                case 2 -> skipEscape();
                case 3 ->
                    throw new JsonParseException(
                            this,
                            "Illegal unquoted character (code " + (b & 0xFF) + "): has to be escaped in a string");
                default -> {
                    // An ordinary character; UTF-8 is checked before parsing.
                }
            }
        }
    }

    private void skipEscape() throws IOException {
        byte b = nextByteInString();
        switch (b) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                // A one-character escape.
            }
            case 'u' -> {
                for (int i = 0; i < 4; i++) {
                    byte h = nextByteInString();
                    boolean hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
                    if (!hex) {
                        throw new JsonParseException(
                                this, "Unexpected character in a \\u escape: expected a hex digit");
                    }
                }
            }
            default ->
                throw new JsonParseException(this, "Unrecognized character escape '\\" + (char) (b & 0xFF) + "'");
        }
    }

    /**
     * Moves past a number whose first byte was just read, checking it against JSON's grammar,
     * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, and the number-length limit. The
     * byte after it is left for the scan.
     */
    private void skipNumber(byte first) throws IOException {
        int length = 1;
        int b = first;
        if (b == '-') {
            b = requireDigit();
            length++;
        }
        if (b == '0') {
            b = peek();
        } else {
            b = digits();
            length += digitsRead;
        }
        if (b == '.') {
            _inputPtr++;
            requireDigit();
            b = digits();
            length += 2 + digitsRead;
        }
        if (b == 'e' || b == 'E') {
            _inputPtr++;
            length++;
            int sign = peekRequired();
            if (sign == '+' || sign == '-') {
                _inputPtr++;
                length++;
            }
            requireDigit();
            b = digits();
            length += 1 + digitsRead;
        }
        if (isNameCharacter(b)) {
            throw new JsonParseException(this, "Unexpected character '" + (char) b + "' in a number");
        }
        _streamReadConstraints.validateIntegerLength(length);
    }

    private int digitsRead;

    /** Consumes a run of digits; returns the byte after it, unread, or -1 at the end of input. */
    private int digits() throws IOException {
        digitsRead = 0;
        while (true) {
            int b = peek();
            if (b < '0' || b > '9') {
                return b;
            }
            _inputPtr++;
            digitsRead++;
        }
    }

    private int requireDigit() throws IOException {
        byte b = nextByte();
        if (b < '0' || b > '9') {
            throw new JsonParseException(
                    this, "Unexpected character '" + (char) (b & 0xFF) + "' in a number: expected a digit");
        }
        return b;
    }

    /** Checks the rest of {@code true}, {@code false} or {@code null}, whose first byte was just read. */
    private void skipLiteral(String literal) throws IOException {
        for (int i = 1; i < literal.length(); i++) {
            if (nextByte() != literal.charAt(i)) {
                throw new JsonParseException(this, "Unrecognized token: expected '" + literal + "'");
            }
        }
        if (isNameCharacter(peek())) {
            throw new JsonParseException(this, "Unrecognized token: expected '" + literal + "'");
        }
    }

    private static boolean isNameCharacter(int b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '_'
                || b == '.'
                || b == '-'
                || b == '+'
                || b >= 0x80;
    }

    private byte nextByte() throws IOException {
        if (_inputPtr >= _inputEnd && !_loadMore()) {
            throw new JsonParseException(this, "Unexpected end-of-input inside a skipped value");
        }
        return _inputBuffer[_inputPtr++];
    }

    private byte nextByteInString() throws IOException {
        if (_inputPtr >= _inputEnd && !_loadMore()) {
            throw new JsonParseException(this, "Unexpected end-of-input inside a string");
        }
        return _inputBuffer[_inputPtr++];
    }

    /** The next byte without consuming it, or -1 at the end of input. */
    private int peek() throws IOException {
        if (_inputPtr >= _inputEnd && !_loadMore()) {
            return -1;
        }
        return _inputBuffer[_inputPtr] & 0xFF;
    }

    private int peekRequired() throws IOException {
        int b = peek();
        if (b < 0) {
            throw new JsonParseException(this, "Unexpected end-of-input inside a number");
        }
        return b;
    }

    private JsonParseException unexpected(byte b) {
        String shown = b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : "code " + (b & 0xFF);
        return new JsonParseException(this, "Unexpected character " + shown + " in a skipped value");
    }
}
