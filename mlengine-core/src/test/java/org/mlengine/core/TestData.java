package org.mlengine.core;

import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import java.util.Random;

/** Small synthetic tables for core tests (features and eval live in other modules). */
public final class TestData {
  private TestData() {}

  /** A binary classification table: y = "yes" when x1 + 0.5 x2 + noise > 0. */
  public static Table binary(int n, long seed) {
    Random random = new Random(seed);
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    String[] y = new String[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      y[i] = x1[i] + 0.5 * x2[i] + 0.5 * random.nextGaussian() > 0 ? "yes" : "no";
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("y", y).build();
  }

  /** A regression table: y = 3 x1 - 2 x2 + 1 + noise. */
  public static Table regression(int n, long seed) {
    Random random = new Random(seed);
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      y[i] = 3 * x1[i] - 2 * x2[i] + 1 + 0.1 * random.nextGaussian();
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).numeric("y", y).build();
  }

  /** The share of rows whose most probable class is the true one. */
  public static Metric accuracy() {
    return new Metric() {
      @Override
      public String name() {
        return "accuracy";
      }

      @Override
      public boolean supports(Task task) {
        return task == Task.CLASSIFICATION;
      }

      @Override
      public double evaluate(Outcomes outcomes) {
        int[] truth = outcomes.trueClasses();
        int[] predicted = outcomes.predictedClasses();
        int hits = 0;
        for (int i = 0; i < truth.length; i++) {
          hits += truth[i] == predicted[i] ? 1 : 0;
        }
        return (double) hits / truth.length;
      }
    };
  }
}
