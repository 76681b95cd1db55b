package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * The foods example's bundle (TF-IDF of 1-2-grams and a linear SGD classifier, fitted as
 * {@code FoodsExample.pipeline()} fits it on the shipped training reviews) scores the shipped
 * test reviews, a TEXT column, in Spark as Predictor.predictAll does, on rows and from Parquet's
 * column batches.
 */
class FoodsParityTest {

  @Test
  void score_foodsBundle_equalsPredictAllOnTheTestReviews() {
    ModelBundle bundle = Pipeline.builder()
        .target("score")
        .split(Split.group("product", 0.8))
        .add(Features.tfidf("review").ngramRange(1, 2).minDf(2))
        .trainer(Trainers.linearSgd().learningRate(0.05))
        .seed(42)
        .build()
        .fit(LocalSpark.foods("fine_foods_train.csv"))
        .bundle();
    Table test = LocalSpark.foods("fine_foods_test.csv");
    assertEquals(1000, Parity.assertSame(Predictor.of(bundle), test,
        MlengineSpark.score(LocalSpark.dataset(test).repartition(2), bundle)));
    // The same reviews from Parquet: the columnar path reads the TEXT column from Spark's column batches.
    assertEquals(1000, Parity.assertSame(Predictor.of(bundle), test,
        MlengineSpark.score(LocalSpark.parquet(LocalSpark.dataset(test).repartition(2)), bundle)));
  }
}
