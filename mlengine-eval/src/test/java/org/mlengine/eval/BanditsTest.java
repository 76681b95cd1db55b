package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlengine.runtime.internal.SpecialFunctions;

/** V18 of {@code shared/reference/eval_vectors.txt} (NumPy 1.24.2, SciPy 1.10.1 quad). */
class BanditsTest {
  private static final double TOL = 1e-12;

  /** n_i = [10, 20, 5], mean reward [0.6, 0.55, 0.4]: reward sums 6, 11, 2. */
  private static final BanditState V18 =
      new BanditState(List.of(new Arm(10, 6.0), new Arm(20, 11.0), new Arm(5, 2.0)));

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class V18Ucb1 {
    @Test
    void ucb1Index_meanPlusBonus() {
      List<Double> idx = Bandits.ucb1Indices(V18);
      assertEquals(1.4432494365831992, idx.get(0), TOL);
      assertEquals(1.1462673948397155, idx.get(1), TOL);
      assertEquals(1.5925347896794313, idx.get(2), TOL);
    }

    @Test
    void ucb1_argmax_isArmTwo() {
      assertEquals(2, Bandits.ucb1(V18));
    }

    @Test
    void ucb1_bonusTerms() {
      double[] bonus = {0.8432494365831991, 0.5962673948397156, 1.1925347896794312};
      List<Double> idx = Bandits.ucb1Indices(V18);
      for (int i = 0; i < 3; i++) {
        assertEquals(bonus[i], idx.get(i) - V18.arms().get(i).mean(), TOL);
      }
    }

    @Test
    void ucb1_unplayedArm_isPlayedFirst() {
      BanditState state = BanditState.untried(3).withReward(0, 1.0).withReward(2, 1.0);
      assertEquals(1, Bandits.ucb1(state));
      assertEquals(Double.POSITIVE_INFINITY, Bandits.ucb1Indices(state).get(1));
      assertEquals(0, Bandits.ucb1(BanditState.untried(4)));
    }
  }

  @Nested
  class V18Thompson {
    @Test
    void posteriorMeans_uniformPrior() {
      List<Double> means = Bandits.posteriorMeans(V18);
      assertEquals(0.5833333333333334, means.get(0), TOL);
      assertEquals(0.5454545454545454, means.get(1), TOL);
      assertEquals(0.42857142857142855, means.get(2), TOL);
    }

    @Test
    void probabilityBeats_quadOfBetaPdfTimesBetaCdf() {
      assertEquals(0.5903677193661233, Bandits.probabilityBeats(V18, 0, 1), TOL);
      assertEquals(1 - 0.5903677193661233, Bandits.probabilityBeats(V18, 1, 0), TOL);
    }

    /**
     * For whole parameters P(θa &gt; θb) has a closed form (Evan Miller): Σ_{i&lt;αa}
     * B(αb + i, βb + βa) / ((βa + i)·B(1 + i, βa)·B(αb, βb)).
     */
    @Test
    void probabilityBeats_wholeCounts_matchesClosedForm() {
      BanditState state =
          new BanditState(
              List.of(
                  new Arm(200, 31.0), new Arm(180, 22.0), new Arm(3, 1.0),
                  new Arm(10_000, 1200.0), new Arm(10_000, 1260.0)));
      for (int[] pair : new int[][] {{0, 1}, {1, 0}, {2, 0}, {0, 2}, {3, 4}, {4, 3}}) {
        Arm a = state.arms().get(pair[0]);
        Arm b = state.arms().get(pair[1]);
        double alphaA = 1 + a.rewardSum();
        double betaA = 1 + a.pulls() - a.rewardSum();
        double alphaB = 1 + b.rewardSum();
        double betaB = 1 + b.pulls() - b.rewardSum();
        double sum = 0.0;
        for (int i = 0; i < alphaA; i++) {
          sum +=
              Math.exp(
                  SpecialFunctions.lnBeta(alphaB + i, betaB + betaA)
                      - Math.log(betaA + i)
                      - SpecialFunctions.lnBeta(1 + i, betaA)
                      - SpecialFunctions.lnBeta(alphaB, betaB));
        }
        assertEquals(sum, Bandits.probabilityBeats(state, pair[0], pair[1]), 1e-12, "pair " + pair[0] + "," + pair[1]);
      }
    }

    @Test
    void probabilityBeats_identicalArms_isHalf() {
      BanditState state = new BanditState(List.of(new Arm(1000, 400.0), new Arm(1000, 400.0)));
      assertEquals(0.5, Bandits.probabilityBeats(state, 0, 1), 1e-12);
    }

    @Test
    void thompson_sameSeed_sameChoices() {
      List<Integer> first = choices(new SplittableRandom(42));
      List<Integer> second = choices(new SplittableRandom(42));
      assertEquals(first, second);
    }

    @Test
    void thompson_clearWinner_isChosenMostOfTheTime() {
      BanditState state = new BanditState(List.of(new Arm(1000, 100.0), new Arm(1000, 300.0)));
      SplittableRandom random = new SplittableRandom(7);
      int wins = 0;
      for (int i = 0; i < 200; i++) {
        wins += Bandits.thompson(state, random);
      }
      assertEquals(200, wins);
    }

    @Test
    void betaSampler_meanAndVariance_matchBeta() {
      SplittableRandom random = new SplittableRandom(3);
      int n = 40_000;
      double sum = 0.0;
      double sumSq = 0.0;
      for (int i = 0; i < n; i++) {
        double x = Sampling.beta(7, 5, random);
        sum += x;
        sumSq += x * x;
      }
      double mean = sum / n;
      double variance = sumSq / n - mean * mean;
      assertEquals(7.0 / 12, mean, 0.005);
      assertEquals(7.0 * 5 / (144 * 13), variance, 0.001);
      assertTrue(Sampling.gamma(0.5, random) > 0.0);
    }

    private List<Integer> choices(SplittableRandom random) {
      BanditState state = BanditState.untried(3);
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int arm = Bandits.thompson(state, random);
        out.add(arm);
        state = state.withReward(arm, arm == 2 ? 1.0 : 0.0);
      }
      return out;
    }
  }

  @Nested
  class State {
    @Test
    void toMapThenOf_roundTrips() {
      Map<String, Object> saved = V18.toMap();
      assertEquals("mlengine.bandit", saved.get("format"));
      assertEquals(1, saved.get("version"));
      assertEquals(List.of(10L, 20L, 5L), saved.get("pulls"));
      assertEquals(V18, BanditState.of(saved));
    }

    @Test
    void of_jsonNumbers_areAccepted() {
      Map<String, Object> json =
          Map.of("format", "mlengine.bandit", "version", 1.0, "pulls", List.of(10, 20),
              "rewards", List.of(6, 11.0));
      assertEquals(
          new BanditState(List.of(new Arm(10, 6.0), new Arm(20, 11.0))), BanditState.of(json));
    }

    @Test
    void withReward_leavesTheOriginalUntouched() {
      BanditState before = BanditState.untried(2);
      BanditState after = before.withReward(1, 0.5);
      assertEquals(0, before.totalPulls());
      assertEquals(new Arm(1, 0.5), after.arms().get(1));
    }

    @Test
    void of_otherVersion_saysWhichItReads() {
      Map<String, Object> saved = new java.util.HashMap<>(V18.toMap());
      saved.put("version", 2);
      assertMessage(
          "BanditState.of: version is 2; expected 1 — this release reads version 1 only",
          () -> BanditState.of(saved));
    }

    @Test
    void withReward_outOfRange_saysScale() {
      assertMessage(
          "BanditState.withReward: reward is 3.0; expected a reward in [0, 1] — scale rewards to "
              + "[0, 1] (UCB1 and Beta-Bernoulli Thompson sampling assume it)",
          () -> BanditState.untried(2).withReward(0, 3.0));
    }

    @Test
    void withReward_unknownArm_saysTheRange() {
      assertMessage(
          "BanditState.withReward: arm 2 does not exist; expected an index in 0..1",
          () -> BanditState.untried(2).withReward(2, 1.0));
    }

    @Test
    void arm_moreRewardThanPulls_saysTheRange() {
      assertMessage(
          "Arm: rewardSum is 3.0 after 2 pulls; expected a sum in [0, pulls] of rewards in [0, 1]",
          () -> new Arm(2, 3.0));
    }

    @Test
    void probabilityBeats_unknownArm_saysTheRange() {
      assertMessage(
          "probability_beats: arms 0 and 3; expected indices in 0..2",
          () -> Bandits.probabilityBeats(V18, 0, 3));
    }
  }
}
