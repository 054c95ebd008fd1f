package dev.dswebhook.cli.report;

import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import java.util.List;

/**
 * Everything one run found, in input order, for a reporter to write out.
 *
 * @param results   every DaemonSet judged
 * @param skipped   every object that is not an apps/v1 DaemonSet
 * @param errors    every input that could not be read, and every {@code --old} conflict
 * @param documents how many non-empty documents were read
 */
public record Report(List<CheckedDaemonSet> results, List<Manifest> skipped, List<InputError> errors, int documents) {

    /** All checked, nothing failed. */
    public static final int EXIT_PASSED = 0;
    /** At least one violation of an enforced rule. */
    static final int EXIT_FAILED = 1;
    /** A usage error, or an input that could not be read: the check is not complete. */
    public static final int EXIT_UNUSABLE = 2;

    public Report {
        results = List.copyOf(results);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /**
     * The exit code: 2 when an input could not be read, whatever else was found, because a green
     * run must mean that everything given was checked; otherwise 1 when anything failed.
     */
    public int exitCode() {
        if (!errors.isEmpty()) {
            return EXIT_UNUSABLE;
        }
        return count(CheckedDaemonSet.Status.FAILED) > 0 ? EXIT_FAILED : EXIT_PASSED;
    }

    /** How many DaemonSets fared so. */
    int count(CheckedDaemonSet.Status status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }

    /** How many DaemonSets' defaults ended so. */
    int count(FixStatus fix) {
        return (int) results.stream().filter(r -> r.fix() == fix).count();
    }

    /**
     * The summary line every format ends with, such as {@code 9 documents read, 6 DaemonSets
     * judged: 2 passed, 3 failed, 1 warned; 3 skipped}, followed by the defaults and errors when
     * there are any; the defaults still due only when asked, as the API server applies them anyway.
     */
    String summary(boolean verbose) {
        StringBuilder out = new StringBuilder()
                .append(plural(documents, "document"))
                .append(" read, ")
                .append(plural(results.size(), "DaemonSet"))
                .append(" judged: ")
                .append(count(CheckedDaemonSet.Status.PASSED))
                .append(" passed, ")
                .append(count(CheckedDaemonSet.Status.FAILED))
                .append(" failed, ")
                .append(count(CheckedDaemonSet.Status.WARNED))
                .append(" warned; ")
                .append(skipped.size())
                .append(" skipped");
        if (verbose && count(FixStatus.DUE) > 0) {
            out.append("; ").append(count(FixStatus.DUE)).append(" to default (--fix writes restartPolicy: Always)");
        }
        if (count(FixStatus.FIXED) > 0) {
            out.append("; ").append(count(FixStatus.FIXED)).append(" fixed");
        }
        if (count(FixStatus.NOT_FIXED) > 0) {
            out.append("; ").append(count(FixStatus.NOT_FIXED)).append(" not fixed");
        }
        if (!errors.isEmpty()) {
            out.append("; ").append(plural(errors.size(), "input error"));
        }
        return out.toString();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
