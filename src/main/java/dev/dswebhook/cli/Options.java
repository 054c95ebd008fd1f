package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.Sources;
import dev.dswebhook.cli.report.OutputFormat;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.PolicySettings;
import java.util.List;

/**
 * What the command line asks for.
 *
 * @param inputs      files, directories and {@code -}, in order
 * @param oldInputs   where the objects as they are now live, for judging updates
 * @param output      the report format
 * @param fix         whether to write the defaults into the inputs
 * @param stdout      whether the fixed manifest goes to standard output instead of back to its file
 * @param enforcement which rules fail the check and which only warn
 * @param settings    what the rules are told, such as the label that names a daemon
 * @param cluster     the live cluster to read as well, or {@code null} for the files alone
 * @param namespace   where objects without a namespace go, or {@code null} for kubectl's default
 * @param verbose     whether reports also list the defaults the API server applies anyway
 * @param help        whether to print the usage and do nothing else
 */
record Options(
        List<String> inputs,
        List<String> oldInputs,
        OutputFormat output,
        boolean fix,
        boolean stdout,
        Enforcement enforcement,
        PolicySettings settings,
        ClusterAccess cluster,
        String namespace,
        boolean verbose,
        boolean help) {

    /**
     * How to reach a live cluster with {@code --cluster}.
     *
     * @param kubeconfig the kubeconfig file, or {@code null} for kubectl's default
     * @param context    the kubeconfig context, or {@code null} for the current one
     */
    record ClusterAccess(String kubeconfig, String context) {}

    Options {
        inputs = List.copyOf(inputs);
        oldInputs = List.copyOf(oldInputs);
    }

    /**
     * Whether the fixed manifest is written to standard output: when asked, and always for
     * standard input, which has no file to write back to. The report then goes to standard error.
     */
    boolean fixesToStdout() {
        return fix && (stdout || inputs.contains(Sources.STDIN_ARGUMENT));
    }
}
