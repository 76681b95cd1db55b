package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link BatchPool} runs every piece once, whoever runs it, and hands a piece's failure to the asking thread. */
class BatchPoolTest {
  @Test
  void run_everyPieceOnce_withHelpersWithoutAndClosed() {
    BatchPool closed = new BatchPool(2);
    closed.close();
    try (BatchPool pool = new BatchPool(1)) {
      for (BatchPool p : new BatchPool[] {pool, BatchPool.SEQUENTIAL, closed}) {
        for (int count : new int[] {0, 1, 2, 7, 1000}) {
          AtomicIntegerArray runs = new AtomicIntegerArray(count);
          p.run(count, runs::incrementAndGet);
          for (int i = 0; i < count; i++) {
            assertEquals(1, runs.get(i), "piece " + i + " of " + count);
          }
        }
      }
    }
  }

  @Test
  void run_aPieceFails_theAskingThreadGetsThatFailure() {
    IllegalArgumentException wrong = new IllegalArgumentException("piece 5 is wrong");
    try (BatchPool pool = new BatchPool(1)) {
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> pool.run(64, i -> {
        if (i == 5) {
          throw wrong;
        }
      }));
      assertSame(wrong, thrown);
      AtomicIntegerArray runs = new AtomicIntegerArray(3);
      pool.run(3, runs::incrementAndGet);   // still works after a failure
      assertEquals("[1, 1, 1]", runs.toString());
    }
  }

  @Test
  void new_negativeHelpers_isRefusedSayingWhatToPass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchPool(-1));
    assertEquals("the helper count is -1; expected 0 or more (0 runs every piece on the asking thread).", e.getMessage());
  }
}
