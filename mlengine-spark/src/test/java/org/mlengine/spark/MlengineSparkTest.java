package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/** The golden credit bundles score the shipped credit data in Spark as Predictor.predictAll does. */
class MlengineSparkTest {
  private static final Table CREDIT = LocalSpark.credit();

  @ParameterizedTest
  @ValueSource(strings = {"credit-logistic.mlb", "credit-cart-regression.mlb", "credit-sparse-onehot.mlb"})
  void score_goldenCreditBundle_equalsPredictAllBitForBit(String name) {
    ModelBundle bundle = LocalSpark.golden(name);
    Dataset<Row> rows = LocalSpark.dataset(CREDIT).repartition(3);
    int compared = Parity.assertSame(Predictor.of(bundle), CREDIT, MlengineSpark.score(rows, bundle));
    assertEquals(4454, compared);
  }

  @ParameterizedTest
  @ValueSource(strings = {"credit-logistic.mlb", "credit-cart-regression.mlb", "credit-sparse-onehot.mlb"})
  void score_externalRows_equalsPredictAllBitForBit(String name) {
    // The path a Spark Connect Dataset takes: external Rows in and out.
    ModelBundle bundle = LocalSpark.golden(name);
    Dataset<Row> rows = LocalSpark.dataset(CREDIT).repartition(2);
    Parity.assertSame(Predictor.of(bundle), CREDIT, MlengineSpark.scorer(bundle).withExternalRows().withBatchRows(500).score(rows));
  }

  @Test
  void score_smallBatches_equalsOneBatch() {
    ModelBundle bundle = LocalSpark.golden("credit-logistic.mlb");
    Dataset<Row> rows = LocalSpark.dataset(CREDIT);
    Parity.assertSame(Predictor.of(bundle), CREDIT, MlengineSpark.scorer(bundle).withBatchRows(7).score(rows));
  }

  @Test
  void score_keepsTheInputColumnsAndAppendsThePredictions() {
    ModelBundle bundle = LocalSpark.golden("credit-logistic.mlb");
    Dataset<Row> rows = LocalSpark.dataset(CREDIT);
    Dataset<Row> scored = MlengineSpark.score(rows, bundle);
    List<String> expected = new java.util.ArrayList<>(List.of(rows.columns()));
    expected.addAll(List.of("label", "p_bad", "p_good"));
    assertEquals(expected, List.of(scored.columns()));
    assertEquals(scored.schema(), MlengineSpark.scorer(bundle).outputSchema(rows.schema()));
    Row first = scored.filter("row_id = 0").first();
    for (int c = 0; c < rows.columns().length; c++) {
      assertEquals(LocalSpark.dataset(CREDIT).filter("row_id = 0").first().get(c), first.get(c), rows.columns()[c]);
    }
  }

  @Test
  void score_regressionBundle_appendsValue() {
    ModelBundle bundle = LocalSpark.golden("credit-cart-regression.mlb");
    assertEquals(List.of("value"), MlengineSpark.scorer(bundle).outputColumns());
  }

  @Test
  void score_sameBundleTwice_parsesItOncePerJvm() {
    ModelBundle bundle = LocalSpark.golden("credit-logistic.mlb");
    Dataset<Row> rows = LocalSpark.dataset(CREDIT.rows(new int[] {0, 1, 2, 3}));
    MlengineSpark.score(rows, bundle).collectAsList();
    long before = ExecutorPredictors.parses();
    MlengineSpark.score(rows.repartition(2), bundle).collectAsList();
    MlengineSpark.score(rows, bundle).collectAsList();
    assertEquals(before, ExecutorPredictors.parses(), "a bundle already held by this JVM was parsed again");
    assertTrue(ExecutorPredictors.size() <= ExecutorPredictors.KEPT);
  }
}
