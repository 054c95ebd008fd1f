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
                "\nRules: what each does by default, and what it judges the DaemonSet by (the object alone;\n"
                        + "the other objects of the files, and of the cluster with --cluster; or the manifest):\n");
        for (Rule rule : Rule.values()) {
            out.append(String.format(
                    "  %-22s %-8s %-9s %s%n",
                    rule.id(),
                    rule.defaultMode().name().toLowerCase(java.util.Locale.ROOT),
                    rule.scope().name().toLowerCase(java.util.Locale.ROOT),
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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyInputs || arg.equals(Sources.STDIN_ARGUMENT) || !arg.startsWith("-")) {
                inputs.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals > 0 ? arg.substring(0, equals) : arg;
            String inline = equals > 0 ? arg.substring(equals + 1) : null;
            switch (flag) {
                case "--" -> onlyInputs = true;
                case "-h", "--help" -> help = true;
                case "-v", "--verbose" -> verbose = true;
                case "--fix" -> fix = true;
                case "--stdout" -> stdout = true;
                case "--old" -> oldInputs.add(value(args, i, flag, inline));
                case "--cluster" -> cluster = true;
                case "--kubeconfig" -> kubeconfig = value(args, i, flag, inline);
                case "--context" -> context = value(args, i, flag, inline);
                case "-n", "--namespace" -> namespace = value(args, i, flag, inline);
                case "--family-label" -> familyLabel = value(args, i, flag, inline);
                case "--output" -> output = output(value(args, i, flag, inline));
                case "--mode" -> mode = mode(value(args, i, flag, inline));
                case "--warn-rules" ->
                    warnRules.addAll(Arrays.asList(value(args, i, flag, inline).split(",")));
                case "--enforce-rules" ->
                    enforceRules.addAll(
                            Arrays.asList(value(args, i, flag, inline).split(",")));
                default -> throw new UsageException("unknown option " + flag);
            }
            if (inline == null && takesValue(flag)) {
                i++;
            } else if (inline != null && !takesValue(flag)) {
                throw new UsageException(flag + " takes no value");
            }
        }
        Enforcement enforcement;
        try {
            enforcement = Enforcement.of(mode, warnRules, enforceRules, "--warn-rules", "--enforce-rules");
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

    private static boolean takesValue(String flag) {
        return switch (flag) {
            case "--old",
                    "--output",
                    "--mode",
                    "--warn-rules",
                    "--enforce-rules",
                    "--kubeconfig",
                    "--context",
                    "-n",
                    "--namespace",
                    "--family-label" -> true;
            default -> false;
        };
    }

    private static String value(List<String> args, int i, String flag, String inline) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(i + 1);
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
