package org.mlengine.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the evaluation report of a {@link PipelineResult}; the service behind {@link
 * PipelineResult#report(Path)}. Core only declares it: mlengine-eval implements it and lists the
 * implementation in {@code META-INF/services/org.mlengine.core.ReportWriter}, so the report's
 * charts come from the evaluation module without core depending on it.
 *
 * <pre>{@code
 * public final class EvalReportWriter implements ReportWriter {
 *   public ReportFiles write(PipelineResult result, Path directory) throws IOException {
 *     return Report.of(result).write(directory);
 *   }
 * }
 * }</pre>
 */
public interface ReportWriter {

  /**
   * Writes {@code report.html} and {@code report.json} for {@code result} into {@code directory}
   * (created if missing), replacing earlier files of those names only once both are complete.
   *
   * @throws IOException when the directory or a file cannot be written; nothing half-written is
   *     left behind
   */
  ReportFiles write(PipelineResult result, Path directory) throws IOException;
}
