package org.mlengine.core;

import org.apiguardian.api.API;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.spi.ReportWriter;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;
import java.util.Map;

/**
 * What {@link Pipeline#fit(Table)} returns: the fitted pipeline, the held-out metrics, the
 * split it used, and the {@link ModelBundle} to save and serve.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.fit(table);
 * System.out.println(result);                    // a summary in under 40 lines
 * System.out.println(result.metrics());          // {roc_auc=0.83, accuracy=0.79}
 * result.estimates().forEach(System.out::println); // with 95% intervals and baselines
 * result.warnings().forEach(System.err::println);  // where a baseline does as well
 * System.out.println(result.audit());           // leakage audit: clean, or one line per finding
 * System.out.println(result.timings());         // {checks=PT0.002S, split=..., train=PT0.41S, ...}
 * result.bundle().save(Path.of("credit.mlb"));
 * }</pre>
 *
 * @param pipeline the fitted steps and model; under {@link Pipeline.Builder#refitOnAll()} the
 *     model fitted on every row, while the metrics and outcomes are those of the model fitted on
 *     the training part ({@code bundle().refit()} says how many rows each saw)
 * @param bundle the fitted pipeline packed with its schema, spec, metrics and provenance
 * @param partition the row indices of the training, validation and test parts
 * @param metrics the metrics on the test part, by name
 * @param validationMetrics the metrics on the validation part (empty without one)
 * @param estimates the test metrics with their intervals and baselines
 * @param warnings where the model is not significantly better than a baseline
 * @param testOutcomes the test part's true targets beside the model's predictions
 * @param validationOutcomes the validation part's, when the split has one: the rows to tune
 *     thresholds and calibration on (never the test part)
 * @param audit the leakage audit of this fit (also in the bundle's manifest)
 * @param profile the profile of every column of the training part (also in the bundle's manifest)
 * @param timings the wall time of each phase of the fit, in the order they ran: {@code checks}
 *     (the spec against the table and the data checks), {@code split}, {@code fingerprint} (hashing
 *     the training rows for the bundle's lineage), {@code profile}, {@code audit} (the leakage
 *     audit), {@code features} (fitting and applying the steps, and making the feature matrix),
 *     {@code train} (the trainer alone, with its early stopping), {@code calibrate} (only with a
 *     calibrator), {@code evaluate} (held-out metrics, intervals and baselines), {@code refit} (only
 *     under {@link Pipeline.Builder#refitOnAll()}), {@code bundle}; empty for a result not made by
 *     {@link Pipeline#fit(Table)}. Not part of the bundle: fitting again gives other times but the
 *     same bundle id
 */
public record PipelineResult(
    FittedPipeline pipeline,
    ModelBundle bundle,
    Partition partition,
    Map<String, Double> metrics,
    Map<String, Double> validationMetrics,
    java.util.List<MetricEstimate> estimates,
    java.util.List<String> warnings,
    Outcomes testOutcomes,
    java.util.Optional<Outcomes> validationOutcomes,
    Audit audit,
    Profile profile,
    Map<String, java.time.Duration> timings) {

  /** Copies the metric maps and the timings into immutable ones (keeping their order). */
  public PipelineResult {
    timings = com.google.common.collect.ImmutableMap.copyOf(timings);
    metrics = com.google.common.collect.ImmutableMap.copyOf(metrics);
    validationMetrics = com.google.common.collect.ImmutableMap.copyOf(validationMetrics);
    estimates = java.util.List.copyOf(estimates);
    warnings = java.util.List.copyOf(warnings);
  }

  /**
   * A result without timings, for results put together outside {@link Pipeline#fit(Table)} (a
   * copy with another bundle, say).
   */
  public PipelineResult(FittedPipeline pipeline, ModelBundle bundle, Partition partition, Map<String, Double> metrics,
      Map<String, Double> validationMetrics, java.util.List<MetricEstimate> estimates, java.util.List<String> warnings,
      Outcomes testOutcomes, java.util.Optional<Outcomes> validationOutcomes, Audit audit, Profile profile) {
    this(pipeline, bundle, partition, metrics, validationMetrics, estimates, warnings, testOutcomes, validationOutcomes, audit,
        profile, Map.of());
  }

  /**
   * A result without an audit, a profile or timings (all empty), for results put together outside
   * {@link Pipeline#fit(Table)}, e.g. in tests of what reads outcomes.
   */
  public PipelineResult(FittedPipeline pipeline, ModelBundle bundle, Partition partition, Map<String, Double> metrics,
      Map<String, Double> validationMetrics, java.util.List<MetricEstimate> estimates, java.util.List<String> warnings,
      Outcomes testOutcomes, java.util.Optional<Outcomes> validationOutcomes) {
    this(pipeline, bundle, partition, metrics, validationMetrics, estimates, warnings, testOutcomes, validationOutcomes,
        new Audit(java.util.List.of(), java.util.List.of()), new Profile(0, java.util.List.of()), Map.of());
  }

  /**
   * The number of rows the pipeline's augmenters added to the training part (0 without
   * augmenters); the same as {@code bundle().augmentedRows()}.
   */
  public int augmentedRows() {
    return bundle.augmentedRows();
  }

  /**
   * Writes the evaluation report into {@code directory}: one self-contained {@code report.html}
   * (metrics with intervals and baselines, warnings, the curves and confusion matrix or the
   * residual plots, the leakage audit, the data profile, the bundle's lineage; no network needed
   * to open it) and {@code report.json} with the same numbers. The files are complete or absent:
   * they are written beside their final names first and moved into place. Without the table the
   * report has no worst slices; {@link #report(java.nio.file.Path, Table)} adds them.
   *
   * <p>The report is drawn by mlengine-eval, found with {@link java.util.ServiceLoader} as a
   * {@link ReportWriter}; for extra sections use {@code org.mlengine.eval.Report} directly.
   *
   * @param directory where to write the two files; created if missing
   * @return the paths of the two files
   * @throws IllegalStateException when mlengine-eval is not on the class path (the message
   *     names the artifact to add)
   * @throws java.io.IOException when the files cannot be written
   */
  public ReportFiles report(java.nio.file.Path directory) throws java.io.IOException {
    java.util.Objects.requireNonNull(directory, "report(directory) needs the directory to write report.html into; got null");
    return writeReport(directory, ReportInputs.none(), "result.report(" + directory + ")");
  }

  /**
   * Writes the evaluation report as {@link #report(java.nio.file.Path)} does, with the worst
   * slices of the held-out rows of {@code table}: the pipeline's first metric (accuracy or RMSE
   * without metrics) per value of each categorical column and per quartile of each numeric one.
   *
   * <pre>{@code
   * PipelineResult result = pipeline.fit(credit);
   * result.report(Path.of("target/report"), credit);
   * }</pre>
   *
   * @param directory where to write the two files; created if missing
   * @param table the table given to {@code fit} (the partition's row indices point into it)
   * @return the paths of the two files
   * @throws IllegalArgumentException when the table is not the one given to {@code fit} (the
   *     message says what differs); nothing is written
   * @throws IllegalStateException when mlengine-eval is not on the class path
   * @throws java.io.IOException when the files cannot be written
   */
  public ReportFiles report(java.nio.file.Path directory, Table table) throws java.io.IOException {
    java.util.Objects.requireNonNull(directory, "report(directory, table) needs the directory to write report.html into; got null");
    java.util.Objects.requireNonNull(table, "report(directory, table) needs the table given to fit, whose held-out rows it"
        + " slices; got null. Use report(directory) for a report without slices");
    return writeReport(directory, ReportInputs.none().withTable(table), "result.report(" + directory + ", table)");
  }

  /** Finds mlengine-eval's writer and writes the report of this result with these inputs. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public ReportFiles writeReport(java.nio.file.Path directory, ReportInputs inputs, String call) throws java.io.IOException {
    ReportWriter writer = java.util.ServiceLoader.load(ReportWriter.class, PipelineResult.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException(call + " needs mlengine-eval, which draws the"
            + " report, and no ReportWriter was found on the class path; add the dependency org.mlengine:mlengine-eval"
            + " (the same version as mlengine-core) to your build"));
    return writer.write(this, inputs, directory);
  }

  /**
   * A summary for a notebook, under 40 lines whatever the data's size: the task and the parts'
   * sizes, each held-out metric with its interval and the baselines, the warnings, the steps and
   * trainer, the leakage audit's findings in a sentence each, the time of the fit and of its phases,
   * and the bundle's id. No row indices.
   */
  @Override
  public String toString() {
    return ResultText.of(this);
  }
}
