package dev.dswebhook.cli.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the paths on the command line into sources: a file as given, a directory's
 * {@code *.yaml}, {@code *.yml} and {@code *.json} files recursively, and {@code -} for standard input.
 *
 * <p>Directories are walked in sorted order so that reports are the same on every machine, and
 * hidden directories such as {@code .git} or {@code .github} are not entered: they hold YAML that
 * is not Kubernetes objects. A file named explicitly is read whatever its extension.
 */
public final class Sources {

    /** The argument that stands for standard input. */
    public static final String STDIN_ARGUMENT = "-";

    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private final Path workingDir;
    private final InputStream stdin;

    /** Sources for paths relative to a working directory, and for {@code -} the given standard input. */
    public Sources(Path workingDir, InputStream stdin) {
        this.workingDir = workingDir;
        this.stdin = stdin;
    }

    /**
     * Reads every file the arguments name, each once, in order. A file that cannot be read or is
     * not UTF-8 becomes an input error; a path that names nothing stops the run.
     */
    public List<Source> read(List<String> arguments, List<InputError> errors) throws PathException {
        Map<Path, String> files = new LinkedHashMap<>();
        boolean readStdin = false;
        for (String argument : arguments) {
            if (argument.equals(STDIN_ARGUMENT)) {
                readStdin = true;
                continue;
            }
            Path path = workingDir.resolve(argument);
            if (Files.isDirectory(path)) {
                List<Path> found = walk(path);
                if (found.isEmpty()) {
                    errors.add(new InputError(argument, 0, 0, "no *.yaml, *.yml or *.json file in this directory"));
                }
                for (Path file : found) {
                    files.putIfAbsent(
                            file.toAbsolutePath().normalize(),
                            Path.of(argument)
                                    .resolve(path.relativize(file))
                                    .normalize()
                                    .toString());
                }
            } else if (Files.isRegularFile(path)) {
                files.putIfAbsent(path.toAbsolutePath().normalize(), argument);
            } else {
                throw new PathException("no such file or directory: " + argument);
            }
        }
        List<Source> sources = new ArrayList<>(files.size() + 1);
        if (readStdin) {
            try {
                String text = decode(Source.STDIN, stdin.readAllBytes());
                sources.add(new Source(Source.STDIN, null, text, SourceFormat.sniff(text)));
            } catch (UnreadableException e) {
                errors.add(e.error);
            } catch (IOException e) {
                errors.add(new InputError(Source.STDIN, 0, 0, "cannot read standard input: " + e.getMessage()));
            }
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String name = file.getValue();
            try {
                String text = decode(name, Files.readAllBytes(file.getKey()));
                sources.add(new Source(name, file.getKey(), text, SourceFormat.ofFileName(name)));
            } catch (UnreadableException e) {
                errors.add(e.error);
            } catch (IOException e) {
                errors.add(new InputError(name, 0, 0, "cannot read the file: " + e.getMessage()));
            }
        }
        return sources;
    }

    private static List<Path> walk(Path dir) throws PathException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> !isUnderHiddenDirectory(dir, p))
                    .filter(Files::isRegularFile)
                    .filter(Sources::hasManifestExtension)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PathException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isUnderHiddenDirectory(Path root, Path file) {
        Path relative = root.relativize(file);
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (relative.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasManifestExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * Decodes UTF-8 strictly. A lenient decoder would turn a bad byte into U+FFFD, which
     * {@code --fix} would then write back over the user's file.
     */
    private static String decode(String name, byte[] bytes) throws UnreadableException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new UnreadableException(new InputError(
                    name, line, in.position() - lineStart + 1, "not valid UTF-8 (byte " + in.position() + ")"));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * A path on the command line that names nothing to read: not a file or directory, or a
     * directory that cannot be listed. Unlike an input error, it stops the run, as a usage error.
     */
    public static final class PathException extends Exception {

        PathException(String message) {
            super(message, null, false, false);
        }
    }

    /** A file whose bytes are not text this command can edit safely. */
    private static final class UnreadableException extends Exception {

        private final transient InputError error;

        UnreadableException(InputError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
