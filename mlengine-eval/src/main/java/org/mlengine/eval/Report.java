package org.mlengine.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.tuning.TuningResult;

/**
 * The evaluation report of a fitted pipeline: one self-contained HTML page and a JSON twin with
 * the same numbers. It shows the test metrics with their intervals and baselines, the warnings,
 * for classification the ROC and precision–recall curves, the reliability curve and the
 * confusion matrix, for regression predicted against actual values and the residuals, the worst
 * slices (when given a {@link SliceReport}), group fairness (when given a {@link
 * FairnessReport}), the tuning trials (when given a {@link TuningResult}), the leakage audit, the data profile, a window of
 * live traffic (when given the monitoring JSON of mlengine-serving, {@link #monitoring(Path)}) and the bundle's id and
 * lineage; callers
 * add their own titled sections (a table and optionally a chart).
 *
 * <pre>{@code
 * PipelineResult result = pipeline.fit(credit);
 * ReportFiles files = Report.of(result)
 *     .slices(ErrorAnalysis.slices(result, credit).metric(Metrics.rocAuc()).run())
 *     .table("Costs", List.of("error", "cost"), List.of(List.of("false negative", 5)))
 *     .write(Path.of("target/report"));
 * // or, without naming this module: result.report(dir, credit), tuned.report(dir, credit)
 * }</pre>
 *
 * <p>The page needs no network: styles, the SVG charts and a small script are inline, and its
 * content security policy forbids loading anything else. The charts are drawn by this module's
 * own few lines of SVG (axes, ticks, labels, polylines and dots) rather than a charting library:
 * the report needs only line and scatter charts, a library would add a dependency (and
 * JavaScript to inline) for that, and our own drawing gives the same bytes for the same result.
 * The curves come from {@link MetricFunctions#rocCurve(int[], double[])}, {@link
 * MetricFunctions#precisionRecallCurve(int[], double[])}, {@link Calibration#reliabilityCurve(int[],
 * double[], int, Binning)} and {@link MetricFunctions#confusionMatrix(int[], int[], int...)}. The
 * inline script only measures the drawn charts into a hidden {@code <pre id="render-check">}
 * (points and size per chart) so that a headless browser can prove they rendered.
 *
 * <p>The same result gives the same bytes: the page holds no generation time (the bundle's
 * creation time is in the lineage). A report is immutable; {@link #table} and {@link #section}
 * return changed copies.
 */
public final class Report {
  /** The name of the HTML file {@link #write(Path)} writes. */
  public static final String HTML_FILE = "report.html";

  /** The name of the JSON file {@link #write(Path)} writes. */
  public static final String JSON_FILE = "report.json";

  private final PipelineResult result;
  private final ImmutableList<ReportSection> analysis;
  private final Optional<SliceReport> slices;
  private final ImmutableList<FairnessReport> fairness;
  private final Optional<TuningResult> tuning;
  private final Optional<JsonNode> monitoring;
  private final ImmutableList<ReportSection> added;

  private Report(PipelineResult result, List<ReportSection> analysis, Optional<SliceReport> slices,
      List<FairnessReport> fairness, Optional<TuningResult> tuning, Optional<JsonNode> monitoring, List<ReportSection> added) {
    this.result = result;
    this.analysis = ImmutableList.copyOf(analysis);
    this.slices = slices;
    this.fairness = ImmutableList.copyOf(fairness);
    this.tuning = tuning;
    this.monitoring = monitoring;
    this.added = ImmutableList.copyOf(added);
  }

  /** The report of a fitted pipeline's test part, with the built-in sections for its task. */
  public static Report of(PipelineResult result) {
    Objects.requireNonNull(result, "Report.of(result) needs the PipelineResult that Pipeline.fit returned; got null");
    return new Report(result, ReportContent.analysis(result.testOutcomes()), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), List.of());
  }

  /**
   * A copy that shows these slices: the ten worst ranked ones with their
   * intervals and a chart of each against the overall value, and the unranked ones named.
   *
   * @param report {@code ErrorAnalysis.slices(result, table)...run()} of this report's result
   * @throws IllegalArgumentException if the report is null or sliced another number of held-out
   *     rows than this result has
   */
  public Report slices(SliceReport report) {
    Check.argument(report != null, "Report.slices(report) needs a SliceReport, e.g. ErrorAnalysis.slices(result, table).run();"
        + " got null");
    Check.argument(report.testRows() == result.testOutcomes().size(),
        "Report.slices(report): the slices cover %d held-out rows but this report's result has %d; expected the slices of"
            + " the same result: ErrorAnalysis.slices(result, table).run() with the result given to Report.of",
        report.testRows(), result.testOutcomes().size());
    return new Report(result, analysis, Optional.of(report), fairness, tuning, monitoring, added);
  }

  /**
   * A copy that also shows group fairness for one sensitive column: each group's selection, true
   * and false positive rates with intervals, the demographic-parity and equal-opportunity
   * differences, and a chart of the rates per group. Call it once per column.
   *
   * @param report {@code Fairness.of(result, table, column)...run()} of this report's result
   * @throws IllegalArgumentException if the report is null or covers another number of held-out
   *     rows than this result has
   */
  public Report fairness(FairnessReport report) {
    Check.argument(report != null, "Report.fairness(report) needs a FairnessReport, e.g. Fairness.of(result, table, \"Marital\")"
        + ".run(); got null");
    Check.argument(report.testRows() == result.testOutcomes().size(),
        "Report.fairness(report): the groups cover %d held-out rows but this report's result has %d; expected the fairness of"
            + " the same result: Fairness.of(result, table, column).run() with the result given to Report.of",
        report.testRows(), result.testOutcomes().size());
    return new Report(result, analysis, slices,
        ImmutableList.<FairnessReport>builder().addAll(fairness).add(report).build(), tuning, monitoring, added);
  }

  /**
   * A copy that shows the trials of the search whose winner this report's result is: a table of
   * every trial (rank, parameters, rows, mean ± sd, duration), the halving rounds, the chosen
   * parameters and a chart of the score per trial.
   *
   * @param tuned what {@code Tuner.fit} returned; {@code tuned.result()} must be this report's result
   * @throws IllegalArgumentException if tuned is null or its winner is another result
   */
  public Report tuning(TuningResult tuned) {
    Check.argument(tuned != null, "Report.tuning(tuned) needs the TuningResult that Tuner.fit returned; got null");
    Check.argument(tuned.result().bundle().id().equals(result.bundle().id()),
        "Report.tuning(tuned): the search's winner is bundle %s but this report is of bundle %s; expected"
            + " Report.of(tuned.result()).tuning(tuned)",
        tuned.result().bundle().id(), result.bundle().id());
    return new Report(result, analysis, slices, fairness, Optional.of(tuned), monitoring, added);
  }

  /**
   * A copy that shows one window of live traffic, as mlengine-serving's {@code
   * Monitor.windowJson(metrics)} wrote it (format {@code mlengine-monitoring}, version 1): the
   * window's drift figures per column against their thresholds (drifted ones marked), its
   * latency, failures and label-free estimates, the alerts, the live metrics with their intervals,
   * and per column a chart of the window's quantiles or category shares beside the training
   * profile's. A later call replaces the window.
   *
   * <pre>{@code
   * Files.writeString(json, monitor.windowJson(feedback.metrics("champion")));   // in the service
   * Report.of(result).monitoring(json).write(dir);                                // anywhere
   * }</pre>
   *
   * @param window the document's JSON object (copied)
   * @throws IllegalArgumentException if it is not such a document, is of a newer version, lacks a
   *     key, or watched another bundle than this report's
   */
  public Report monitoring(JsonNode window) {
    ReportMonitoring.check(window, result.bundle().id());
    return new Report(result, analysis, slices, fairness, tuning, Optional.of(window.deepCopy()), added);
  }

  /**
   * {@link #monitoring(JsonNode)} of the document in this file.
   *
   * @throws IOException if the file cannot be read or is not JSON
   * @throws IllegalArgumentException as {@link #monitoring(JsonNode)}
   */
  public Report monitoring(Path json) throws IOException {
    Objects.requireNonNull(json, "Report.monitoring(json) needs the path of the file Monitor.windowJson was written to; got null");
    JsonNode window;
    try {
      window = JsonMapper.builder().build().readTree(json.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException("cannot read the monitoring window " + json + ": it is not JSON (" + e.getOriginalMessage()
          + "); expected the document Monitor.windowJson(metrics) writes", e);
    }
    return monitoring(window);
  }

  /** A copy with a section holding this table added at the end. */
  public Report table(String title, List<String> headers, List<? extends List<?>> rows) {
    return section(ReportSection.table(title, headers, rows));
  }

  /** A copy with this section added at the end. */
  public Report section(ReportSection section) {
    Objects.requireNonNull(section, "Report.section(section) needs a ReportSection; got null");
    return new Report(result, analysis, slices, fairness, tuning, monitoring,
        ImmutableList.<ReportSection>builder().addAll(added).add(section).build());
  }

  /**
   * The sections between the metrics and the lineage, in page order: the built-in analysis of the
   * task (curves and confusion matrix, or residual plots), the worst slices (or how to get them),
   * fairness per sensitive column and the tuning trials (when given), the leakage audit, the data
   * profile, the monitoring window (when given), then the added sections.
   */
  public List<ReportSection> sections() {
    ImmutableList.Builder<ReportSection> out = ImmutableList.<ReportSection>builder().addAll(analysis);
    out.add(ReportInsights.slices(slices));
    fairness.forEach(f -> out.add(ReportInsights.fairness(f)));
    tuning.ifPresent(t -> out.add(ReportInsights.trials(t)));
    out.addAll(ReportInsights.audit(result)).add(ReportInsights.profile(result));
    monitoring.ifPresent(m -> out.addAll(ReportMonitoring.sections(m)));
    return out.addAll(added).build();
  }

  /** The HTML page, as {@link #write(Path)} writes it. */
  public String toHtml() {
    return ReportHtml.render(result, sections());
  }

  /**
   * The JSON twin, as {@link #write(Path)} writes it: the sections' tables and charts, and in full
   * the audit, profile, slices, fairness, trials and monitoring window they show ({@code null}, or
   * an empty fairness list, where absent).
   */
  public String toJson() {
    Map<String, Object> values = new LinkedHashMap<>();
    boolean audited = ReportInsights.audited(result);
    values.put("audit", audited ? result.audit().toMap() : null);
    values.put("profile", audited ? result.profile().toMap() : null);
    values.put("slices", slices.map(SliceReport::toMap).orElse(null));
    values.put("fairness", fairness.stream().map(FairnessReport::toMap).toList());
    values.put("tuning", tuning.map(TuningResult::toMap).orElse(null));
    values.put("monitoring", monitoring.orElse(null));
    return ReportJson.render(result, sections(), values);
  }

  /**
   * Writes {@link #HTML_FILE} and {@link #JSON_FILE} into {@code directory} (created if
   * missing). Each file is written beside its final name and moved into place, so a failure
   * leaves no half-written file and no temporary file behind.
   *
   * @return the paths of the two files
   * @throws IOException when the directory cannot be created, a target name is taken by a
   *     directory, or a file cannot be written
   */
  public ReportFiles write(Path directory) throws IOException {
    Objects.requireNonNull(directory, "Report.write(directory) needs the directory to write report.html into; got null");
    Path dir = directory.toAbsolutePath();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("cannot write the report into " + dir + ": it is a file, expected a directory (or nothing, to be"
          + " created); choose another directory or remove the file");
    }
    Path html = dir.resolve(HTML_FILE);
    Path json = dir.resolve(JSON_FILE);
    for (Path target : List.of(html, json)) {
      if (Files.isDirectory(target)) {
        throw new IOException("cannot write " + target + ": a directory has that name, expected a file or nothing; nothing"
            + " was written. Remove the directory or choose another report directory");
      }
    }
    byte[] htmlBytes = toHtml().getBytes(StandardCharsets.UTF_8);
    byte[] jsonBytes = toJson().getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(dir);
    Path htmlTmp = Files.createTempFile(dir, "." + HTML_FILE, ".tmp");
    try {
      Path jsonTmp = Files.createTempFile(dir, "." + JSON_FILE, ".tmp");
      try {
        Files.write(htmlTmp, htmlBytes);
        Files.write(jsonTmp, jsonBytes);
        readableByAll(htmlTmp);
        readableByAll(jsonTmp);
        move(jsonTmp, json);
        move(htmlTmp, html);
      } finally {
        Files.deleteIfExists(jsonTmp);
      }
    } finally {
      Files.deleteIfExists(htmlTmp);
    }
    return new ReportFiles(html, json);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A temporary file starts private to its owner; a report is for reading (rw-r--r--). */
  private static void readableByAll(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Override
  public String toString() {
    return "Report[" + result.pipeline().task() + " of '" + result.pipeline().target() + "', " + sections().size() + " sections]";
  }
}
