package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainer;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * Sparse and dense one-hot output are two ways of holding the same features: a pipeline fitted
 * with {@code oneHot(...).sparse()} sees the same feature names in the same order as one fitted
 * with {@code dense()} and scores every row the same, bit for bit, for the trainers that read an
 * absent entry as 0 (linear models, CART trees and random forests; XGBoost reads it as missing, see
 * {@link OneHot}).
 */
class OneHotOutputProperties {

  /** One generated row: a category (or null; the {@code r*} ones are rare, so often unseen in training) and a number. */
  record Sample(String category, double number) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> category = Arbitraries.of("A", "A", "A", "B", "B", "C", "D", "r1", "r2", "r3").injectNull(0.1);
    Arbitrary<Double> number = Arbitraries.doubles().between(-50, 50);
    return Combinators.combine(category, number).as(Sample::new).list().ofMinSize(12).ofMaxSize(40);
  }

  @Provide
  Arbitrary<String> trainers() {
    return Arbitraries.of("logistic", "cart", "forest", "linearSgd");
  }

  @Property(tries = 40)
  void sparseAndDense_giveTheSameFeaturesAndScores(
      @ForAll("samples") List<Sample> samples,
      @ForAll("trainers") String trainer,
      @ForAll boolean minFrequency,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Table table = table(samples);
    OneHot oneHot = Features.oneHot("Cat");
    if (minFrequency) {
      oneHot = oneHot.minFrequency(2);
    }
    FittedPipeline dense = pipeline(oneHot.dense(), trainer, seed).fit(table).pipeline();
    FittedPipeline sparse = pipeline(oneHot.sparse(), trainer, seed).fit(table).pipeline();

    assertEquals(ColumnType.VECTOR, sparse.transform(table).type("Cat"));
    assertEquals(
        RuntimeAccess.pipelines().layout(dense).names(), RuntimeAccess.pipelines().layout(sparse).names(), "feature names");
    Scores expected = dense.score(table);
    Scores actual = sparse.score(table);
    for (int r = 0; r < table.rowCount(); r++) {
      assertArrayEquals(scores(expected, r), scores(actual, r), trainer + ", row " + r + " " + table.row(r));
    }
  }

  private static double[] scores(Scores scores, int r) {
    return scores.task() == Task.REGRESSION ? new double[] {scores.value(r)} : scores.probabilities(r);
  }

  /** Classification for logistic regression, CART and random forests, regression on {@code v} for linear SGD. */
  private static Pipeline pipeline(OneHot oneHot, String trainer, long seed) {
    Trainer t = switch (trainer) {
      case "logistic" -> Trainers.logisticRegression();
      case "cart" -> Trainers.cart();
      case "forest" -> Trainers.randomForest();
      default -> Trainers.linearSgd();
    };
    boolean regression = trainer.equals("linearSgd");
    return Pipeline.builder()
        .target(regression ? "v" : "y")
        .split(Split.random(0.7))
        .add(oneHot)
        .drop(regression ? "y" : "v")
        .trainer(t)
        .seed(seed)
        .build();
  }

  /** The rows as a table; {@code y} alternates, so a random split trains on both classes, and {@code v} follows {@code Num}. */
  private static Table table(List<Sample> rows) {
    int n = rows.size();
    String[] y = new String[n];
    double[] v = new double[n];
    for (int r = 0; r < n; r++) {
      y[r] = r % 2 == 0 ? "no" : "yes";
      v[r] = rows.get(r).number() / 10 + (rows.get(r).category() == null ? 0 : rows.get(r).category().length());
    }
    return Table.builder()
        .categorical("Cat", rows.stream().map(Sample::category).toArray(String[]::new))
        .numeric("Num", rows.stream().mapToDouble(Sample::number).toArray())
        .categorical("y", y)
        .numeric("v", v)
        .build();
  }
}
