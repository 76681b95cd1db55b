package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * A Dataset cached by Spark's own serializer (a session without {@code spark.sql.cache.serializer}):
 * a cache of numbers only makes column batches, and score reads them; a cache with a string column
 * makes none, and score reads its rows; both give predictAll's answers bit for bit. The setting is
 * static, read once per JVM, so the pom's {@code spark-own-cache} surefire execution runs this
 * class alone in a JVM of its own (with {@link LocalSpark#SPARK_CACHE} set); in the shared JVM,
 * whose cache is ColumnarCacheSerializer's, it is skipped.
 */
class SparkOwnCacheTest {
  @BeforeAll
  static void sparkOwnCache() {
    assumeTrue(Boolean.getBoolean(LocalSpark.SPARK_CACHE), "runs in the spark-own-cache execution's JVM (see the pom)");
    assertEquals("org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer",
        LocalSpark.session().conf().get("spark.sql.cache.serializer"));
  }

  @Test
  void score_cachedNumbersOnly_takesTheColumnarPath_andEqualsPredictAllBitForBit() {
    Table credit = LocalSpark.credit();
    Table numbers = credit.select(credit.columnNames().stream().filter(c -> credit.type(c) == ColumnType.NUMERIC)
        .toArray(String[]::new));
    String[] inputs = numbers.drop("Price").columnNames().toArray(String[]::new);
    ModelBundle bundle = Pipeline.builder().target("Price").split(Split.random(0.8))
        .add(Features.impute(inputs).median())
        .trainer(Trainers.cart().maxDepth(6)).seed(7).build().fit(numbers).bundle();
    ColumnarScoringTest.assertScoredFromCache(numbers, bundle, true);
  }

  @Test
  void score_cachedWithAString_scoresOnRows_andEqualsPredictAllBitForBit() {
    ColumnarScoringTest.assertScoredFromCache(LocalSpark.credit(), LocalSpark.golden("credit-logistic.mlb"), false);
  }
}
