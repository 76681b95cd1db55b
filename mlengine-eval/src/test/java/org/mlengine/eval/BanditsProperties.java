package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the bandit policies over generated states. */
class BanditsProperties {

  @Provide
  Arbitrary<BanditState> states() {
    Arbitrary<Arm> arm =
        Arbitraries.longs()
            .between(0, 200)
            .flatMap(
                n -> Arbitraries.doubles().between(0, n).map(s -> new Arm(n, s)));
    return arm.list().ofMinSize(1).ofMaxSize(6).map(BanditState::new);
  }

  @Property
  void ucb1_anyUnplayedArm_isPlayedFirst(@ForAll("states") BanditState state) {
    int chosen = Bandits.ucb1(state);
    int firstUnplayed = -1;
    for (int i = 0; i < state.arms().size() && firstUnplayed < 0; i++) {
      if (state.arms().get(i).pulls() == 0) {
        firstUnplayed = i;
      }
    }
    if (firstUnplayed >= 0) {
      assertEquals(firstUnplayed, chosen);
    } else {
      List<Double> idx = Bandits.ucb1Indices(state);
      for (double v : idx) {
        assertTrue(idx.get(chosen) >= v);
      }
    }
  }

  @Property(tries = 200)
  void probabilityBeats_bothOrders_sumToOne(@ForAll("states") BanditState state) {
    if (state.arms().size() < 2) {
      return;
    }
    double ab = Bandits.probabilityBeats(state, 0, 1);
    double ba = Bandits.probabilityBeats(state, 1, 0);
    assertEquals(1.0, ab + ba, 1e-12);
  }

  @Property
  void toMapThenOf_anyState_roundTrips(@ForAll("states") BanditState state) {
    assertEquals(state, BanditState.of(state.toMap()));
  }

  @Property(tries = 100)
  void thompson_sameSeed_sameChoice(@ForAll("states") BanditState state, @ForAll long seed) {
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    java.util.SplittableRandom r1 = new java.util.SplittableRandom(seed);
    java.util.SplittableRandom r2 = new java.util.SplittableRandom(seed);
    for (int i = 0; i < 5; i++) {
      a.add(Bandits.thompson(state, r1));
      b.add(Bandits.thompson(state, r2));
    }
    assertEquals(a, b);
  }
}
