/**
 * What the {@code check} command found, and one reporter per output format (text, JSON, GitHub
 * annotations, SARIF): the verdict on each DaemonSet with its findings and defaults, the whole
 * {@link dev.dswebhook.cli.report.Report} with its exit code, and the one contract every format
 * follows, {@link dev.dswebhook.cli.report.Reporter}.
 *
 * <p>A new format is a reporter here and a constant of {@link dev.dswebhook.cli.report.OutputFormat};
 * {@code --output} and its usage error take the names from there, and the command line's tests run
 * every format. The help's one-line description of the formats is the command's to write.
 *
 * <p>May import: {@code cli.manifest} (where each finding is), {@code policy} (violations, rules,
 * defaults), Jackson's generator. Nothing of {@code cli}: the command calls the reporters, never
 * the other way round.
 */
package dev.dswebhook.cli.report;
