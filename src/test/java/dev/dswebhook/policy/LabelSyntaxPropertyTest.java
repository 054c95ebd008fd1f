package dev.dswebhook.policy;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Label keys and values built around the edges of the rules (lengths 0, 1, 62, 63, 64, 253 and
 * 254; prefixes with and without dots; upper case in a prefix; leading and trailing '-', '_' and
 * '.'; non-ASCII), judged against the documented rules written as regular expressions.
 */
@Label("Label syntax")
class LabelSyntaxPropertyTest {

    static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @Property(tries = 3000)
    @Label("a key is valid exactly when the documented rule says so")
    boolean keysFollowTheDocumentedRule(@ForAll("keys") String key) {
        return LabelSyntax.isValidKey(key) == documentedKey(key)
                && LabelSyntax.keyErrors(key).isEmpty() == documentedKey(key);
    }

    @Property(tries = 3000)
    @Label("a value is valid exactly when the documented rule says so")
    boolean valuesFollowTheDocumentedRule(@ForAll("names") String value) {
        return LabelSyntax.isValidValue(value) == documentedValue(value)
                && LabelSyntax.valueErrors(value).isEmpty() == documentedValue(value);
    }

    static boolean documentedKey(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        String name = parts[parts.length - 1];
        boolean nameOk = bytes(name) <= 63 && NAME.matcher(name).matches();
        if (parts.length == 1) {
            return nameOk;
        }
        String prefix = parts[0];
        return nameOk && bytes(prefix) <= 253 && SUBDOMAIN.matcher(prefix).matches();
    }

    static boolean documentedValue(String value) {
        return value.isEmpty() || (bytes(value) <= 63 && NAME.matcher(value).matches());
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> prefix = Arbitraries.oneOf(
                Arbitraries.just(""),
                subdomain().map(p -> p + "/"),
                subdomain().map(p -> p.toUpperCase() + "/"),
                Arbitraries.just("/"),
                subdomain().map(p -> p + "/x/"));
        return Combinators.combine(prefix, names()).as(String::concat);
    }

    Arbitrary<String> subdomain() {
        Arbitrary<String> label =
                Arbitraries.strings().withChars("abz09-").ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> dotted = label.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
        Arbitrary<String> atLength = Arbitraries.of(252, 253, 254).map(n -> "a".repeat(n - 4) + ".com");
        return Arbitraries.oneOf(dotted, atLength);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> body =
                Arbitraries.strings().withChars("aZ9-_.é").ofMinLength(0).ofMaxLength(6);
        Arbitrary<String> edge = Arbitraries.of("-", "_", ".", "", "a", "Z", "é");
        Arbitrary<String> atLength = Arbitraries.of(0, 1, 62, 63, 64).map("x"::repeat);
        Arbitrary<String> built = Combinators.combine(edge, Arbitraries.oneOf(body, atLength), edge)
                .as((a, b, c) -> a + b + c);
        return Arbitraries.oneOf(built, atLength, Arbitraries.of(31, 32).map("é"::repeat));
    }
}
