package org.mlengine.eval;

import java.io.IOException;
import java.nio.file.Path;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.ReportWriter;

/**
 * The {@link ReportWriter} behind {@code PipelineResult.report(Path)}: writes {@link
 * Report#of(PipelineResult)}; found by {@link java.util.ServiceLoader}, not called directly.
 * Public only because the service loader needs it.
 *
 * <pre>{@code
 * ReportFiles files = result.report(Path.of("target/report"));   // finds this class
 * }</pre>
 */
public final class EvalReportWriter implements ReportWriter {

  /** Creates the writer (for the service loader). */
  public EvalReportWriter() {}

  @Override
  public ReportFiles write(PipelineResult result, Path directory) throws IOException {
    return Report.of(result).write(directory);
  }
}
