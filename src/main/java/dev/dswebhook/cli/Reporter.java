package dev.dswebhook.cli;

import java.io.PrintStream;

/** Writes a report in one output format. */
interface Reporter {

    /** Writes the whole report, summary included. */
    void write(Report report, PrintStream out);
}
