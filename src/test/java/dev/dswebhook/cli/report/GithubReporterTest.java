package dev.dswebhook.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The escaping of GitHub workflow commands, which the runner undoes before it shows an annotation. */
@DisplayName("GitHub annotations")
class GithubReporterTest {

    @Test
    @DisplayName("GitHub command text escapes %, line breaks, and in properties : and ,")
    void githubEscaping() {
        assertEquals("100%25 a%0D%0Ab: c, d", GithubReporter.data("100% a\r\nb: c, d"));
        assertEquals("dir%2Ca%3Ab.yaml", GithubReporter.property("dir,a:b.yaml"));
    }
}
