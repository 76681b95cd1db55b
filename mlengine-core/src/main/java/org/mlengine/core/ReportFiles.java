package org.mlengine.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an evaluation report was written: the self-contained HTML page and its JSON twin, which
 * holds the same numbers.
 *
 * <pre>{@code
 * ReportFiles files = result.report(Path.of("target/report"));
 * System.out.println("open " + files.html().toUri());
 * JsonNode numbers = new ObjectMapper().readTree(files.json().toFile());
 * }</pre>
 *
 * @param html the {@code report.html} file
 * @param json the {@code report.json} file beside it
 */
public record ReportFiles(Path html, Path json) {

  /** Checks that both paths are given. */
  public ReportFiles {
    Objects.requireNonNull(html, "ReportFiles needs the path of report.html; got null");
    Objects.requireNonNull(json, "ReportFiles needs the path of report.json; got null");
  }
}
