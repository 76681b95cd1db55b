package org.mlengine.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Outcomes' row checks name the first bad row, and what a metric derives from them is computed once. */
class OutcomesTest {
  private static final List<String> CLASSES = List.of("bad", "good");

  @Test
  void classification_rowWithTooFewProbabilities_namesTheRow() {
    var e = assertThrows(IllegalArgumentException.class, () -> Outcomes.classification(CLASSES, new int[] {0, 1, 1},
        new double[][] {{0.2, 0.8}, {0.5, 0.5}, {1.0}}));

    assertEquals("row 2 has 1 probabilities for 2 classes", e.getMessage());
  }

  @Test
  void classification_classIndexOutOfRange_namesTheRowAndTheRange() {
    var e = assertThrows(IllegalArgumentException.class, () -> Outcomes.classification(CLASSES, new int[] {0, 2},
        new double[][] {{0.2, 0.8}, {0.5, 0.5}}));

    assertEquals("row 1 has true class index 2; expected 0..1", e.getMessage());
  }

  @Test
  void derived_sameKey_computesOnceAndKeepsTheValue() {
    Outcomes o = Outcomes.classification(CLASSES, new int[] {0, 1}, new double[][] {{0.2, 0.8}, {0.6, 0.4}});
    AtomicInteger calls = new AtomicInteger();
    Object key = new Object();

    double[] first = o.derived(key, x -> {
      calls.incrementAndGet();
      return x.probabilities(1);
    });
    double[] second = o.derived(key, x -> {
      calls.incrementAndGet();
      return x.probabilities(0);
    });

    assertSame(first, second);
    assertEquals(1, calls.get());
    assertEquals(0.6, o.derived(new Object(), x -> x.probabilities(0))[1]);
    assertEquals(Integer.valueOf(2), o.rows(new int[] {1, 0}).<Integer>derived(key, x -> calls.incrementAndGet()));   // a resample derives its own
  }

  @Test
  void derived_computationThatThrows_keepsNothing() {
    Outcomes o = Outcomes.classification(CLASSES, new int[] {0, 1}, new double[][] {{0.2, 0.8}, {0.6, 0.4}});
    Object key = new Object();

    assertThrows(IllegalStateException.class, () -> o.derived(key, x -> {
      throw new IllegalStateException("not now");
    }));

    assertEquals("later", o.derived(key, x -> "later"));
  }
}
