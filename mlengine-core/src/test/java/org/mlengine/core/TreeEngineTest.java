package org.mlengine.core;

import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tree engine's thread option (checked, left out of the spec, without effect on the bundle) and its regression splits. */
class TreeEngineTest {

  @Test
  void threads_belowOne_namesTheValueAndTheFix() {
    assertEquals("threads = 0; give at least 1 thread (e.g. Runtime.getRuntime().availableProcessors())",
        assertThrows(IllegalArgumentException.class, () -> Trainers.cart().threads(0)).getMessage());
    assertEquals("threads = -3; give at least 1 thread (e.g. Runtime.getRuntime().availableProcessors())",
        assertThrows(IllegalArgumentException.class, () -> Trainers.randomForest().threads(-3)).getMessage());
  }

  @Test
  void threads_notInTheSpec() {
    assertEquals(Trainers.cart().maxDepth(3).spec(), Trainers.cart().threads(1).maxDepth(3).spec());
    assertEquals(Trainers.randomForest().trees(4).spec(), Trainers.randomForest().trees(4).threads(3).spec());
    assertFalse(Trainers.randomForest().threads(3).spec().containsKey("threads"));
  }

  @Test
  void regression_targetWithALargeOffset_stillSplits() {
    // y = 1e7 + (x > 0): the squared targets are 1e16 times the squared error, which once made
    // the perfect split look like rounding.
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r] = r % 2 == 0 ? -1 - r : 1 + r;
      y[r] = 1e7 + (x[r] > 0 ? 1 : 0);
    }
    Table data = Table.builder().numeric("x", x).numeric("y", y).build();
    var result = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.cart().maxDepth(1).minChildWeight(1))
        .task(Task.REGRESSION).seed(3).build().fit(data);
    var scores = result.pipeline().score(data);
    for (int r = 0; r < n; r++) {
      assertEquals(y[r], scores.value(r), 0.0, "row " + r);
    }
  }

  @Test
  void fit_oneOrThreeThreads_writesTheSameBundle() {
    Table data = TestData.binary(600, 21);
    for (boolean forest : new boolean[] {false, true}) {
      Trainer one = forest ? Trainers.randomForest().trees(8).maxDepth(5).threads(1) : Trainers.cart().maxDepth(5).threads(1);
      Trainer three = forest ? Trainers.randomForest().trees(8).maxDepth(5).threads(3) : Trainers.cart().maxDepth(5).threads(3);
      var a = Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(one).seed(9).build().fit(data).bundle();
      var b = Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(three).seed(9).build().fit(data).bundle();
      assertEquals(a.id(), b.id(), forest ? "forest" : "cart");
    }
  }
}
