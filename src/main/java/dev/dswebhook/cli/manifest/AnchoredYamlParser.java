package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Jackson's YAML parser, telling the anchor ({@code &name}) of every value, scalars included.
 *
 * <p>Jackson's own {@code getCurrentAnchor()} reports anchors of mappings and sequences only; a
 * scalar's, as in {@code image: &image registry.example/agent:1.0}, is lost. The anchor is on
 * the SnakeYAML event the current token came from, which the parser keeps.
 */
final class AnchoredYamlParser extends YAMLParser {

    private AnchoredYamlParser(
            IOContext context,
            int features,
            int yamlFeatures,
            LoaderOptions options,
            ObjectCodec codec,
            Reader reader) {
        super(context, features, yamlFeatures, options, codec, reader);
    }

    /** The anchor on the current value, or {@code null}; an alias names an anchor rather than having one. */
    String anchor() {
        return _lastEvent instanceof NodeEvent node && !(_lastEvent instanceof AliasEvent) ? node.getAnchor() : null;
    }

    /** The YAML factory that makes these parsers, configured as the builder says. */
    static final class Factory extends YAMLFactory {

        Factory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) throws IOException {
            return new AnchoredYamlParser(
                    context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
        }

        @Override
        protected YAMLParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable)
                throws IOException {
            return _createParser(new CharArrayReader(data, offset, length), context);
        }
    }
}
