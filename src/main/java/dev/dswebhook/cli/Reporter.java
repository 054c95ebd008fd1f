package dev.dswebhook.cli;

import java.io.PrintStream;

/** Writes a report in one output format: findings and the summary to one stream, input errors to the other. */
interface Reporter {

    /**
     * Writes the whole report.
     *
     * @param verbose whether to list the defaults the API server applies anyway
     * @param out     where findings and the summary go
     * @param err     where input errors go, for people (a machine format also carries them in its document)
     */
    void write(Report report, boolean verbose, PrintStream out, PrintStream err);
}
