package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * The columnar path: a Dataset whose plan makes column batches (Parquet, or a cache kept by
 * ColumnarCacheSerializer) is scored from the
 * batches, with the answers of predictAll and of the row path,
 * bit for bit, for every Spark type a bundle column accepts, in batches of any size; a refused
 * row fails as on the row path.
 */
class ColumnarScoringTest {
  private static Dataset<Row> creditParquet;

  @BeforeAll
  static void data() {
    creditParquet = LocalSpark.parquet(LocalSpark.dataset(LocalSpark.credit()).repartition(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"credit-logistic.mlb", "credit-cart-regression.mlb", "credit-sparse-onehot.mlb"})
  void score_parquet_takesTheColumnarPath_andEqualsPredictAllBitForBit(String name) {
    ModelBundle bundle = LocalSpark.golden(name);
    assertTrue(ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) creditParquet).isPresent(),
        "the Parquet read makes no column batches; the test would not reach the columnar path");
    assertEquals(4454, Parity.assertSame(Predictor.of(bundle), LocalSpark.credit(), MlengineSpark.score(creditParquet, bundle)));
    assertEquals(4454, Parity.assertSame(Predictor.of(bundle), LocalSpark.credit(),
        MlengineSpark.scorer(bundle).withBatchRows(7).score(creditParquet)));
  }

  @Test
  void score_cachedByColumnarCache_takesTheColumnarPath_andEqualsPredictAllBitForBit() {
    // The tests' session keeps its cache with ColumnarCacheSerializer: column batches, strings included.
    assertScoredFromCache(LocalSpark.credit(), LocalSpark.golden("credit-logistic.mlb"), true);
  }

  /**
   * Scores the table's Dataset, cached, and asserts that the scan makes column batches exactly
   * when {@code columnar} says so, and that the answers are predictAll's bit for bit.
   */
  static void assertScoredFromCache(Table table, ModelBundle bundle, boolean columnar) {
    Dataset<Row> cached = LocalSpark.dataset(table).repartition(2).cache();
    try {
      cached.count();
      assertEquals(columnar, ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) cached).isPresent(),
          () -> "column batches of the cached " + cached.schema().simpleString() + ": the test expects the "
              + (columnar ? "columnar path" : "row path"));
      assertEquals(table.rowCount(), Parity.assertSame(Predictor.of(bundle), table, MlengineSpark.score(cached, bundle)));
    } finally {
      cached.unpersist(true);
    }
  }

  /**
   * A bundle reading seven numbers, four categories and three timestamps, scored from columns of
   * every Spark type each accepts (one column per type), read from Parquet or from the cache: the
   * columnar path's rows equal the row path's (whose readers the other tests hold to predictAll),
   * value for value.
   */
  @ParameterizedTest
  @ValueSource(strings = {"parquet", "cache"})
  void score_everyAcceptedSparkType_columnarEqualsRows(String source) {
    String[] numbers = {"double", "float", "bigint", "int", "smallint", "tinyint", "decimal(12,3)"};
    String[] categories = {"string", "int", "bigint", "boolean"};
    String[] times = {"timestamp", "timestamp_ntz", "date"};
    int n = 300;
    java.util.Random random = new java.util.Random(5);
    Table.Builder table = Table.builder();
    List<org.apache.spark.sql.Column> typed = new ArrayList<>();
    double[] y = new double[n];
    for (int k = 0; k < numbers.length; k++) {
      double[] x = new double[n];
      for (int r = 0; r < n; r++) {
        x[r] = r % 17 == k ? Double.NaN : random.nextInt(100) - 50;
        y[r] += Double.isNaN(x[r]) ? 0 : x[r] * (k + 1);
      }
      table.numeric("x" + k, x);
      typed.add(functions.col("x" + k).cast(numbers[k]));
    }
    for (int k = 0; k < categories.length; k++) {
      String[] c = new String[n];
      for (int r = 0; r < n; r++) {
        c[r] = r % 13 == k ? null : k == 3 ? String.valueOf(random.nextBoolean()) : String.valueOf(random.nextInt(4));
        y[r] += c[r] == null ? 0 : c[r].length() * 3;
      }
      table.categorical("c" + k, c);
      typed.add((k == 3 ? functions.col("c" + k).equalTo("true") : functions.col("c" + k).cast(categories[k])).as("c" + k));
    }
    for (int k = 0; k < times.length; k++) {
      Instant[] t = new Instant[n];
      for (int r = 0; r < n; r++) {
        t[r] = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(k == 2 ? random.nextInt(400) * 86_400L : random.nextInt(400 * 86_400));
        y[r] += t[r].atZone(ZoneOffset.UTC).getMonthValue();
      }
      table.timestamp("t" + k, t);
      typed.add(functions.col("t" + k).cast(times[k]));
    }
    Table data = table.numeric("y", y).build();
    String[] xs = java.util.stream.IntStream.range(0, numbers.length).mapToObj(k -> "x" + k).toArray(String[]::new);
    ModelBundle bundle = Pipeline.builder().target("y").split(Split.random(0.8))
        .add(Features.impute(xs).median())
        .add(Features.oneHot("c0", "c1", "c2", "c3"))
        .add(Features.calendar(ZoneOffset.UTC, "t0", "t1", "t2"))
        .trainer(Trainers.cart().maxDepth(8)).seed(3).build().fit(data).bundle();
    typed.add(functions.col(LocalSpark.ID));
    Dataset<Row> rows = LocalSpark.dataset(data).drop("y").select(typed.toArray(org.apache.spark.sql.Column[]::new)).repartition(2);
    Dataset<Row> read = source.equals("parquet") ? LocalSpark.parquet(rows) : rows.cache();
    assertTrue(ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) read).isPresent(), read.schema().toString());
    SparkScorer scorer = MlengineSpark.scorer(bundle).withBatchRows(64);
    assertSameRows(scorer.withoutColumnarBatches().score(read), scorer.score(read), source + " " + read.schema().simpleString());
    read.unpersist(true);
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String what) {
    List<Row> a = expected.orderBy(LocalSpark.ID).collectAsList();
    List<Row> b = actual.orderBy(LocalSpark.ID).collectAsList();
    assertEquals(a.size(), b.size(), what);
    for (int r = 0; r < a.size(); r++) {
      Row x = a.get(r);
      Row y = b.get(r);
      for (int f = 0; f < x.length(); f++) {
        Object u = x.get(f);
        Object v = y.get(f);
        if (u instanceof Double d && v instanceof Double e) {
          Parity.assertBits(d, e, r, what + " column " + f);
        } else {
          assertEquals(u, v, what + ": row " + r + " column " + f);
        }
      }
    }
  }

  @Test
  void score_refusedRow_failsAsOnTheRowPath() {
    ModelBundle bundle = LocalSpark.golden("credit-logistic.mlb");
    Dataset<Row> bad = LocalSpark.parquet(LocalSpark.dataset(LocalSpark.credit()).limit(50)
        .withColumn("Income", functions.when(functions.col(LocalSpark.ID).equalTo(30), Double.POSITIVE_INFINITY)
            .otherwise(functions.col("Income"))).coalesce(1));
    SparkScorer scorer = MlengineSpark.scorer(bundle).withBatchRows(16);
    SparkException columnar = assertThrows(SparkException.class, () -> scorer.score(bad).collectAsList());
    SparkException rows = assertThrows(SparkException.class, () -> scorer.withoutColumnarBatches().score(bad).collectAsList());
    // The same message, but for the stage's number (each path's job is another stage).
    assertEquals(refusal(rows).getMessage().replaceAll("of stage \\d+", "of stage N"),
        refusal(columnar).getMessage().replaceAll("of stage \\d+", "of stage N"));
    assertTrue(refusal(columnar).getMessage().contains("refused a row of the batch starting at row 16 of partition"),
        refusal(columnar).getMessage());
  }

  private static InvalidInputException refusal(SparkException e) {
    return (InvalidInputException) SparkScoringProperties.causes(e).filter(InvalidInputException.class::isInstance).findFirst()
        .orElseThrow(() -> new AssertionError("no InvalidInputException under " + e));
  }
}
