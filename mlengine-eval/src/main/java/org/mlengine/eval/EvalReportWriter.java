package org.mlengine.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.ReportInputs;
import org.mlengine.core.spi.ReportWriter;
import org.mlengine.runtime.Table;

/**
 * The {@link ReportWriter} behind {@code PipelineResult.report(...)} and {@code
 * TuningResult.report(...)}: writes {@link Report#of(PipelineResult)}, with the worst slices when
 * the table is given and the trials when the tuning search is; found by {@link
 * java.util.ServiceLoader}, not called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * ReportFiles files = result.report(Path.of("target/report"), credit);   // finds this class
 * }</pre>
 *
 * <p>The slices are ranked by the pipeline's first metric when it is one of {@link Metrics}'
 * (the result keeps only the metric's name), otherwise by accuracy or RMSE, as {@link
 * ErrorAnalysis} does by default; the section's note names the metric used.
 */
public final class EvalReportWriter implements ReportWriter {

  /** Creates the writer (for the service loader). */
  public EvalReportWriter() {}

  @Override
  public ReportFiles write(PipelineResult result, ReportInputs inputs, Path directory) throws IOException {
    Report report = Report.of(result);
    if (inputs.table().isPresent()) {
      Table table = inputs.table().get();
      ErrorAnalysis analysis = ErrorAnalysis.slices(result, table);
      Optional<Metric> first = result.estimates().isEmpty() ? Optional.empty() : named(result.estimates().get(0).name());
      report = report.slices((first.isPresent() ? analysis.metric(first.get()) : analysis).run());
    }
    if (inputs.tuning().isPresent()) {
      report = report.tuning(inputs.tuning().get());
    }
    return report.write(directory);
  }

  /** The metric of {@link Metrics} with this name, if there is one. */
  static Optional<Metric> named(String name) {
    List<Metric> known = new ArrayList<>(List.of(Metrics.accuracy(), Metrics.rocAuc(), Metrics.logLoss(), Metrics.rmse(),
        Metrics.mae(), Metrics.mse(), Metrics.medianAbsoluteError(), Metrics.r2(), Metrics.mape(), Metrics.balancedAccuracy(),
        Metrics.matthewsCorrelation(), Metrics.brierScore(), Metrics.averagePrecision()));
    for (Average average : Average.values()) {
      known.add(Metrics.precision(average));
      known.add(Metrics.recall(average));
      known.add(Metrics.f1(average));
    }
    for (Average average : List.of(Average.MICRO, Average.MACRO, Average.WEIGHTED)) {
      known.add(Metrics.rocAucOvr(average));
    }
    for (Average average : List.of(Average.MACRO, Average.WEIGHTED)) {
      known.add(Metrics.rocAucOvo(average));
    }
    for (KappaWeights weights : KappaWeights.values()) {
      known.add(Metrics.cohenKappa(weights));
    }
    return known.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
