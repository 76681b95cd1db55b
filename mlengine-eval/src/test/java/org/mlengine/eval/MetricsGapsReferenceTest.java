package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mlengine.core.spi.Outcomes;

/**
 * The sample weights and the metrics and tests added for issue #14 against scikit-learn 1.2.1
 * and SciPy 1.10.1. Inputs and expected values both come from {@code metrics_reference.txt}
 * (test resources), which {@code src/test/python/make_reference.py} writes; each expected value
 * is one dynamic test named after its key, compared at 1e-12 relative. A test also
 * checks that every value in the file is compared, so a regenerated file cannot add values
 * that nobody checks.
 */
class MetricsGapsReferenceTest {
  private static final String FILE = "metrics_reference.txt";
  private static final Map<String, String> VALUES = load();

  private static Map<String, String> load() {
    Map<String, String> values = new LinkedHashMap<>();
    try (InputStream in = MetricsGapsReferenceTest.class.getResourceAsStream(FILE)) {
      assertNotNull(in, FILE + " is missing from the test resources");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf(" = ");
        values.put(line.substring(0, eq).trim(), line.substring(eq + 3).trim());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + FILE, e);
    }
    return values;
  }

  static String raw(String key) {
    String v = VALUES.get(key);
    assertNotNull(v, "no " + key + " in " + FILE);
    return v;
  }

  static double number(String text) {
    switch (text) {
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        return Double.parseDouble(text);
    }
  }

  static double[] vector(String key) {
    return parseVector(raw(key));
  }

  private static double[] parseVector(String text) {
    String inner = text.substring(1, text.length() - 1).trim();
    if (inner.isEmpty()) {
      return new double[0];
    }
    return Stream.of(inner.split(",")).map(String::trim).mapToDouble(MetricsGapsReferenceTest::number).toArray();
  }

  static int[] labels(String key) {
    double[] v = vector(key);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  static double[][] matrix(String key) {
    String text = raw(key);
    String inner = text.substring(1, text.length() - 1).trim();
    List<double[]> rows = new ArrayList<>();
    int start = inner.indexOf('[');
    while (start >= 0) {
      int end = inner.indexOf(']', start);
      rows.add(parseVector(inner.substring(start, end + 1)));
      start = inner.indexOf('[', end);
    }
    return rows.toArray(new double[0][]);
  }

  static long[][] table(String key) {
    double[][] m = matrix(key);
    long[][] t = new long[m.length][];
    for (int i = 0; i < m.length; i++) {
      t[i] = new long[m[i].length];
      for (int j = 0; j < m[i].length; j++) {
        t[i][j] = (long) m[i][j];
      }
    }
    return t;
  }

  /** Every expected value of the file and the call that must reproduce it. */
  private static Map<String, DoubleSupplier> checks() {
    Map<String, DoubleSupplier> c = new LinkedHashMap<>();
    regression(c);
    labelMetrics(c);
    scores(c);
    ranking(c);
    statTests(c);
    negativeZero(c);
    return c;
  }

  private static void regression(Map<String, DoubleSupplier> c) {
    double[] y = vector("in.reg.y");
    double[] yhat = vector("in.reg.yhat");
    double[] w = vector("in.reg.w");
    for (String tag : new String[] {"", "w."}) {
      WeightedMetricFunctions f =
          tag.isEmpty() ? MetricFunctions.unweighted() : MetricFunctions.weighted(w);
      c.put("reg." + tag + "mse", () -> f.mse(y, yhat));
      c.put("reg." + tag + "rmse", () -> f.rmse(y, yhat));
      c.put("reg." + tag + "mae", () -> f.mae(y, yhat));
      c.put("reg." + tag + "median_absolute_error", () -> f.medianAbsoluteError(y, yhat));
      c.put("reg." + tag + "r2", () -> f.r2(y, yhat));
      c.put("reg." + tag + "mape", () -> f.mape(y, yhat));
      c.put("reg." + tag + "explained_variance", () -> f.explainedVariance(y, yhat));
    }
    c.put("reg.max_error", () -> MetricFunctions.unweighted().maxError(y, yhat));
    double[] ys = vector("in.msle.y");
    double[] yhats = vector("in.msle.yhat");
    c.put("msle", () -> MetricFunctions.unweighted().msle(ys, yhats));
    c.put("w.msle", () -> MetricFunctions.weighted(w).msle(ys, yhats));
    c.put(
        "wmedian.median_absolute_error",
        () ->
            MetricFunctions.weighted(vector("in.wmedian.w"))
                .medianAbsoluteError(vector("in.wmedian.y"), vector("in.wmedian.yhat")));
    WeightedMetricFunctions u = MetricFunctions.unweighted();
    c.put("ev.bias", () -> u.explainedVariance(new double[] {1, 2, 3}, new double[] {2, 3, 4}));
    c.put(
        "ev.constant_perfect",
        () -> u.explainedVariance(new double[] {2, 2, 2}, new double[] {2, 2, 2}));
    c.put(
        "ev.constant_wrong",
        () -> u.explainedVariance(new double[] {2, 2, 2}, new double[] {2, 2, 2.5}));
  }

  private static void labelMetrics(Map<String, DoubleSupplier> c) {
    int[] y = labels("in.lab.y");
    int[] yhat = labels("in.lab.yhat");
    double[] w = vector("in.lab.w");
    for (String tag : new String[] {"", "w."}) {
      WeightedMetricFunctions f =
          tag.isEmpty() ? MetricFunctions.unweighted() : MetricFunctions.weighted(w);
      String p = "lab." + tag;
      c.put(p + "accuracy", () -> f.accuracy(y, yhat));
      c.put(p + "hamming_loss", () -> f.hammingLoss(y, yhat));
      c.put(p + "balanced_accuracy", () -> f.balancedAccuracy(y, yhat));
      c.put(p + "matthews_corrcoef", () -> f.matthewsCorrelation(y, yhat));
      c.put(p + "cohen_kappa.None", () -> f.cohenKappa(y, yhat, KappaOptions.unweighted()));
      c.put(p + "cohen_kappa.linear", () -> f.cohenKappa(y, yhat, KappaOptions.linear()));
      c.put(p + "cohen_kappa.quadratic", () -> f.cohenKappa(y, yhat, KappaOptions.quadratic()));
      for (Average a : new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED}) {
        ClassAveraging avg = ClassAveraging.of(a);
        String s = "." + a.sklearnName();
        c.put(p + "precision" + s, () -> f.precision(y, yhat, avg));
        c.put(p + "recall" + s, () -> f.recall(y, yhat, avg));
        c.put(p + "f1" + s, () -> f.f1(y, yhat, avg));
        c.put(p + "fbeta2" + s, () -> f.fBeta(y, yhat, 2.0, avg));
        c.put(p + "jaccard" + s, () -> f.jaccard(y, yhat, avg));
      }
      c.put(
          p + "jaccard.macro_labels_0_4_zd1",
          () -> f.jaccard(y, yhat, ClassAveraging.macro().withLabels(0, 4).withZeroDivision(1)));
      c.put(
          p + "jaccard.weighted_labels_4",
          () -> f.jaccard(y, yhat, ClassAveraging.weighted().withLabels(4)));
    }
    int[] yb = labels("in.bin.y");
    int[] ybhat = labels("in.bin.yhat");
    double[] wb = vector("in.bin.w");
    for (String tag : new String[] {"", "w."}) {
      WeightedMetricFunctions f =
          tag.isEmpty() ? MetricFunctions.unweighted() : MetricFunctions.weighted(wb);
      String p = "bin." + tag;
      c.put(p + "jaccard", () -> f.jaccard(yb, ybhat));
      c.put(p + "jaccard.pos0", () -> f.jaccard(yb, ybhat, ClassAveraging.binary(0)));
      c.put(p + "precision", () -> f.precision(yb, ybhat, ClassAveraging.binary()));
      c.put(p + "recall", () -> f.recall(yb, ybhat, ClassAveraging.binary()));
      c.put(p + "f1", () -> f.f1(yb, ybhat, ClassAveraging.binary()));
    }
  }

  private static void scores(Map<String, DoubleSupplier> c) {
    int[] y = labels("in.score.y");
    double[] p = vector("in.score.p");
    WeightedMetricFunctions f = MetricFunctions.weighted(vector("in.score.w"));
    c.put("score.w.average_precision", () -> f.averagePrecision(y, p));
    c.put("score.w.log_loss", () -> f.logLoss(y, p));
    c.put("score.w.brier", () -> f.brierScore(y, p));
    c.put("score.w.roc_auc", () -> f.rocAuc(y, p));
    int[] ym = labels("in.multi.y");
    double[][] proba = matrix("in.multi.proba");
    double[] wm = vector("in.multi.w");
    for (String tag : new String[] {"", "w."}) {
      WeightedMetricFunctions m =
          tag.isEmpty() ? MetricFunctions.unweighted() : MetricFunctions.weighted(wm);
      for (int k = 1; k <= 3; k++) {
        int top = k;
        c.put("multi." + tag + "top_k." + k, () -> m.topKAccuracy(ym, proba, top));
      }
      for (Average a : new Average[] {Average.MACRO, Average.WEIGHTED, Average.MICRO}) {
        c.put(
            "multi." + tag + "average_precision." + a.sklearnName(),
            () -> m.averagePrecision(ym, proba, a));
      }
      c.put("multi." + tag + "log_loss", () -> m.logLoss(ym, proba));
    }
  }

  private static void ranking(Map<String, DoubleSupplier> c) {
    double[][] rel = matrix("in.rank.relevance");
    double[][] scores = matrix("in.rank.scores");
    WeightedMetricFunctions f = MetricFunctions.weighted(vector("in.rank.w"));
    c.put("rank.w.dcg", () -> f.dcg(rel, scores, Ranking.full()));
    c.put("rank.w.dcg.k3", () -> f.dcg(rel, scores, Ranking.top(3)));
    c.put("rank.w.ndcg", () -> f.ndcg(rel, scores, Ranking.full()));
    c.put("rank.w.ndcg.k3", () -> f.ndcg(rel, scores, Ranking.top(3)));
  }

  private static Alternative alternative(String sciPy) {
    return sciPy.equals("two-sided")
        ? Alternative.TWO_SIDED
        : Alternative.valueOf(sciPy.toUpperCase(Locale.ROOT));
  }

  private static void statTests(Map<String, DoubleSupplier> c) {
    double[] a = vector("in.mw.a");
    double[] b = vector("in.mw.b");
    for (String alt : new String[] {"two-sided", "less", "greater"}) {
      for (boolean continuity : new boolean[] {true, false}) {
        String p = "mw." + alt + "." + (continuity ? "True" : "False");
        Alternative x = alternative(alt);
        c.put(p + ".statistic", () -> StatTests.mannWhitneyU(a, b, x, PValueMethod.ASYMPTOTIC, continuity).statistic());
        c.put(p + ".pvalue", () -> StatTests.mannWhitneyU(a, b, x, PValueMethod.ASYMPTOTIC, continuity).pValue());
      }
    }
    for (String t : new String[] {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"}) {
      long[][] table = table("in.fisher." + t);
      for (String alt : new String[] {"two-sided", "less", "greater"}) {
        Alternative x = alternative(alt);
        String p = "fisher." + t + "." + alt;
        c.put(p + ".statistic", () -> StatTests.fisherExact(table, x).statistic());
        c.put(p + ".pvalue", () -> StatTests.fisherExact(table, x).pValue());
      }
    }
    for (String name : new String[] {"equal", "unequal", "ties", "large"}) {
      double[] r = vector("in.ks." + name + ".reference");
      double[] cur = vector("in.ks." + name + ".current");
      for (String alt : new String[] {"two-sided", "less", "greater"}) {
        for (String method : new String[] {"exact", "asymp"}) {
          Alternative x = alternative(alt);
          PValueMethod m = method.equals("exact") ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC;
          String p = "ks." + name + "." + alt + "." + method;
          c.put(p + ".statistic", () -> Drift.ks(r, cur, x, m).statistic());
          c.put(p + ".pvalue", () -> Drift.ks(r, cur, x, m).pValue());
        }
      }
    }
  }

  private static void negativeZero(Map<String, DoubleSupplier> c) {
    double[][] rel = matrix("in.zero.relevance");
    double[][] scores = matrix("in.zero.scores");
    c.put("zero.dcg", () -> MetricFunctions.dcg(rel, scores));
    c.put("zero.ndcg", () -> MetricFunctions.ndcg(rel, scores));
    c.put(
        "zero.ndcg.ignore_ties",
        () -> MetricFunctions.ndcg(rel, scores, Ranking.full().withIgnoreTies(true)));
    c.put("zero.dcg.k2", () -> MetricFunctions.dcg(rel, scores, Ranking.top(2)));
    c.put("zero.psi", () -> Drift.psi(vector("in.zero.reference"), vector("in.zero.current")));
    double[] za = vector("in.zero.a");
    double[] zb = vector("in.zero.b");
    c.put(
        "zero.mw.statistic",
        () -> StatTests.mannWhitneyU(za, zb, Alternative.TWO_SIDED, PValueMethod.ASYMPTOTIC).statistic());
    c.put(
        "zero.mw.pvalue",
        () -> StatTests.mannWhitneyU(za, zb, Alternative.TWO_SIDED, PValueMethod.ASYMPTOTIC).pValue());
    int[] zy = labels("in.zero.y");
    double[] zp = vector("in.zero.p");
    c.put("zero.roc_auc", () -> MetricFunctions.rocAuc(zy, zp));
    c.put("zero.average_precision", () -> MetricFunctions.averagePrecision(zy, zp));
  }

  /**
   * 1e-12 relative, so that tiny p-values (1e-21) are checked to their digits too; 1e-15
   * absolute around an expected 0.
   */
  static double tolerance(double expected) {
    return expected == 0.0 ? 1e-15 : 1e-12 * Math.abs(expected);
  }

  @TestFactory
  Stream<DynamicTest> everyReferenceValue_matchesScikitLearnOrSciPy() {
    return checks().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      double expected = number(raw(e.getKey()));
                      double actual = e.getValue().getAsDouble();
                      assertEquals(expected, actual, tolerance(expected), e.getKey());
                    }));
  }

  /** The pipeline metrics of {@link Metrics} on the same inputs, as Outcomes. */
  private static Map<String, DoubleSupplier> pipelineChecks() {
    Map<String, DoubleSupplier> c = new LinkedHashMap<>();
    Outcomes reg = Outcomes.regression(vector("in.reg.y"), vector("in.reg.yhat"));
    c.put("reg.explained_variance", () -> Metrics.explainedVariance().evaluate(reg));
    c.put("reg.max_error", () -> Metrics.maxError().evaluate(reg));
    Outcomes msle = Outcomes.regression(vector("in.msle.y"), vector("in.msle.yhat"));
    c.put("msle", () -> Metrics.msle().evaluate(msle));
    List<String> four = List.of("a", "b", "c", "d");
    Outcomes multi =
        Outcomes.classification(four, labels("in.multi.y"), matrix("in.multi.proba"));
    for (int k = 1; k <= 3; k++) {
      int top = k;
      c.put("multi.top_k." + k, () -> Metrics.topKAccuracy(top).evaluate(multi));
    }
    for (Average a : new Average[] {Average.MACRO, Average.WEIGHTED, Average.MICRO}) {
      c.put(
          "multi.average_precision." + a.sklearnName(),
          () -> Metrics.averagePrecision(a).evaluate(multi));
    }
    int[] predicted = labels("in.lab.yhat");
    double[][] oneHot = new double[predicted.length][4];
    for (int i = 0; i < predicted.length; i++) {
      oneHot[i][predicted[i]] = 1.0;
    }
    Outcomes lab = Outcomes.classification(four, labels("in.lab.y"), oneHot);
    c.put("lab.hamming_loss", () -> Metrics.hammingLoss().evaluate(lab));
    for (Average a : new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED}) {
      c.put("lab.jaccard." + a.sklearnName(), () -> Metrics.jaccard(a).evaluate(lab));
    }
    return c;
  }

  @TestFactory
  Stream<DynamicTest> pipelineMetrics_onOutcomes_matchTheSameReferenceValues() {
    return pipelineChecks().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    "Metrics " + e.getKey(),
                    () -> {
                      double expected = number(raw(e.getKey()));
                      double actual = e.getValue().getAsDouble();
                      assertEquals(expected, actual, tolerance(expected), e.getKey());
                    }));
  }

  /** The weighted precision–recall curve, element by element. */
  private static Map<String, List<Double>> curveChecks() {
    Map<String, List<Double>> c = new LinkedHashMap<>();
    WeightedMetricFunctions f = MetricFunctions.weighted(vector("in.score.w"));
    PrecisionRecallCurve pr = f.precisionRecallCurve(labels("in.score.y"), vector("in.score.p"));
    c.put("curve.score.w.precision", pr.precision());
    c.put("curve.score.w.recall", pr.recall());
    c.put("curve.score.w.thresholds", pr.thresholds());
    return c;
  }

  @TestFactory
  Stream<DynamicTest> weightedPrecisionRecallCurve_matchesPrecisionRecallCurve() {
    return curveChecks().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      double[] expected = vector(e.getKey());
                      List<Double> actual = e.getValue();
                      assertEquals(expected.length, actual.size(), e.getKey() + " size");
                      for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual.get(i), 1e-12, e.getKey() + "[" + i + "]");
                      }
                    }));
  }

  @Test
  void referenceFile_everyValueIsChecked_noneForgotten() {
    TreeSet<String> inFile = new TreeSet<>();
    for (String key : VALUES.keySet()) {
      if (!key.startsWith("in.")) {
        inFile.add(key);
      }
    }
    TreeSet<String> checked = new TreeSet<>(checks().keySet());
    checked.addAll(curveChecks().keySet());
    checked.addAll(AnalyticReferenceTest.checks().keySet());
    assertEquals(inFile, checked);
  }

  @Test
  void referenceInputs_keepTheirSign_negativeZeroIsReadAsNegativeZero() {
    double[][] scores = matrix("in.zero.scores");
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(scores[0][1]));
  }
}
