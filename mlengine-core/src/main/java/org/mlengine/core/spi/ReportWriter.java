package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.ReportInputs;
import org.mlengine.core.tuning.TuningResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the evaluation report of a {@link PipelineResult}; the service behind {@link
 * PipelineResult#report(Path)}. Core only declares it: mlengine-eval implements it and lists the
 * implementation in {@code META-INF/services/org.mlengine.core.spi.ReportWriter}, so the report's
 * charts come from the evaluation module without core depending on it. {@link
 * PipelineResult#report(Path, Table)} and {@link TuningResult#report(Path, Table)} pass the
 * table (for the worst slices) and the tuning search in {@link ReportInputs}.
 *
 * <pre>{@code
 * public final class EvalReportWriter implements ReportWriter {
 *   public ReportFiles write(PipelineResult result, ReportInputs inputs, Path directory) throws IOException {
 *     return Report.of(result).write(directory);
 *   }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ReportWriter {

  /**
   * Writes {@code report.html} and {@code report.json} for {@code result} into {@code directory}
   * (created if missing), replacing earlier files of those names only once both are complete.
   *
   * @param result the fitted pipeline's result
   * @param inputs what else to show: the table given to fit, the tuning search (each optional)
   * @param directory where to write the two files
   * @throws IllegalArgumentException when the table is not the one given to fit (the message
   *     says what differs)
   * @throws IOException when the directory or a file cannot be written; nothing half-written is
   *     left behind
   */
  ReportFiles write(PipelineResult result, ReportInputs inputs, Path directory) throws IOException;
}
