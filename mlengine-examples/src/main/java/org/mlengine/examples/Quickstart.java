package org.mlengine.examples;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.runtime.Row;
import org.mlengine.core.Split;
import org.mlengine.core.Trainer;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Metrics;
import org.mlengine.features.Features;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The quickstart: credit scoring on {@code credit_data.csv}, from the CSV file to a served
 * prediction. Run it with {@code ./mlengine quickstart}.
 *
 * <pre>{@code
 * PipelineResult result = Quickstart.train(Quickstart.creditData());
 * }</pre>
 */
public final class Quickstart {
  /** The numeric columns of credit_data.csv. */
  static final String[] NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};

  /** Where {@link #run} writes the evaluation report (report.html and report.json), relative to the working directory. */
  static final Path REPORT_DIR = Path.of("target", "quickstart-report");

  private Quickstart() {}

  /** The credit data shipped with the examples (4454 applicants; see NOTICE). */
  public static Table creditData() throws IOException {
    try (Reader reader = new InputStreamReader(
        Quickstart.class.getResourceAsStream("credit_data.csv"), StandardCharsets.UTF_8)) {
      return Table.readCsv(reader, "credit_data.csv", CsvOptions.defaults());
    }
  }

  /** The quickstart pipeline: stratified 80/20 split, mean encoding, imputation, scaling, logistic regression. */
  public static Pipeline pipeline() {
    return pipeline(Trainers.logisticRegression());
  }

  /** The quickstart's split, steps and metrics with another trainer. */
  static Pipeline pipeline(Trainer trainer) {
    return Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.8))
        .add(Features.meanEncoding("Home", "Marital", "Records", "Job").smoothing(10))
        .add(Features.impute(NUMERIC).median())
        .add(Features.standardize(NUMERIC))
        .trainer(trainer)
        .metrics(Metrics.rocAuc(), Metrics.accuracy(), Metrics.logLoss())
        .seed(42)
        .build();
  }

  /** Fits the quickstart pipeline on a table. */
  public static PipelineResult train(Table credit) {
    return pipeline().fit(credit);
  }

  /**
   * Trains, saves the bundle to {@code out}, writes the evaluation report (with the worst slices
   * of the held-out applicants, the leakage audit and the data profile) to {@code
   * target/quickstart-report/}, loads the bundle back and scores one held-out applicant.
   */
  public static void run(Table credit, Path out, PrintStream print) throws IOException {
    run(credit, out, print, Progress.none());
  }

  /** {@link #run(Table, Path, PrintStream)}, reporting the fit and the report, which take seconds, to {@code progress}. */
  static void run(Table credit, Path out, PrintStream print, Progress progress) throws IOException {
    print.printf("read %d applicants, %d columns%n", credit.rowCount(), credit.columnNames().size());
    PipelineResult result = progress.step("fitting the pipeline on " + credit.rowCount() + " rows", () -> train(credit));
    print.printf("trained on %d rows, held out %d%n", result.partition().train().length(), result.partition().test().length());
    for (MetricEstimate m : result.estimates()) {
      print.printf("held-out %-8s %.4f  95%% interval [%.4f, %.4f]  zero rule %.4f%n",
          m.name(), m.value(), m.lower(), m.upper(), m.baselines().get("zero_rule"));
    }
    result.warnings().forEach(w -> print.println("warning: " + w));
    print.println(result.audit());

    result.bundle().withLabel("quickstart").save(out);
    print.printf("wrote %s (bundle %s)%n", out, result.bundle().id().substring(0, 12));
    ReportFiles report = progress.step("writing the evaluation report", () -> result.report(REPORT_DIR, credit));
    print.printf("report %s (open it in a browser; the same numbers are in %s)%n", report.html(), report.json().getFileName());

    try (Predictor predictor = Predictor.load(out)) {
      Row applicant = credit.row(result.partition().test().get(0));
      Map<String, Object> request = new LinkedHashMap<>(applicant.toMap());
      Object actual = request.remove("Status");
      Prediction p = predictor.predict(request);
      print.printf("applicant %s%n", request);
      print.printf("predicted %s (P(bad) = %.3f, actual %s) by bundle %s%n",
          p.label().orElseThrow(), p.probability("bad"), actual, p.bundleId().substring(0, 12));
    }
  }
}
