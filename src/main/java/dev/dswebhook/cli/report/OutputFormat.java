package dev.dswebhook.cli.report;

import java.util.Locale;
import java.util.Optional;

/** The output formats {@code --output} chooses from, each with its reporter. */
public enum OutputFormat {
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
    public Reporter reporter() {
        return reporter;
    }

    /** The name the command line gives it, such as {@code sarif}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of that name, if there is one. */
    public static Optional<OutputFormat> of(String id) {
        for (OutputFormat format : values()) {
            if (format.id().equals(id)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Every format's name, as a sentence lists them: {@code text, json, github or sarif}. */
    public static String ids() {
        StringBuilder out = new StringBuilder();
        OutputFormat[] formats = values();
        for (int i = 0; i < formats.length; i++) {
            if (i > 0) {
                out.append(i == formats.length - 1 ? " or " : ", ");
            }
            out.append(formats[i].id());
        }
        return out.toString();
    }
}
