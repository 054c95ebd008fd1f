package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Jackson factory whose parsers skip an unread subtree by scanning its bytes for structure
 * instead of tokenizing it; see {@link SkippingJsonParser}. Input is taken as UTF-8, as JSON on
 * the network must be.
 */
final class SkippingJsonFactory extends JsonFactory {

    private static final long serialVersionUID = 1L;

    SkippingJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int length, IOContext context) throws IOException {
        return new SkippingJsonParser(
                context,
                _parserFeatures,
                null,
                _objectCodec,
                _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
                data,
                offset,
                offset + length,
                false);
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
        return new SkippingJsonParser(
                context,
                _parserFeatures,
                in,
                _objectCodec,
                _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
                context.allocReadIOBuffer(),
                0,
                0,
                true);
    }
}
