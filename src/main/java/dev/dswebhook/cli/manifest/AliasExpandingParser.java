package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML token stream with anchors, aliases and merge keys expanded, as {@code kubectl apply}
 * reads them: {@code *name} stands for the value anchored {@code &name} before it in the same
 * document, and {@code <<: *name} (or {@code <<: [*a, *b]}) merges a mapping's entries into the
 * one it appears in, where the mapping's own keys and earlier merged mappings win.
 *
 * <p>Jackson's streaming YAML parser hands an alias over as the anchor's name in a string. This
 * parser records each anchored value's tokens as they pass and replays them where an alias
 * stands, so the readers above it (the outline and the webhook's own DaemonSet reader) see plain
 * values. A replayed token is located at its alias, which is where a reader should look; an edit
 * there would change every use of the anchor, so {@code --fix} leaves replayed values alone.
 *
 * <p>Expansion is capped: a few lines of nested aliases can stand for billions of values (the
 * "billion laughs"), so a source whose aliases expand past {@link #MAX_EXPANDED_TOKENS} tokens is
 * refused with an error instead of exhausting memory.
 */
final class AliasExpandingParser extends JsonParserDelegate {

    /** The most tokens that aliases of one source may expand to; real manifests use a few hundred. */
    static final int MAX_EXPANDED_TOKENS = 1_000_000;

    private static final String MERGE_KEY = "<<";

    private final AnchoredYamlParser yaml;
    private final int maxExpanded;
    private final Map<String, TokenBuffer> anchors = new HashMap<>();
    private final List<Recording> recordings = new ArrayList<>();
    private final Deque<Replay> replays = new ArrayDeque<>();
    private final Deque<Set<String>> keys = new ArrayDeque<>();
    private int depth;
    private long expanded;

    AliasExpandingParser(AnchoredYamlParser yaml) {
        this(yaml, MAX_EXPANDED_TOKENS);
    }

    AliasExpandingParser(AnchoredYamlParser yaml, int maxExpanded) {
        super(yaml);
        this.yaml = yaml;
        this.maxExpanded = maxExpanded;
    }

    /** Whether the current token was replayed from an anchor rather than read where it is written. */
    boolean replaying() {
        return delegate != yaml;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        while (true) {
            JsonToken token;
            Replay replay = replays.peek();
            if (replay != null) {
                token = replay.next();
                if (token == null) {
                    replays.pop();
                    continue;
                }
                delegate = replay.tokens;
                if (++expanded > maxExpanded) {
                    throw new UnsupportedYamlException(
                            "YAML aliases here expand to more than " + maxExpanded
                                    + " values, which no manifest needs (an alias bomb?); the file is not read",
                            replay.start);
                }
            } else {
                delegate = yaml;
                token = yaml.nextToken();
                if (token == null) {
                    return null;
                }
                if (depth == 0) {
                    // Anchors belong to their document.
                    anchors.clear();
                }
                if (yaml.isCurrentAlias()) {
                    replays.push(new Replay(anchored(token), yaml.currentTokenLocation(), yaml.currentLocation()));
                    continue;
                }
                if (token == JsonToken.FIELD_NAME && MERGE_KEY.equals(yaml.currentName())) {
                    merge();
                    continue;
                }
                String anchor = token.isStructEnd() || token == JsonToken.FIELD_NAME ? null : yaml.anchor();
                if (anchor != null) {
                    recordings.add(new Recording(anchor, new TokenBuffer(yaml.getCodec(), false)));
                }
            }
            follow(token);
            return token;
        }
    }

    /** The tokens of the anchor an alias names. */
    private TokenBuffer anchored(JsonToken token) throws IOException {
        if (token == JsonToken.FIELD_NAME) {
            throw new UnsupportedYamlException(
                    "the alias *" + yaml.getText() + " stands as a mapping key, which a Kubernetes object never has",
                    yaml.currentTokenLocation());
        }
        TokenBuffer tokens = anchors.get(yaml.getText());
        if (tokens == null) {
            throw new UnsupportedYamlException(
                    "the alias *" + yaml.getText() + " names no anchor (&" + yaml.getText()
                            + ") completed before it in this document",
                    yaml.currentTokenLocation());
        }
        return tokens;
    }

    /**
     * Replaces a merge key and its value with the entries of the mappings it names: the last one
     * first, so that, as later duplicates win, the first named wins over the rest; keys the
     * mapping itself gave before the merge are left out, and those it gives after it win anyway.
     */
    private void merge() throws IOException {
        JsonLocation start = yaml.currentTokenLocation();
        Set<String> own = Set.copyOf(keys.isEmpty() ? Set.of() : keys.peek());
        List<TokenBuffer> mappings = new ArrayList<>();
        JsonToken value = yaml.nextToken();
        if (value == JsonToken.START_ARRAY) {
            while ((value = yaml.nextToken()) != JsonToken.END_ARRAY) {
                mappings.add(mergedMapping(value));
            }
        } else {
            mappings.add(mergedMapping(value));
        }
        JsonLocation end = yaml.currentLocation();
        for (TokenBuffer mapping : mappings) {
            replays.push(new Replay(mapping, start, end, own));
        }
    }

    private TokenBuffer mergedMapping(JsonToken value) throws IOException {
        if (value == null || !yaml.isCurrentAlias()) {
            throw new UnsupportedYamlException(
                    "a merge key (<<) here takes something other than aliases of mappings;"
                            + " check expands only <<: *name and <<: [*a, *b]",
                    yaml.currentTokenLocation());
        }
        TokenBuffer tokens = anchored(value);
        if (tokens.firstToken() != JsonToken.START_OBJECT) {
            throw new UnsupportedYamlException(
                    "the merge key (<<) names *" + yaml.getText() + ", which is not a mapping",
                    yaml.currentTokenLocation());
        }
        return tokens;
    }

    /** Keeps the nesting and the mapping keys up to date, and copies the token into every open recording. */
    private void follow(JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            keys.push(new HashSet<>());
        } else if (token == JsonToken.END_OBJECT) {
            keys.pop();
        } else if (token == JsonToken.FIELD_NAME && !keys.isEmpty()) {
            keys.peek().add(currentName());
        }
        if (token.isStructStart()) {
            depth++;
        } else if (token.isStructEnd()) {
            depth--;
        }
        for (Iterator<Recording> it = recordings.iterator(); it.hasNext(); ) {
            Recording recording = it.next();
            recording.tokens.copyCurrentEvent(this);
            if (token.isStructStart()) {
                recording.open++;
            } else if (token.isStructEnd()) {
                recording.open--;
            }
            if (recording.open == 0) {
                anchors.put(recording.anchor, recording.tokens);
                it.remove();
            }
        }
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        // Skipping must go through nextToken: an anchor inside a skipped value can be used later.
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken next = nextToken();
            if (next == null) {
                return this;
            }
            if (next.isStructStart()) {
                open++;
            } else if (next.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    // The delegate's own next... methods would read the YAML parser directly, past any expansion.

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    @Override
    public JsonLocation currentTokenLocation() {
        Replay replay = replays.peek();
        return replaying() && replay != null ? replay.start : yaml.currentTokenLocation();
    }

    @Override
    public JsonLocation currentLocation() {
        Replay replay = replays.peek();
        return replaying() && replay != null ? replay.end : yaml.currentLocation();
    }

    @Deprecated
    @Override
    public JsonLocation getTokenLocation() {
        return currentTokenLocation();
    }

    @Deprecated
    @Override
    public JsonLocation getCurrentLocation() {
        return currentLocation();
    }

    @Override
    public void close() throws IOException {
        yaml.close();
    }

    /** An anchored value being recorded as it passes. */
    private static final class Recording {

        final String anchor;
        final TokenBuffer tokens;
        int open;

        Recording(String anchor, TokenBuffer tokens) {
            this.anchor = anchor;
            this.tokens = tokens;
        }
    }

    /**
     * An anchored value being replayed where an alias stands: whole, or, for a merge key, the
     * entries of its mapping without the braces and without the keys given before the merge.
     */
    private static final class Replay {

        final JsonParser tokens;
        final JsonLocation start;
        final JsonLocation end;
        final Set<String> leaveOut;
        final boolean entriesOnly;
        int open;

        Replay(TokenBuffer recorded, JsonLocation start, JsonLocation end) {
            this(recorded, start, end, null);
        }

        Replay(TokenBuffer recorded, JsonLocation start, JsonLocation end, Set<String> leaveOut) {
            this.tokens = recorded.asParser();
            this.start = start;
            this.end = end;
            this.leaveOut = leaveOut;
            this.entriesOnly = leaveOut != null;
        }

        /** The next token to hand over, or {@code null} when the value is done. */
        JsonToken next() throws IOException {
            while (true) {
                JsonToken token = tokens.nextToken();
                if (token == null) {
                    return null;
                }
                if (!entriesOnly) {
                    return token;
                }
                if (token.isStructStart()) {
                    if (open++ == 0) {
                        continue;
                    }
                } else if (token.isStructEnd()) {
                    if (--open == 0) {
                        return null;
                    }
                } else if (open == 1 && token == JsonToken.FIELD_NAME && leaveOut.contains(tokens.currentName())) {
                    tokens.nextToken();
                    tokens.skipChildren();
                    continue;
                }
                return token;
            }
        }
    }
}
