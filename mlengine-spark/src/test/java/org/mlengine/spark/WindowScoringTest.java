package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Bundles whose window steps read each row's past: scored per entity on Spark, each row's
 * window values (and so its answer) equal what Predictor.predictAll computes over the whole
 * table on one machine.
 */
class WindowScoringTest {

  @Test
  void score_chicagoWindows_equalsPredictAllOverTheWholeSeries() {
    ModelBundle bundle = LocalSpark.golden("chicago-windows.mlb");
    Table days = LocalSpark.chicago();
    // Shuffled across three partitions: the days come back together in their order by date.
    Dataset<Row> rows = LocalSpark.dataset(days).repartition(3);
    assertEquals(5698, Parity.assertSame(Predictor.of(bundle), days, MlengineSpark.score(rows, bundle)));
  }

  @Test
  void score_windowsByStore_equalPredictAllOverTheWholeTable() {
    Table sales = stores(6, 70, 7);
    ModelBundle bundle = Pipeline.builder()
        .target("y")
        .split(Split.timeOrdered("date", 0.8))
        .add(Features.window("sales").by("store").orderedBy("date").last(3).mean().lag(1).lag(2))
        .add(Features.window("sales").by("store").orderedBy("date").over(Duration.ofDays(7)).sum().max())
        .add(Features.impute("sales", "sales_mean_3rows", "sales_lag1", "sales_lag2", "sales_sum_7d", "sales_max_7d").median())
        .add(Features.oneHot("promo"))
        .trainer(Trainers.cart().maxDepth(5))
        .seed(7)
        .build()
        .fit(sales)
        .bundle();
    // In the table's order (rows at one instant keep it), over the session's partitions.
    Dataset<Row> rows = LocalSpark.dataset(sales);
    assertEquals(sales.rowCount(), Parity.assertSame(Predictor.of(bundle), sales, MlengineSpark.score(rows, bundle)));
  }

  /**
   * {@code stores} stores' daily sales over {@code days} days (some missing, some days twice,
   * a day sometimes skipped), a promo category and the next day's sales as the target.
   */
  static Table stores(int stores, int days, long seed) {
    Random random = new Random(seed);
    int n = 0;
    String[] store = new String[stores * days * 2];
    Instant[] date = new Instant[store.length];
    double[] value = new double[store.length];
    String[] promo = new String[store.length];
    double[] y = new double[store.length];
    for (int d = 0; d < days; d++) {
      for (int s = 0; s < stores; s++) {
        int copies = random.nextInt(10) == 0 ? 0 : random.nextInt(8) == 0 ? 2 : 1;
        for (int k = 0; k < copies; k++) {
          store[n] = "s" + s;
          date[n] = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(d));
          value[n] = random.nextInt(12) == 0 ? Double.NaN : 100 * (s + 1) + 10 * Math.sin(d / 3.0) + random.nextGaussian();
          promo[n] = random.nextBoolean() ? "yes" : "no";
          y[n] = 100 * (s + 1) + 10 * Math.sin((d + 1) / 3.0) + random.nextGaussian();
          n++;
        }
      }
    }
    return Table.builder()
        .categorical("store", java.util.Arrays.copyOf(store, n))
        .timestamp("date", java.util.Arrays.copyOf(date, n))
        .numeric("sales", java.util.Arrays.copyOf(value, n))
        .categorical("promo", java.util.Arrays.copyOf(promo, n))
        .numeric("y", java.util.Arrays.copyOf(y, n))
        .build();
  }
}
