package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * A 0/1 feature held a byte a row (a one-hot column of the training rows, {@link Column.Indicator})
 * trains the same model, bit for bit, as the same feature held as doubles, in every engine that
 * reads the dense columns: logistic regression (loss, gradient and fit), CART, random forests and
 * XGBoost (issue #15).
 */
class IndicatorColumnsProperties {

  @Property(tries = 15)
  void indicatorColumns_andTheSameDoubles_trainTheSameModels(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 4) int numbers,
      @ForAll @IntRange(min = 1, max = 5) int indicators) {
    Trainer.TrainingSet plain = withIndicators(seed, numbers, indicators, classes, false);
    Trainer.TrainingSet compact = withIndicators(seed, numbers, indicators, classes, true);
    assertNull(compact.features().columns[numbers], "the indicator slots are held as bytes");
    for (int r = 0; r < plain.features().rows; r++) {
      for (int k = 0; k < numbers + indicators; k++) {
        assertEquals(plain.features().value(r, k), compact.features().value(r, k));
      }
    }

    LogisticEngineProperties.assertSameLossGradientAndFit(plain, compact, classes, numbers + indicators, seed);

    ForestOptions forest = ForestOptions.DEFAULTS.withTrees(4).withMaxDepth(5).withMinChildWeight(2);
    assertEquals(TreeTraining.forest(plain, forest, seed, 2).model().toJson().toString(),
        TreeTraining.forest(compact, forest, seed, 2).model().toJson().toString());
    CartOptions cart = CartOptions.DEFAULTS.withMaxDepth(6).withMinChildWeight(2);
    assertEquals(TreeTraining.cart(plain, cart, 2).model().toJson().toString(), TreeTraining.cart(compact, cart, 2).model().toJson().toString());
    XGBoostOptions boost = XGBoostOptions.DEFAULTS.withTrees(5).withMaxDepth(3);
    assertEquals(XGBoostTraining.train(plain, boost, 2, seed).model().toJson().toString(),
        XGBoostTraining.train(compact, boost, 2, seed).model().toJson().toString());
  }

  /**
   * {@code numbers} numeric features and {@code indicators} 0/1 features that carry the class
   * (with noise), held as doubles or ({@code compact}) as bytes; weighted rows.
   */
  private static Trainer.TrainingSet withIndicators(long seed, int numbers, int indicators, int classes, boolean compact) {
    Trainer.TrainingSet base = TreeEngineProperties.trainingSet(seed, 300, numbers, classes, 1, true);
    Random random = new Random(seed + 1);
    int n = base.features().rows;
    List<Column> columns = new ArrayList<>();
    for (int f = 0; f < numbers; f++) {
      columns.add(new Column.Numeric(base.featureNames().get(f), base.features().columns[f]));
    }
    for (int f = 0; f < indicators; f++) {
      byte[] flags = new byte[n];
      for (int r = 0; r < n; r++) {
        flags[r] = (byte) ((base.classIndices()[r] + f) % 2 == 0 ^ random.nextInt(5) == 0 ? 1 : 0);
      }
      Column.Indicator column = new Column.Indicator("flag" + f, flags);
      columns.add(compact ? column : Column.plain(column));
    }
    Table table = RuntimeAccess.tables().of(columns);
    FeatureMatrix.Layout layout = FeatureMatrix.Layout.of(table);
    return new Trainer.TrainingSet(base.task(), "y", layout.names(), layout.trainingMatrix(table), base.classes(), base.classIndices(), null,
        base.weights());
  }
}
