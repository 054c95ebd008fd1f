package dev.dswebhook.cli.manifest;

/**
 * An input that could not be checked, such as a file that does not parse, and where it stopped.
 *
 * <p>Any input error makes the run exit with 2: the check did not see everything it was given.
 *
 * @param source  the file's name as reports show it
 * @param line    1-based line, or 0 when the problem has no line
 * @param column  1-based column, or 0 when unknown
 * @param message what is wrong, in one sentence
 */
public record InputError(String source, int line, int column, String message) {}
