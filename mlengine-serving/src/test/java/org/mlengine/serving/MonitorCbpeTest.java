package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;

/**
 * CBPE on held-out credit rows: a logistic regression (calibrated by its loss) fitted on 60% of
 * the rows; windows of 2,000 requests drawn from the other 40% with weights that shift the
 * inputs; the monitor's label-free accuracy against the accuracy the labels show.
 */
class MonitorCbpeTest {
  static final int WINDOW = 2_000;

  @Test
  void estimatedAccuracy_underCovariateShift_isWithinTwoPointsOfTheRealised() throws InterruptedException {
    Table credit = CreditBundles.credit();
    int[] order = IntStream.range(0, credit.rowCount()).boxed()
        .sorted((a, b) -> Long.compare(mix(a), mix(b))).mapToInt(Integer::intValue).toArray();
    int cut = credit.rowCount() * 6 / 10;
    Table train = credit.rows(java.util.Arrays.copyOfRange(order, 0, cut));
    Table heldOut = credit.rows(java.util.Arrays.copyOfRange(order, cut, order.length));
    ModelBundle bundle = Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .add(Features.oneHot("Home", "Marital", "Records", "Job"))
        .add(Features.impute(CreditBundles.NUMERIC).median())
        .add(Features.standardize(CreditBundles.NUMERIC))
        .trainer(Trainers.logisticRegression()).seed(42).build().fit(train).bundle();
    Map<String, ToDoubleFunction<Row>> shifts = new java.util.LinkedHashMap<>();
    shifts.put("none", r -> 1);
    shifts.put("richer (weight e^(Income/100))", r -> Math.exp(number(r, "Income") / 100));
    shifts.put("older (weight e^(Age/15))", r -> Math.exp(number(r, "Age") / 15));
    shifts.put("records (x4 when Records = yes)", r -> "yes".equals(r.toMap().get("Records")) ? 4 : 1);
    shifts.put("larger loans (weight e^(Amount/500))", r -> Math.exp(number(r, "Amount") / 500));
    List<String> lines = new ArrayList<>();
    double worst = 0;
    try (Predictor predictor = Predictor.of(bundle)) {
      int seed = 0;
      for (var shift : shifts.entrySet()) {
        double[] cumulative = new double[heldOut.rowCount()];
        double total = 0;
        for (int r = 0; r < cumulative.length; r++) {
          total += shift.getValue().applyAsDouble(heldOut.row(r));
          cumulative[r] = total;
        }
        SplittableRandom random = new SplittableRandom(++seed);
        try (Monitor monitor = Monitor.builder(bundle).window(WINDOW).build()) {
          int correct = 0;
          for (int i = 0; i < WINDOW; i++) {
            int r = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            r = r < 0 ? -r - 1 : r;
            Map<String, Object> request = new HashMap<>(heldOut.row(r).toMap());
            Object truth = request.remove("Status");
            Prediction p = predictor.predict(request);
            correct += p.label().orElseThrow().equals(truth) ? 1 : 0;
            monitor.record(request, p, 1);
          }
          assertTrue(monitor.flush(Duration.ofSeconds(30)));
          double estimated = monitor.lastWindow().orElseThrow().estimatedAccuracy().orElseThrow();
          double realised = (double) correct / WINDOW;
          worst = Math.max(worst, Math.abs(estimated - realised));
          lines.add(String.format(Locale.ROOT, "%-40s estimated %.4f realised %.4f error %+.4f", shift.getKey(), estimated, realised,
              estimated - realised));
        }
      }
    }
    System.out.println("CBPE on held-out credit windows of " + WINDOW + ":\n  " + String.join("\n  ", lines));
    assertTrue(worst <= 0.02, String.join("\n", lines));
  }

  private static double number(Row r, String column) {
    Object v = r.toMap().get(column);
    return v instanceof Double d && !d.isNaN() ? d : 0;
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
