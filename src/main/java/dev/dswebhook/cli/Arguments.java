package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.Sources;
import dev.dswebhook.cli.report.OutputFormat;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.PolicySettings;
import dev.dswebhook.policy.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the command line by hand: a handful of flags does not warrant a parser library on the
 * classpath or in start-up time. Flags take their value as {@code --flag value} or {@code --flag=value}.
 */
final class Arguments {

    /** The help text, printed by {@code --help}: the usage, the rules, then what comes out. */
    static final String HELP = usage() + rules() + outcome();

    private static String usage() {
        return """
            Usage: daemonset-check [options] <file|directory|->...

            Judges every DaemonSet in the given YAML or JSON manifests by the admission webhook's
            rules, with the webhook's messages. Directories are searched recursively for *.yaml,
            *.yml and *.json; - reads standard input (render Helm charts first:
            helm template RELEASE CHART | daemonset-check -). Other kinds are skipped.

            Options:
              --old <file|directory|->   the objects as they are now; a DaemonSet found there by
                                         namespace/name is judged as an update (selector immutability)
              --output FORMAT            text (default): file:line:column: severity: message;
                                         json; github (Actions annotations); sarif (code scanning)
              -v, --verbose              also list the defaults the API server applies anyway
              --fix                      write the default the webhook applies (restartPolicy: Always)
                                         back into each file, changing nothing else
              --stdout                   with --fix and one input: write the fixed manifest to standard
                                         output and the report to standard error (implied for -)
              --mode enforce|warn        whether violations fail the check (default: enforce)
              --warn-rules <r1,r2>       rules that only warn, whatever the mode
              --enforce-rules <r1,r2>    rules that fail the check, whatever the mode
              --off-rules <r1,r2>        rules not checked at all
              --family-label <key>       the pod template label that names a daemon, for
                                         daemon-family-overlap (default: app.kubernetes.io/name)
              --cluster                  also judge against the live cluster of the kubeconfig
                                         (read-only: lists DaemonSets, workloads, Nodes, priority
                                         classes, and the pods a selector takes in); the files
                                         replace its objects of the same kind and name
              --kubeconfig <file>        the kubeconfig for --cluster (default: as kubectl)
              --context <name>           the kubeconfig context for --cluster
              -n, --namespace <name>     the namespace of objects that name none (default: the
                                         context's with --cluster, else default)
              -h, --help                 print this help
                """;
    }

    /**
     * Every rule, from the rules themselves, with what it does by default and what it looks at: a
     * new rule cannot be left out of the help.
     */
    private static String rules() {
        StringBuilder out = new StringBuilder(
                "\nRules: what each does by default, and what it judges: the object alone, as the API server also\n"
                        + "does (api-server) or beyond it (object); the other objects of the files, and of the cluster\n"
                        + "with --cluster (cluster); or the manifest as written (manifest):\n");
        for (Rule rule : Rule.values()) {
            out.append(String.format(
                    "  %-22s %-8s %-10s %s%n",
                    rule.id(),
                    rule.defaultMode().name().toLowerCase(java.util.Locale.ROOT),
                    rule.scope().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    rule.summary()));
        }
        return out.append('\n').toString();
    }

    private static String outcome() {
        return """
            Findings and the summary go to standard output; input and usage errors to standard
            error. Exit codes: 0 nothing failed; 1 a violation of an enforced rule; 2 a usage
            error, an input that could not be read or parsed, or no Kubernetes objects at all.
                """;
    }

    private Arguments() {}

    /** Parses the arguments, or explains in one sentence what is wrong with them. */
    static Options parse(List<String> args) throws UsageException {
        List<String> inputs = new ArrayList<>();
        List<String> oldInputs = new ArrayList<>();
        List<String> warnRules = new ArrayList<>();
        List<String> enforceRules = new ArrayList<>();
        List<String> offRules = new ArrayList<>();
        OutputFormat output = OutputFormat.TEXT;
        EnforcementMode mode = EnforcementMode.ENFORCE;
        boolean fix = false;
        boolean stdout = false;
        boolean help = false;
        boolean verbose = false;
        boolean onlyInputs = false;
        boolean cluster = false;
        String kubeconfig = null;
        String context = null;
        String namespace = null;
        String familyLabel = PolicySettings.DEFAULTS.familyLabel();
        Cursor at = new Cursor(args);
        while (at.next()) {
            String arg = at.arg();
            if (onlyInputs || arg.equals(Sources.STDIN_ARGUMENT) || !arg.startsWith("-")) {
                inputs.add(arg);
                continue;
            }
            String flag = at.flag();
            switch (flag) {
                case "--" -> onlyInputs = true;
                case "-h", "--help" -> help = true;
                case "-v", "--verbose" -> verbose = true;
                case "--fix" -> fix = true;
                case "--stdout" -> stdout = true;
                case "--old" -> oldInputs.add(at.value());
                case "--cluster" -> cluster = true;
                case "--kubeconfig" -> kubeconfig = at.value();
                case "--context" -> context = at.value();
                case "-n", "--namespace" -> namespace = at.value();
                case "--family-label" -> familyLabel = at.value();
                case "--output" -> output = output(at.value());
                case "--mode" -> mode = mode(at.value());
                case "--warn-rules" -> warnRules.addAll(Arrays.asList(at.value().split(",")));
                case "--enforce-rules" ->
                    enforceRules.addAll(Arrays.asList(at.value().split(",")));
                case "--off-rules" -> offRules.addAll(Arrays.asList(at.value().split(",")));
                default -> throw new UsageException("unknown option " + flag);
            }
            at.endFlag();
        }
        Enforcement enforcement;
        try {
            enforcement = Enforcement.named(
                    mode,
                    List.of(warnRules, enforceRules, offRules),
                    List.of("--warn-rules", "--enforce-rules", "--off-rules"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PolicySettings settings;
        try {
            settings = new PolicySettings(familyLabel);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--family-label: " + e.getMessage());
        }
        if (!cluster && (kubeconfig != null || context != null)) {
            throw new UsageException("--kubeconfig and --context only go with --cluster");
        }
        Options options = new Options(
                inputs,
                oldInputs,
                output,
                fix,
                stdout,
                enforcement,
                settings,
                cluster ? new Options.ClusterAccess(kubeconfig, context) : null,
                namespace,
                verbose,
                help);
        if (!help) {
            validate(options);
        }
        return options;
    }

    private static void validate(Options options) throws UsageException {
        if (options.inputs().isEmpty()) {
            throw new UsageException("no input; give files, directories, or - for standard input");
        }
        if (options.stdout() && !options.fix()) {
            throw new UsageException("--stdout only goes with --fix");
        }
        if (options.fixesToStdout() && options.inputs().size() != 1) {
            throw new UsageException("--fix writes to standard output for one input only; give one file or -");
        }
        if (options.inputs().contains(Sources.STDIN_ARGUMENT)
                && options.oldInputs().contains(Sources.STDIN_ARGUMENT)) {
            throw new UsageException("standard input can be read once: give - either as an input or to --old");
        }
    }

    /**
     * Walks the arguments one flag at a time. A flag takes a value exactly when its case reads one,
     * so which flags take values is said once, in the switch, and never drifts from it.
     */
    private static final class Cursor {
        private final List<String> args;
        private int index = -1;
        private String flag;
        private String inline;
        private boolean valueRead;

        Cursor(List<String> args) {
            this.args = args;
        }

        boolean next() {
            index++;
            flag = null;
            inline = null;
            valueRead = false;
            return index < args.size();
        }

        String arg() {
            return args.get(index);
        }

        String flag() {
            String arg = arg();
            int equals = arg.indexOf('=');
            flag = equals > 0 ? arg.substring(0, equals) : arg;
            inline = equals > 0 ? arg.substring(equals + 1) : null;
            return flag;
        }

        /** The flag's value, given as {@code --flag=value} or as the next argument. */
        String value() throws UsageException {
            valueRead = true;
            if (inline != null) {
                return inline;
            }
            if (index + 1 >= args.size()) {
                throw new UsageException(flag + " needs a value");
            }
            return args.get(++index);
        }

        void endFlag() throws UsageException {
            if (inline != null && !valueRead) {
                throw new UsageException(flag + " takes no value");
            }
        }
    }

    private static OutputFormat output(String value) throws UsageException {
        return OutputFormat.of(value)
                .orElseThrow(
                        () -> new UsageException("--output must be " + OutputFormat.ids() + ", not '" + value + "'"));
    }

    private static EnforcementMode mode(String value) throws UsageException {
        return switch (value) {
            case "enforce" -> EnforcementMode.ENFORCE;
            case "warn" -> EnforcementMode.WARN;
            default -> throw new UsageException("--mode must be enforce or warn, not '" + value + "'");
        };
    }
}
