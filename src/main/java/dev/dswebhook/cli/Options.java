package dev.dswebhook.cli;

import dev.dswebhook.policy.Enforcement;
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
 * @param help        whether to print the usage and do nothing else
 */
record Options(
        List<String> inputs,
        List<String> oldInputs,
        OutputFormat output,
        boolean fix,
        boolean stdout,
        Enforcement enforcement,
        boolean help) {

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
