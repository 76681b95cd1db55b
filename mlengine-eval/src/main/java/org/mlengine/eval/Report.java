package org.mlengine.eval;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;

/**
 * The evaluation report of a fitted pipeline: one self-contained HTML page and a JSON twin with
 * the same numbers. It shows the test metrics with their intervals and baselines, the warnings,
 * for classification the ROC and precision–recall curves, the reliability curve and the
 * confusion matrix, for regression predicted against actual values and the residuals, and the
 * bundle's id and lineage; callers add their own titled sections (a table and optionally a
 * chart).
 *
 * <pre>{@code
 * PipelineResult result = pipeline.fit(credit);
 * ReportFiles files = Report.of(result)
 *     .table("Worst slices", List.of("column", "value", "rows", "roc_auc"),
 *         List.of(List.of("Job", "partime", 42, 0.61)))
 *     .write(Path.of("target/report"));
 * // or, without extra sections and without naming this module: result.report(dir)
 * }</pre>
 *
 * <p>The page needs no network: styles, the SVG charts and a small script are inline, and its
 * content security policy forbids loading anything else. The charts are drawn by this module's
 * own few lines of SVG (axes, ticks, labels, polylines and dots) rather than a charting library:
 * the report needs only line and scatter charts, a library would add a dependency (and
 * JavaScript to inline) for that, and our own drawing gives the same bytes for the same result.
 * The curves come from {@link Metrics#rocCurve(int[], double[])}, {@link
 * Metrics#precisionRecallCurve(int[], double[])}, {@link Calibration#reliabilityCurve(int[],
 * double[], int, Binning)} and {@link Metrics#confusionMatrix(int[], int[], int...)}. The
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
  private final ImmutableList<ReportSection> added;

  private Report(PipelineResult result, List<ReportSection> analysis, List<ReportSection> added) {
    this.result = result;
    this.analysis = ImmutableList.copyOf(analysis);
    this.added = ImmutableList.copyOf(added);
  }

  /** The report of a fitted pipeline's test part, with the built-in sections for its task. */
  public static Report of(PipelineResult result) {
    Objects.requireNonNull(result, "Report.of(result) needs the PipelineResult that Pipeline.fit returned; got null");
    return new Report(result, ReportContent.analysis(result.testOutcomes()), List.of());
  }

  /** A copy with a section holding this table added at the end. */
  public Report table(String title, List<String> headers, List<? extends List<?>> rows) {
    return section(ReportSection.table(title, headers, rows));
  }

  /** A copy with this section added at the end. */
  public Report section(ReportSection section) {
    Objects.requireNonNull(section, "Report.section(section) needs a ReportSection; got null");
    return new Report(result, analysis, ImmutableList.<ReportSection>builder().addAll(added).add(section).build());
  }

  /**
   * The sections between the metrics and the lineage, in page order: the built-in analysis of the
   * task (curves and confusion matrix, or residual plots) followed by the added sections.
   */
  public List<ReportSection> sections() {
    return ImmutableList.<ReportSection>builder().addAll(analysis).addAll(added).build();
  }

  /** The HTML page, as {@link #write(Path)} writes it. */
  public String toHtml() {
    return ReportHtml.render(result, sections());
  }

  /** The JSON twin, as {@link #write(Path)} writes it. */
  public String toJson() {
    return ReportJson.render(result, sections());
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
