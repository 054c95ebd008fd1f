package dev.dswebhook.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package graph the README draws, held to the sources: which of the project's packages each
 * package may import, so that the layering (http, then admission, then decode and policy; the
 * check command beside admission, over its rooms for reading manifests and for reports) cannot
 * erode one import at a time. A package is named by its path below {@code dev.dswebhook}, such as
 * {@code cli.report}.
 */
@DisplayName("The package graph")
class PackageGraphTest {

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "dswebhook");

    /**
     * What each package may import from the project, and nothing else. No package may import
     * {@code cli}: it is the top of the check command, as {@code http} is of the webhook.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("policy", Set.of()),
            Map.entry("decode", Set.of("policy")),
            Map.entry("admission", Set.of("decode", "policy")),
            Map.entry("cli", Set.of("cli.manifest", "cli.report", "policy")),
            Map.entry("cli.manifest", Set.of("decode", "policy")),
            Map.entry("cli.report", Set.of("cli.manifest", "policy")),
            Map.entry("cluster", Set.of("policy")),
            Map.entry("config", Set.of("admission", "cluster", "decode", "policy")),
            Map.entry("tls", Set.of("config")),
            Map.entry("observe", Set.of("admission", "cluster", "policy", "tls", "config")),
            Map.entry("http", Set.of("admission", "observe", "tls", "config")));

    /** A package's name below {@code dev.dswebhook}: its lower-case segments, up to a type name or {@code *}. */
    private static final String PACKAGE = "([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)";

    static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.dswebhook\\." + PACKAGE, Pattern.MULTILINE);
    static final Pattern NAMED = Pattern.compile("\\bdev\\.dswebhook\\." + PACKAGE);

    @Test
    @DisplayName("each package imports only the packages below it, and every package has a package-info.java")
    void eachPackageImportsOnlyWhatItMay() throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        List<String> missingInfo = new ArrayList<>();
        try (Stream<Path> packages = Files.walk(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory)
                    .filter(d -> !d.equals(SOURCES))
                    .toList()) {
                String name = SOURCES.relativize(dir)
                        .toString()
                        .replace(dir.getFileSystem().getSeparator(), ".");
                if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                    missingInfo.add(name);
                }
                Set<String> used = new TreeSet<>();
                // Only this directory's files: a sub-package is a package of its own.
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        String source = Files.readString(file);
                        collect(IMPORT.matcher(source), used);
                        collect(NAMED.matcher(source), used);
                    }
                }
                used.remove(name);
                actual.put(name, used);
            }
        }
        assertEquals(List.of(), missingInfo, "packages without a package-info.java");
        assertEquals(new TreeSet<>(ALLOWED.keySet()), actual.keySet(), "the packages the graph knows");
        actual.forEach((name, used) -> assertTrue(
                ALLOWED.get(name).containsAll(used),
                name + " imports " + used + " but may import only " + ALLOWED.get(name)));
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }
}
