package org.mlengine.serving;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** Small bundles for the deployment tests, fitted once per JVM: logistic regressions on x1, x2. */
final class DeployFixtures {
  private static final Map<String, ModelBundle> CACHE = new ConcurrentHashMap<>();

  private DeployFixtures() {}

  /** A classifier of y ("no"/"yes") on x1, x2, fitted on 200 rows drawn with {@code seed}: each seed a different bundle. */
  static ModelBundle binary(long seed) {
    return CACHE.computeIfAbsent("binary" + seed, k -> fit(TestData.binary(200, seed)));
  }

  /** A predictor of its own for {@link #binary(long)}. */
  static Predictor predictor(long seed) {
    return Predictor.of(binary(seed));
  }

  /** A regression on x1, x2. */
  static ModelBundle regression() {
    return CACHE.computeIfAbsent("regression", k -> Pipeline.builder().target("y").split(Split.random(0.8))
        .trainer(Trainers.linearSgd()).seed(1).build().fit(TestData.regression(200, 5)).bundle());
  }

  /** A classifier of y ("no"/"yes") on x1 and x3 (not x2). */
  static ModelBundle otherColumns() {
    return CACHE.computeIfAbsent("other", k -> fit(table("x3", "no", "yes")));
  }

  /** A classifier of y ("hi"/"lo") on x1, x2. */
  static ModelBundle otherClasses() {
    return CACHE.computeIfAbsent("classes", k -> fit(table("x2", "lo", "hi")));
  }

  private static Table table(String second, String negative, String positive) {
    Random random = new Random(7);
    int n = 200;
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    String[] y = new String[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      y[i] = x1[i] + 0.5 * x2[i] + 0.5 * random.nextGaussian() > 0 ? positive : negative;
    }
    return Table.builder().numeric("x1", x1).numeric(second, x2).categorical("y", y).build();
  }

  private static ModelBundle fit(Table table) {
    return Pipeline.builder().target("y").split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression()).seed(3).build().fit(table).bundle();
  }

  /** A request for the binary bundles. */
  static Map<String, Object> request(double x1, double x2) {
    Map<String, Object> m = new HashMap<>();
    m.put("x1", x1);
    m.put("x2", x2);
    return m;
  }
}
