package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.DocumentReader;
import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.manifest.Source;
import dev.dswebhook.cli.manifest.Sources;
import dev.dswebhook.cli.report.CheckedDaemonSet;
import dev.dswebhook.cli.report.Report;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code check} command: judges the DaemonSets in manifests on disk by the webhook's own policy,
 * before they reach a cluster.
 *
 * <p>It is a plain {@code main} that starts no Quarkus runtime, so it runs in well under a second
 * from the packaged application's jars; {@code target/quarkus-app/bin/daemonset-check} (and
 * {@code check} in the image) start it.
 */
public final class Check {

    private final Options options;
    private final Sources sources;
    private final PrintStream out;
    private final List<InputError> errors = new ArrayList<>();

    private Check(Options options, Sources sources, PrintStream out) {
        this.options = options;
        this.sources = sources;
        this.out = out;
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        // The report quotes label values, which may be any UTF-8; the platform encoding may not be.
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(List.of(args), Path.of("").toAbsolutePath(), System.in, out, err);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs the command as {@link #main} does, against the given working directory and streams.
     *
     * @return the exit code: 0 nothing failed, 1 an enforced violation, 2 a usage or input error
     */
    public static int run(List<String> args, Path workingDir, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("check: " + e.getMessage());
            err.println("Run with --help for usage.");
            return Report.EXIT_UNUSABLE;
        }
        if (options.help()) {
            out.print(Arguments.HELP);
            return Report.EXIT_PASSED;
        }
        try {
            Check check = new Check(options, new Sources(workingDir, stdin), out);
            Report report = check.check();
            if (report.documents() == 0 && report.errors().isEmpty()) {
                // A wrong path or an empty render in CI must not pass as "nothing failed".
                err.println("check: nothing to check: no Kubernetes objects in " + String.join(", ", options.inputs())
                        + " (directories are searched for *.yaml, *.yml and *.json)");
                return Report.EXIT_UNUSABLE;
            }
            options.output().reporter().write(report, options.verbose(), options.fixesToStdout() ? err : out, err);
            return report.exitCode();
        } catch (UsageException e) {
            err.println("check: " + e.getMessage());
            return Report.EXIT_UNUSABLE;
        }
    }

    private Report check() throws UsageException {
        OldObjects oldObjects = oldObjects();
        List<Source> inputs = read(options.inputs());
        if (options.fixesToStdout() && inputs.size() > 1) {
            throw new UsageException("--fix writes to standard output for one file only, and "
                    + options.inputs().get(0) + " holds " + inputs.size() + " files");
        }
        // Every file is read before any is judged: together they are the cluster each DaemonSet joins.
        DocumentReader reader = new DocumentReader("object", "");
        List<DocumentReader.Contents> read = new ArrayList<>(inputs.size());
        List<Manifest> everything = new ArrayList<>();
        for (Source source : inputs) {
            DocumentReader.Contents contents = reader.read(source);
            read.add(contents);
            everything.addAll(contents.manifests());
            if (contents.error() != null) {
                errors.add(contents.error());
            }
            errors.addAll(contents.unbound());
        }
        try (LiveCluster live = options.cluster() == null
                ? null
                : LiveCluster.open(
                        options.cluster().kubeconfig(), options.cluster().context())) {
            // kubectl apply puts an object that names no namespace in the context's, else in default.
            String namespace = options.namespace() != null
                    ? options.namespace()
                    : live != null ? live.snapshot().namespace() : "default";
            ManifestJudge judge = new ManifestJudge(
                    options.settings(),
                    options.enforcement(),
                    oldObjects,
                    ManifestCluster.of(live, everything, namespace),
                    live == null ? Map.of() : live.snapshot().daemonSetsByName(),
                    namespace,
                    live != null && live.snapshot().nodesListed());
            return judged(inputs, read, reader, judge);
        }
    }

    private Report judged(
            List<Source> inputs, List<DocumentReader.Contents> read, DocumentReader reader, ManifestJudge judge) {
        List<CheckedDaemonSet> results = new ArrayList<>();
        List<Manifest> skipped = new ArrayList<>();
        int documents = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Source source = inputs.get(i);
            DocumentReader.Contents contents = read.get(i);
            List<CheckedDaemonSet> own = new ArrayList<>();
            String text = source.text();
            if (contents.error() == null) {
                documents += contents.documents();
                for (Manifest manifest : contents.manifests()) {
                    if (manifest.isDaemonSet()) {
                        own.add(judge.check(manifest));
                    } else if (Manifest.isRemovedDaemonSet(manifest.outline())) {
                        own.add(judge.removed(manifest));
                    } else {
                        skipped.add(manifest);
                    }
                }
                if (options.fix()) {
                    Fixer.Fixed fixed = Fixer.fix(source, own, reader, judge);
                    text = fixed.text();
                    own = fixed.results();
                }
            }
            if (!writeFixed(source, text)) {
                own = Fixer.notFixed(own, "the file could not be written");
            }
            results.addAll(own);
        }
        return new Report(results, skipped, errors, documents);
    }

    private OldObjects oldObjects() throws UsageException {
        if (options.oldInputs().isEmpty()) {
            return OldObjects.NONE;
        }
        DocumentReader reader = new DocumentReader("oldObject", "oldObject.");
        List<Manifest> manifests = new ArrayList<>();
        for (Source source : read(options.oldInputs())) {
            DocumentReader.Contents contents = reader.read(source);
            if (contents.error() != null) {
                errors.add(contents.error());
            }
            manifests.addAll(contents.manifests());
        }
        return OldObjects.of(manifests, errors);
    }

    /** Reads the files that arguments name; a path that names nothing is a usage error. */
    private List<Source> read(List<String> arguments) throws UsageException {
        try {
            return sources.read(arguments, errors);
        } catch (Sources.PathException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Writes a source's text where {@code --fix} sends it; false when the file cannot be written. */
    private boolean writeFixed(Source source, String text) {
        if (!options.fix()) {
            return true;
        }
        if (options.fixesToStdout()) {
            out.print(text);
            return true;
        }
        if (text.equals(source.text())) {
            return true;
        }
        try {
            Files.writeString(source.path(), text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            errors.add(new InputError(source.name(), 0, 0, "cannot write the fixed file: " + e.getMessage()));
            return false;
        }
    }
}
