package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRingTest {
  @Test
  void offer_beyondTheCapacity_isRefused_andPollReturnsInOrder() {
    LogRing<Integer> ring = new LogRing<>(3);
    assertTrue(ring.offer(1) && ring.offer(2) && ring.offer(3));
    assertFalse(ring.offer(4), "three wait already");
    assertEquals(1, ring.poll());
    assertTrue(ring.offer(4));
    assertEquals(List.of(2, 3, 4), List.of(ring.poll(), ring.poll(), ring.poll()));
    assertNull(ring.poll());
    assertTrue(ring.drained());
  }

  @Test
  void twoProducersOneConsumer_everyElementOnce_eachProducersInOrder() throws InterruptedException {
    LogRing<long[]> ring = new LogRing<>(16);
    int perProducer = 20_000;
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      long producer = p;
      Thread t = new Thread(() -> {
        for (long i = 0; i < perProducer; i++) {
          long[] element = {producer, i};
          while (!ring.offer(element)) {
            Thread.yield();
          }
        }
      });
      producers.add(t);
      t.start();
    }
    long[] next = new long[2];
    int taken = 0;
    while (taken < 2 * perProducer) {
      long[] e = ring.poll();
      if (e == null) {
        Thread.yield();
        continue;
      }
      assertEquals(next[(int) e[0]]++, e[1], "producer " + e[0] + "'s elements in order, none lost or repeated");
      taken++;
    }
    for (Thread t : producers) {
      t.join();
    }
    assertNull(ring.poll());
    assertTrue(ring.drained());
  }
}
