package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.dswebhook.decode.DaemonSetReader;
import dev.dswebhook.decode.JsonFields;
import dev.dswebhook.decode.JsonValues;
import dev.dswebhook.decode.StrictUtf8;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.ZeroValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an AdmissionReview request from its JSON bytes in one streaming pass.
 *
 * <p>The bytes must be well-formed UTF-8 ({@link StrictUtf8}). Only the envelope fields the webhook
 * uses are read; the object and old object go through {@link DaemonSetReader}, and everything else
 * is skipped, checked against the JSON grammar but not parsed ({@code decode.SkippingJsonParser}). Anything that leaves the
 * webhook unable to send a review back, such as broken JSON, a missing uid or an unknown
 * apiVersion, is a {@link MalformedReviewException}.
 */
public final class ReviewReader {

    private static final String REVIEW_KIND = "AdmissionReview";

    private final JsonFactory json;

    /** Creates a reader whose parsers carry the factory's nesting, string and number limits. */
    public ReviewReader(JsonFactory json) {
        this.json = json;
    }

    /** Reads a review, or explains in one sentence why it cannot be read. */
    public AdmissionRequest read(byte[] body) throws MalformedReviewException {
        return read(body, 0, body.length);
    }

    /** Reads a review from part of an array, such as the backing array of a network buffer. */
    public AdmissionRequest read(byte[] body, int offset, int length) throws MalformedReviewException {
        int invalid = StrictUtf8.firstInvalid(body, offset, length);
        if (invalid >= 0) {
            throw new MalformedReviewException("the body is not valid UTF-8 at byte " + (invalid - offset));
        }
        try {
            return read(json.createParser(body, offset, length));
        } catch (IOException e) {
            throw new MalformedReviewException("the body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads a review from a stream, such as a body that arrived in several network buffers; the
     * parser reads it through its own small recycled buffer, so a large body is never copied whole.
     */
    public AdmissionRequest read(InputStream body) throws MalformedReviewException {
        try {
            return read(json.createParser(StrictUtf8.checking(body)));
        } catch (IOException e) {
            throw new MalformedReviewException("the body could not be read: " + e.getMessage());
        }
    }

    private AdmissionRequest read(JsonParser opened) throws MalformedReviewException {
        try (JsonParser parser = opened) {
            return readReview(parser);
        } catch (StreamConstraintsException e) {
            throw new MalformedReviewException("the review exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (java.io.CharConversionException e) {
            throw new MalformedReviewException(e.getMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("the body is not valid JSON: " + e.getOriginalMessage() + " (at line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new MalformedReviewException("the body could not be read: " + e.getMessage());
        }
    }

    private AdmissionRequest readReview(JsonParser parser) throws IOException, MalformedReviewException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedReviewException("the body is empty; expected an AdmissionReview");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedReviewException(
                    "the body must be a JSON object (an AdmissionReview), not " + describe(first));
        }
        Envelope envelope = new Envelope();
        JsonFields.<MalformedReviewException>forEach(parser, field -> {
            switch (field) {
                case "apiVersion" -> envelope.apiVersion = string(parser, "apiVersion");
                case "kind" -> envelope.kind = string(parser, "kind");
                case "request" -> envelope.request = readRequest(parser);
                default -> parser.skipChildren();
            }
        });
        String apiVersion = envelope.apiVersion;
        String kind = envelope.kind;
        Request request = envelope.request;
        if (parser.nextToken() != null) {
            throw new MalformedReviewException("unexpected data after the AdmissionReview object");
        }
        if (!REVIEW_KIND.equals(kind)) {
            throw new MalformedReviewException("kind must be \"AdmissionReview\", got " + quoted(kind));
        }
        ReviewVersion version = ReviewVersion.of(apiVersion).orElse(null);
        if (version == null) {
            throw new MalformedReviewException("unsupported apiVersion " + quoted(apiVersion)
                    + "; supported: \"admission.k8s.io/v1\", \"admission.k8s.io/v1beta1\"");
        }
        if (request == null) {
            throw new MalformedReviewException("request is missing");
        }
        if (request.uid == null || request.uid.isEmpty()) {
            throw new MalformedReviewException("request.uid is missing or empty");
        }
        if (request.operation == null || request.operation.isEmpty()) {
            throw new MalformedReviewException("request.operation is missing or empty");
        }
        return new AdmissionRequest(
                version,
                request.uid,
                request.kind,
                ZeroValues.orEmpty(request.subResource),
                Operation.of(request.operation),
                ZeroValues.orEmpty(request.namespace),
                ZeroValues.orEmpty(request.name),
                request.dryRun,
                request.userInfo,
                request.object,
                request.oldObject);
    }

    /** The top-level fields, which may arrive in any order. */
    private static final class Envelope {
        String apiVersion;
        String kind;
        Request request;
    }

    /** The fields of {@code request.kind}. */
    private static final class Kind {
        String group;
        String version;
        String kind;
    }

    /** The fields of {@code request.userInfo}. */
    private static final class User {
        String username;
        List<String> groups = List.of();
    }

    /** The request fields as they arrive, in any order. */
    private static final class Request {
        String uid;
        GroupVersionKind kind;
        String subResource;
        String operation;
        String namespace;
        String name;
        boolean dryRun;
        UserInfo userInfo = UserInfo.UNKNOWN;
        DaemonSetInput object;
        DaemonSetInput oldObject;
    }

    private Request readRequest(JsonParser parser) throws IOException, MalformedReviewException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(parser, "request");
        Request request = new Request();
        JsonFields.<MalformedReviewException>forEach(parser, field -> {
            switch (field) {
                case "uid" -> request.uid = string(parser, "request.uid");
                case "kind" -> request.kind = readKind(parser);
                case "subResource" -> request.subResource = string(parser, "request.subResource");
                case "operation" -> request.operation = string(parser, "request.operation");
                case "namespace" -> request.namespace = string(parser, "request.namespace");
                case "name" -> request.name = string(parser, "request.name");
                case "dryRun" -> request.dryRun = bool(parser, "request.dryRun");
                case "userInfo" -> request.userInfo = readUserInfo(parser);
                case "object" -> request.object = DaemonSetReader.read(parser, "object", "");
                case "oldObject" -> request.oldObject = DaemonSetReader.read(parser, "oldObject", "oldObject.");
                default -> parser.skipChildren();
            }
        });
        return request;
    }

    private GroupVersionKind readKind(JsonParser parser) throws IOException, MalformedReviewException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(parser, "request.kind");
        Kind kind = new Kind();
        JsonFields.<MalformedReviewException>forEach(parser, field -> {
            switch (field) {
                case "group" -> kind.group = string(parser, "request.kind.group");
                case "version" -> kind.version = string(parser, "request.kind.version");
                case "kind" -> kind.kind = string(parser, "request.kind.kind");
                default -> parser.skipChildren();
            }
        });
        return new GroupVersionKind(
                ZeroValues.orEmpty(kind.group), ZeroValues.orEmpty(kind.version), ZeroValues.orEmpty(kind.kind));
    }

    private UserInfo readUserInfo(JsonParser parser) throws IOException, MalformedReviewException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return UserInfo.UNKNOWN;
        }
        expectObject(parser, "request.userInfo");
        User user = new User();
        JsonFields.<MalformedReviewException>forEach(parser, field -> {
            switch (field) {
                case "username" -> user.username = string(parser, "request.userInfo.username");
                case "groups" -> user.groups = strings(parser, "request.userInfo.groups");
                default -> parser.skipChildren();
            }
        });
        return new UserInfo(user.username, user.groups);
    }

    /** The envelope's values: one of the wrong type means no review can be read back. */
    private static JsonValues<MalformedReviewException> values(JsonParser parser) {
        return new JsonValues<>(parser, (at, path, expected) -> {
            throw wrongType(path, expected, at.currentToken());
        });
    }

    private static List<String> strings(JsonParser parser, String path) throws IOException, MalformedReviewException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(path, "an array of strings", parser.currentToken());
        }
        JsonValues<MalformedReviewException> values = values(parser);
        List<String> out = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String value = values.string(path + "[]");
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static String string(JsonParser parser, String path) throws IOException, MalformedReviewException {
        return values(parser).string(path);
    }

    private static boolean bool(JsonParser parser, String path) throws IOException, MalformedReviewException {
        return values(parser).bool(path);
    }

    private static void expectObject(JsonParser parser, String path) throws IOException, MalformedReviewException {
        values(parser).object(path);
    }

    private static MalformedReviewException wrongType(String path, String expected, JsonToken actual) {
        return new MalformedReviewException(path + " must be " + expected + ", not " + describe(actual));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "\"" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "\"";
    }
}
