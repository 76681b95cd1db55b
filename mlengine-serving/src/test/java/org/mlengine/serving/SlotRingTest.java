package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotRingTest {
  /** A lane's payload for the tests: two longs a place. */
  record Pairs(long[] producer, long[] sequence) {
    Pairs(int size) {
      this(new long[size], new long[size]);
    }
  }

  @Test
  void claim_beyondTheLanesCapacity_isRefused_andPlacesComeBackInOrder() {
    SlotRing<Pairs> one = new SlotRing<>(1, Pairs::new);
    assertEquals(SlotRing.MAX_LANES, one.lanes());
    assertEquals(1, one.laneCapacity());
    SlotRing.Lane<Pairs> lane = one.lane();
    long first = lane.claim();
    assertEquals(0, first);
    assertEquals(-1, lane.claim(), "the lane's one place is in use");
    assertEquals(-1, lane.ready(), "claimed but not published: not ready");
    assertFalse(one.drained());
    lane.publish(first);
    assertEquals(first, lane.ready());
    lane.release(first);
    assertTrue(one.drained());
    for (int i = 0; i < SlotRing.FULL_SKIPS - 1; i++) {
      assertEquals(-1, lane.claim(), "found full: the next claims fail without looking at the head");
    }
    assertEquals(1, lane.claimPatiently(), "room again once released, at once for a producer that waits for it");
  }

  @Test
  void claim_afterTheSkips_looksAtTheHeadAgain() {
    SlotRing<Pairs> one = new SlotRing<>(1, Pairs::new);
    SlotRing.Lane<Pairs> lane = one.lane();
    long first = lane.claim();
    assertEquals(-1, lane.claim());
    lane.publish(first);
    lane.release(lane.ready());
    int refused = 0;
    while (lane.claim() < 0) {
      refused++;
    }
    assertEquals(SlotRing.FULL_SKIPS, refused, "a dropped request costs no look at the consumer's line, for a while");
  }

  @Test
  void claim_afterTheConsumerFoundTheLaneEmpty_succeedsAtOnce_noSkipOutlastsTheBurst() {
    // A burst fills the lane and leaves skips; the consumer drains it; a request that comes
    // afterwards, however long afterwards, must not be dropped by the skips left over.
    SlotRing<Pairs> ring = new SlotRing<>(2, Pairs::new);
    SlotRing.Lane<Pairs> lane = ring.lane();
    lane.publish(lane.claim());
    lane.publish(lane.claim());
    assertEquals(-1, lane.claim(), "full: the skips start");
    for (long place = lane.ready(); place >= 0; place = lane.ready()) {
      lane.release(place);
    }
    assertTrue(ring.drained());
    assertEquals(2, lane.claim(), "the consumer found the lane empty: the skips are over");
    assertEquals(3, lane.claim());
    assertEquals(-1, lane.claim(), "full again: skips again");
    assertEquals(-1, lane.claim());
  }

  @Test
  void claim_skipsOfALaneFoundFullWhileAPlaceWasInFlight_endOnceTheConsumerEmptiesIt() {
    // The consumer finds nothing ready because the next place is claimed and not yet published,
    // while the lane is still full: the skips must outlive that look and end at the next one.
    SlotRing<Pairs> ring = new SlotRing<>(2, Pairs::new);
    SlotRing.Lane<Pairs> lane = ring.lane();
    long a = lane.claim();
    long inFlight = lane.claim();
    lane.publish(a);
    lane.release(lane.ready());
    long c = lane.claim();
    assertEquals(-1, lane.claim(), "full: the skips start");
    assertEquals(-1, lane.ready(), "the next place is in flight");
    lane.publish(inFlight);
    lane.publish(c);
    for (long place = lane.ready(); place >= 0; place = lane.ready()) {
      lane.release(place);
    }
    assertTrue(ring.drained());
    assertEquals(c + 1, lane.claim(), "emptied: the skips are over");
  }

  @Test
  void claimPatiently_onAFullLane_succeedsAsSoonAsTheConsumerTakesAPlace_everyTime() {
    SlotRing<Pairs> ring = new SlotRing<>(2, Pairs::new);
    SlotRing.Lane<Pairs> lane = ring.lane();
    lane.publish(lane.claim());
    lane.publish(lane.claim());
    for (int round = 0; round < 100; round++) {
      assertEquals(-1, lane.claimPatiently(), "full");
      assertEquals(-1, lane.claim(), "still full");
      long taken = lane.ready();
      lane.release(taken);
      long place = lane.claimPatiently();
      assertEquals(taken + 2, place, "the place the consumer freed, claimed by the next waiting producer");
      lane.publish(place);
    }
  }

  @Test
  void published_saysWhichPlacesWereHandedOver() {
    SlotRing<Pairs> ring = new SlotRing<>(4, Pairs::new);
    SlotRing.Lane<Pairs> lane = ring.lane();
    long a = lane.claim();
    long b = lane.claim();
    lane.publish(b);
    assertFalse(lane.published(a));
    assertTrue(lane.published(b));
    assertEquals(-1, lane.ready(), "b waits behind a");
    lane.publish(a);
    assertTrue(lane.published(a));
    assertEquals(a, lane.ready());
  }

  @Test
  void lanes_areMadeOnFirstUse_eachWithTheWholeCapacity() throws InterruptedException {
    SlotRing<Pairs> ring = new SlotRing<>(3, Pairs::new);
    for (int i = 0; i < ring.lanes(); i++) {
      assertEquals(null, ring.lane(i), "no lane before a thread produces into it");
    }
    SlotRing.Lane<Pairs> lane = ring.lane();
    assertEquals(4, lane.payload.producer().length, "3 places in a ring of 4 slots");
    for (int i = 0; i < 3; i++) {
      lane.publish(lane.claim());
    }
    assertEquals(-1, lane.claim(), "a lane holds the capacity, not a share of it");
    int made = 0;
    for (int i = 0; i < ring.lanes(); i++) {
      made += ring.lane(i) == null ? 0 : 1;
    }
    assertEquals(1, made);
  }

  @Test
  void manyProducersSharingLanes_oneConsumer_everyPlaceOnce_eachProducersInOrder() throws InterruptedException {
    SlotRing<Pairs> ring = new SlotRing<>(16, Pairs::new);
    int producers = 3 * SlotRing.MAX_LANES;   // more threads than lanes: lanes are shared, claimed by compare-and-set
    int perProducer = 20_000;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long producer = p;
      Thread t = new Thread(() -> {
        SlotRing.Lane<Pairs> lane = ring.lane();
        for (long i = 0; i < perProducer; i++) {
          long place;
          while ((place = lane.claim()) < 0) {
            Thread.yield();
          }
          int slot = lane.slot(place);
          lane.payload.producer()[slot] = producer;
          lane.payload.sequence()[slot] = i;
          lane.publish(place);
        }
      });
      threads.add(t);
      t.start();
    }
    long[] next = new long[producers];
    long taken = 0;
    while (taken < (long) producers * perProducer) {
      boolean any = false;
      for (int i = 0; i < ring.lanes(); i++) {
        SlotRing.Lane<Pairs> lane = ring.lane(i);
        for (long place = lane == null ? -1 : lane.ready(); place >= 0; place = lane.ready()) {
          int slot = lane.slot(place);
          int producer = (int) lane.payload.producer()[slot];
          assertEquals(next[producer]++, lane.payload.sequence()[slot], "producer " + producer + "'s places in order, none lost or repeated");
          lane.release(place);
          taken++;
          any = true;
        }
      }
      if (!any) {
        Thread.yield();
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(ring.drained());
    for (int p = 0; p < producers; p++) {
      assertEquals(perProducer, next[p]);
    }
  }
}
