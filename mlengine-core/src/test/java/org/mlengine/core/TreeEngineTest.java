package org.mlengine.core;

import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tree engine's thread option: checked, left out of the spec, and without effect on the bundle. */
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
