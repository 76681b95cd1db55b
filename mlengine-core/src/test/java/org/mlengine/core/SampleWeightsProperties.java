package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.mlengine.runtime.Table;

/**
 * The invariants of sample weights that hold exactly, with the trainers for which they do. A
 * whole weight k is k copies of the row for classification CART (its weighted label counts are
 * float sums of whole numbers) and, when k is a power of two, for XGBoost (one thread, no
 * sampling): XGBoost multiplies each row's float gradient by its weight, exact for 2 and 4, not
 * for 3, where the copies' sum and the product differ in the last bit. A row of weight 0 whose
 * features repeat a weighted row's is no row at all for CART; not for XGBoost, whose trees then
 * differ (measured: a split with a leaf of 0 appears).
 */
class SampleWeightsProperties {

  @Property(tries = 40)
  void wholeWeight_equalsThatManyCopiesOfTheRow(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 20, max = 60) int rows,
      @ForAll @IntRange(min = 2, max = 3) int classes,
      @ForAll boolean xgboost) {
    Table table = table(seed, rows, classes);
    Random random = new Random(seed + 1);
    int[] whole = xgboost ? new int[] {1, 2, 4} : new int[] {1, 2, 3};
    double[] w = SampleWeightsTest.weights(rows, r -> whole[random.nextInt(whole.length)]);
    Trainer trainer = trainer(xgboost);
    assertEquals(SampleWeightsTest.modelJson(trainer, SampleWeightsTest.repeated(table, w), null),
        SampleWeightsTest.modelJson(trainer, table.withNumeric("w", w), "w"));
  }

  @Property(tries = 40)
  void zeroWeightRowsRepeatingFeatures_areNoRowsAtAll(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 20, max = 60) int rows,
      @ForAll @IntRange(min = 1, max = 20) int zeroRows) {
    Table table = table(seed, rows, 2);
    Random random = new Random(seed + 2);
    int[] sources = IntStream.range(0, zeroRows).map(i -> random.nextInt(rows)).toArray();
    String[] anyLabel = IntStream.range(0, zeroRows).mapToObj(i -> "c" + random.nextInt(2)).toArray(String[]::new);
    Table withZeroRows = table.concat(table.rows(sources).withCategorical("y", anyLabel));
    double[] w = SampleWeightsTest.weights(withZeroRows.rowCount(), r -> r < rows ? 1 + random.nextInt(2) : 0);
    Trainer trainer = trainer(false);
    assertEquals(SampleWeightsTest.modelJson(trainer, SampleWeightsTest.repeated(withZeroRows, w), null),
        SampleWeightsTest.modelJson(trainer, withZeroRows.withNumeric("w", w), "w"));
  }

  private static Trainer trainer(boolean xgboost) {
    return xgboost ? Trainers.xgboost().trees(5).maxDepth(3) : Trainers.cart().maxDepth(4).minChildWeight(2);
  }

  /** Features on a coarse grid (so that values tie), each class present. */
  private static Table table(long seed, int rows, int classes) {
    Random random = new Random(seed);
    double[] x1 = new double[rows];
    double[] x2 = new double[rows];
    String[] y = new String[rows];
    for (int r = 0; r < rows; r++) {
      x1[r] = Math.round(random.nextGaussian() * 4) / 4.0;
      x2[r] = Math.round(random.nextGaussian() * 4) / 4.0;
      y[r] = "c" + (r < classes ? r : (x1[r] + x2[r] + random.nextGaussian() > 0 ? 1 : 0) + (classes == 3 && x2[r] > 0.5 ? 1 : 0));
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("y", y).build();
  }
}
