package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Bounds on the JSON a review may contain, enforced by the parser while it streams.
 *
 * <p>The body cap already bounds total size; these bound the shapes that cost more than their
 * size suggests: deep nesting and very long numbers.
 *
 * @param maxNestingDepth deepest nesting of objects and arrays
 * @param maxStringLength longest single string value, in characters
 * @param maxNumberLength longest number, in characters
 */
public record JsonLimits(int maxNestingDepth, int maxStringLength, int maxNumberLength) {

    public JsonLimits {
        positive("max-nesting-depth", maxNestingDepth);
        positive("max-string-length", maxStringLength);
        positive("max-number-length", maxNumberLength);
    }

    /**
     * A factory whose parsers enforce these limits, never echo the input in error messages, and
     * skip unread subtrees by scanning their bytes ({@link SkippingJsonParser}).
     */
    public JsonFactory factory() {
        JsonFactoryBuilder builder = (JsonFactoryBuilder) JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(maxNumberLength)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION);
        return new SkippingJsonFactory(builder);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("webhook.json." + name + " must be at least 1, got " + value);
        }
    }
}
