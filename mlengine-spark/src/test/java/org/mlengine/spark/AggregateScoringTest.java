package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * A bundle whose aggregate step reads a related table (each customer's calls before the
 * snapshot): scored on Spark with the calls as a Dataset, each answer equals predictAll's from a
 * History holding every call.
 */
class AggregateScoringTest {
  private static final Table CALLS = calls(12, 300, 3);
  private static final Table SNAPSHOTS = snapshots(12, 5, 4);
  private static final ModelBundle BUNDLE = Pipeline.builder()
      .target("churn")
      .split(Split.random(0.8))
      .add(Features.aggregate("calls", CALLS).on("Customer").timedBy("At").asOf("Snapshot")
          .count().mean("Minutes").max("Minutes").mode("Kind").lookBack(Duration.ofDays(30)))
      .add(Features.impute("calls_30d_mean_Minutes", "calls_30d_max_Minutes").median())
      .add(Features.oneHot("calls_30d_mode_Kind"))
      .trainer(Trainers.logisticRegression())
      .seed(3)
      .build()
      .fit(SNAPSHOTS)
      .bundle();

  @Test
  void score_aggregateOverCalls_equalsPredictAllFromAHistoryOfEveryCall() {
    Predictor predictor = Predictor.of(BUNDLE);
    History history = predictor.newHistory(Retention.unbounded());
    history.appendAll("calls", CALLS);
    var scored = MlengineSpark.scorer(BUNDLE).withEvents("calls", LocalSpark.dataset(CALLS).drop(LocalSpark.ID))
        .score(LocalSpark.dataset(SNAPSHOTS).repartition(2));
    assertEquals(SNAPSHOTS.rowCount(), Parity.assertSame(predictor.withHistory(history).predictAll(SNAPSHOTS), scored,
        BUNDLE.pipeline().classes()));
  }

  @Test
  void score_withoutTheCalls_saysHowToGiveThem() {
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.score(LocalSpark.dataset(SNAPSHOTS), BUNDLE));
    assertEquals("bundle " + ColumnPlan.describe(BUNDLE) + "'s aggregate step reads table 'calls' (" + BUNDLE.pipeline()
        .eventSources().get(0) + "); give its rows: MlengineSpark.scorer(bundle).withEvents(\"calls\", callsDataset)"
        + ".score(rows)", e.getMessage());
  }

  @Test
  void withEvents_unknownTable_namesTheTablesRead() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MlengineSpark.scorer(BUNDLE).withEvents("visits", LocalSpark.dataset(CALLS)));
    assertEquals("no aggregate step of bundle " + ColumnPlan.describe(BUNDLE) + " reads a table 'visits'; it reads [calls]",
        e.getMessage());
  }

  @Test
  void score_eventsWithoutMinutes_listsTheMissingColumn() {
    var scorer = MlengineSpark.scorer(BUNDLE).withEvents("calls", LocalSpark.dataset(CALLS).drop("Minutes"));
    var e = assertThrows(IllegalArgumentException.class, () -> scorer.score(LocalSpark.dataset(SNAPSHOTS)));
    assertEquals("the events Dataset of table 'calls' does not fit the bundle:\n- missing column 'Minutes': the bundle's"
        + " aggregate step reads 'Minutes' of table 'calls' as NUMERIC. Add it; nulls are missing values:"
        + " events.withColumn(\"Minutes\", functions.lit(null).cast(\"double\"))", e.getMessage());
  }

  /** Calls of {@code customers} customers over 120 days: minutes (some missing) and a kind; some at one instant. */
  static Table calls(int customers, int count, long seed) {
    Random random = new Random(seed);
    String[] customer = new String[count];
    Instant[] at = new Instant[count];
    double[] minutes = new double[count];
    String[] kind = new String[count];
    for (int i = 0; i < count; i++) {
      customer[i] = "c" + random.nextInt(customers);
      at[i] = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(120) * 24L + (i % 7 == 0 ? 0 : random.nextInt(24))));
      minutes[i] = random.nextInt(15) == 0 ? Double.NaN : Math.round(random.nextDouble() * 300) / 10.0;
      kind[i] = random.nextInt(3) == 0 ? "complaint" : random.nextBoolean() ? "billing" : "support";
    }
    return Table.builder().categorical("Customer", customer).timestamp("At", at).numeric("Minutes", minutes)
        .categorical("Kind", kind).build();
  }

  /** {@code per} snapshots of each customer, a churn label that follows their complaints loosely. */
  static Table snapshots(int customers, int per, long seed) {
    Random random = new Random(seed);
    int n = customers * per;
    String[] customer = new String[n];
    Instant[] snapshot = new Instant[n];
    String[] churn = new String[n];
    double[] tenure = new double[n];
    for (int i = 0; i < n; i++) {
      customer[i] = "c" + (i % customers);
      snapshot[i] = Instant.parse("2024-01-15T00:00:00Z").plus(Duration.ofDays(random.nextInt(100)));
      churn[i] = random.nextInt(3) == 0 ? "yes" : "no";
      tenure[i] = random.nextInt(60);
    }
    churn[0] = "yes";
    churn[1] = "no";
    return Table.builder().categorical("Customer", Arrays.copyOf(customer, n)).timestamp("Snapshot", snapshot)
        .numeric("Tenure", tenure).categorical("churn", churn).build();
  }
}
