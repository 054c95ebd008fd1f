package dev.dswebhook.cli;

import java.util.Locale;

/** The output formats {@code --output} chooses from, each with its reporter. */
enum OutputFormat {
    /** One line per finding, for people. */
    TEXT(new TextReporter()),
    /** One JSON document, for programs. */
    JSON(new JsonReporter()),
    /** GitHub Actions workflow commands, which the Actions UI shows on the lines of the pull request. */
    GITHUB(new GithubReporter()),
    /** SARIF 2.1.0, which GitHub code scanning and most CI dashboards read. */
    SARIF(new SarifReporter());

    private final Reporter reporter;

    OutputFormat(Reporter reporter) {
        this.reporter = reporter;
    }

    /** The reporter that writes this format. */
    Reporter reporter() {
        return reporter;
    }

    /** The format named on the command line: {@code text}, {@code json}, {@code github} or {@code sarif}. */
    static OutputFormat of(String name) throws UsageException {
        for (OutputFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
                return format;
            }
        }
        throw new UsageException("--output must be text, json, github or sarif, not '" + name + "'");
    }
}
