package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/**
 * The built-in analysis sections of a report, computed from the test part's outcomes with the
 * module's own curve functions: ROC, precision–recall, reliability and confusion matrix for
 * classification; predicted against actual and residuals for regression.
 */
final class ReportContent {
  /** Uniform bins of the reliability curve: ten, as in {@link Calibration}'s own example. */
  static final int RELIABILITY_BINS = 10;

  private ReportContent() {}

  static List<ReportSection> analysis(Outcomes outcomes) {
    return outcomes.task() == Task.CLASSIFICATION ? classification(outcomes) : regression(outcomes);
  }

  /** One class scored against the rest: its 0/1 labels and probabilities on the test rows. */
  private record OneVsRest(String name, String className, int[] y01, double[] p, int positives) {}

  private static List<ReportSection> classification(Outcomes o) {
    List<String> classes = o.classes();
    int[] truth = o.trueClasses();
    boolean binary = classes.size() == 2;
    List<OneVsRest> curves = new ArrayList<>();
    List<String> undefined = new ArrayList<>();
    for (int c = binary ? 1 : 0; c < classes.size(); c++) {
      int[] y01 = new int[truth.length];
      int positives = 0;
      for (int i = 0; i < truth.length; i++) {
        y01[i] = truth[i] == c ? 1 : 0;
        positives += y01[i];
      }
      if (positives == 0 || positives == truth.length) {
        undefined.add("'" + classes.get(c) + "'");
      } else {
        String name = binary ? "model" : "'" + classes.get(c) + "' vs rest";
        curves.add(new OneVsRest(name, classes.get(c), y01, o.probabilities(c), positives));
      }
    }
    String scored = binary
        ? "The positive class is '" + classes.get(1) + "' (the second class); its predicted probability is the score."
        : "One curve per class, that class against the rest, scored by its predicted probability.";
    String missing = undefined.isEmpty() ? ""
        : " Not drawn for " + String.join(", ", undefined) + ": the test part holds "
            + (binary ? "only one class" : "no rows of that class, or only those") + ", so the curve is undefined.";
    List<ReportSection> out = new ArrayList<>();
    if (!curves.isEmpty()) {
      out.add(roc(curves, truth.length).withNote(scored + " Metrics.rocCurve (collinear points dropped, as scikit-learn);"
          + " the dashed diagonal is a model that ranks at random." + missing));
      out.add(precisionRecall(curves, binary).withNote(scored + " Metrics.precisionRecallCurve, a point per distinct score"
          + (binary ? "; the dashed line is the share of positives, what a random ranking reaches." : ".") + missing));
      out.add(reliability(curves).withNote("Calibration.reliabilityCurve with " + RELIABILITY_BINS + " uniform bins:"
          + " per non-empty bin, the mean predicted probability against the observed share of the class; a calibrated"
          + " model lies on the dashed diagonal. " + scored + missing));
    } else {
      out.add(new ReportSection("Curves", "No ROC, precision–recall or reliability curve: the test part holds only class "
          + undefined.get(0) + "; every curve needs rows of both kinds.", List.of(), List.of(), java.util.Optional.empty()));
    }
    out.add(confusion(o));
    return out;
  }

  private static ReportSection roc(List<OneVsRest> curves, int rows) {
    List<ReportSeries> series = new ArrayList<>();
    List<List<Object>> table = new ArrayList<>();
    for (OneVsRest c : curves) {
      RocCurve roc = MetricFunctions.rocCurve(c.y01(), c.p());
      series.add(new ReportSeries(c.name(), ReportSeries.Mark.LINE, roc.fpr(), roc.tpr()));
      table.add(List.of(c.className(), (long) c.positives(), (long) (rows - c.positives()), roc.auc(), (long) roc.fpr().size()));
    }
    series.add(ReportSeries.dashed("chance", new double[] {0, 1}, new double[] {0, 1}));
    return ReportSection.table("ROC curve", List.of("positive class", "positives", "negatives", "ROC AUC", "curve points"), table)
        .withChart(new ReportChart("ROC curve", "false positive rate", "true positive rate", series));
  }

  private static ReportSection precisionRecall(List<OneVsRest> curves, boolean binary) {
    List<ReportSeries> series = new ArrayList<>();
    List<List<Object>> table = new ArrayList<>();
    for (OneVsRest c : curves) {
      PrecisionRecallCurve pr = MetricFunctions.precisionRecallCurve(c.y01(), c.p());
      series.add(new ReportSeries(c.name(), ReportSeries.Mark.LINE, pr.recall(), pr.precision()));
      double share = (double) c.positives() / c.y01().length;
      table.add(List.of(c.className(), share, MetricFunctions.averagePrecision(c.y01(), c.p()), (long) pr.recall().size()));
      if (binary) {
        series.add(ReportSeries.dashed("share of positives", new double[] {0, 1}, new double[] {share, share}));
      }
    }
    return ReportSection.table("Precision–recall curve",
            List.of("positive class", "share of positives", "average precision", "curve points"), table)
        .withChart(new ReportChart("Precision–recall curve", "recall", "precision", series));
  }

  private static ReportSection reliability(List<OneVsRest> curves) {
    List<ReportSeries> series = new ArrayList<>();
    List<List<Object>> table = new ArrayList<>();
    for (OneVsRest c : curves) {
      ReliabilityCurve curve = Calibration.reliabilityCurve(c.y01(), c.p(), RELIABILITY_BINS, Binning.UNIFORM);
      series.add(new ReportSeries(c.name(), ReportSeries.Mark.LINE, curve.probPred(), curve.probTrue()));
      for (int b = 0; b < curve.counts().size(); b++) {
        table.add(List.of(c.className(), curve.probPred().get(b), curve.probTrue().get(b), curve.counts().get(b)));
      }
    }
    series.add(ReportSeries.dashed("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}));
    return ReportSection.table("Calibration (reliability) curve",
            List.of("class", "mean predicted probability", "observed share", "predictions"), table)
        .withChart(new ReportChart("Reliability curve", "mean predicted probability", "observed share of the class", series));
  }

  private static ReportSection confusion(Outcomes o) {
    List<String> classes = o.classes();
    int[] labels = new int[classes.size()];
    for (int c = 0; c < labels.length; c++) {
      labels[c] = c;
    }
    ConfusionMatrix cm = MetricFunctions.confusionMatrix(o.trueClasses(), o.predictedClasses(), labels);
    List<String> headers = new ArrayList<>();
    headers.add("true \\ predicted");
    headers.addAll(classes);
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < labels.length; r++) {
      List<Object> row = new ArrayList<>();
      row.add(classes.get(r));
      row.addAll(cm.counts().get(r));
      rows.add(row);
    }
    return ReportSection.table("Confusion matrix", headers, rows).withNote(String.format(Locale.ROOT,
        "%d test rows. Rows are the true classes, columns the predicted class (the most probable one; the first on ties).",
        cm.total()));
  }

  private static List<ReportSection> regression(Outcomes o) {
    double[] actual = o.actualValues();
    double[] predicted = o.predictedValues();
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      n += Double.isFinite(actual[i]) && Double.isFinite(predicted[i]) ? 1 : 0;
    }
    double[] a = new double[n];
    double[] p = new double[n];
    double[] residual = new double[n];
    for (int i = 0, j = 0; i < actual.length; i++) {
      if (Double.isFinite(actual[i]) && Double.isFinite(predicted[i])) {
        a[j] = actual[i];
        p[j] = predicted[i];
        residual[j] = actual[i] - predicted[i];
        j++;
      }
    }
    String dropped = n == actual.length ? "" : " " + (actual.length - n) + " rows with a missing or non-finite value are left out.";
    if (n == 0) {
      return List.of(new ReportSection("Residuals", "No residual plot: no test row has a finite actual and predicted value.",
          List.of(), List.of(), java.util.Optional.empty()));
    }
    double lo = Math.min(min(a), min(p));
    double hi = Math.max(max(a), max(p));
    ReportSection scatter = ReportSection.chart("Predicted against actual", new ReportChart("Predicted against actual",
            "actual", "predicted", List.of(ReportSeries.points("test rows", a, p), ReportSeries.dashed("predicted = actual",
                new double[] {lo, hi}, new double[] {lo, hi}))))
        .withNote("One dot per test row (" + n + "); on the dashed line the prediction is exact." + dropped);
    double mean = java.util.Arrays.stream(residual).average().orElseThrow();
    double squares = 0;
    for (double r : residual) {
      squares += (r - mean) * (r - mean);
    }
    List<List<Object>> stats = List.of(
        List.of("rows", (long) n),
        List.of("mean residual", mean),
        List.of("residual standard deviation", Math.sqrt(squares / n)),
        List.of("smallest residual", min(residual)),
        List.of("largest residual", max(residual)));
    ReportSection residuals = ReportSection.table("Residuals", List.of("statistic", "value"), stats)
        .withChart(new ReportChart("Residuals", "predicted", "residual (actual − predicted)", List.of(
            ReportSeries.points("test rows", p, residual),
            ReportSeries.dashed("zero", new double[] {min(p), max(p)}, new double[] {0, 0}))))
        .withNote("Residual = actual − predicted, one dot per test row; a pattern around the dashed zero line (a curve, a"
            + " funnel) is structure the model missed. The standard deviation divides by the number of rows." + dropped);
    return List.of(scatter, residuals);
  }

  private static double min(double[] values) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
