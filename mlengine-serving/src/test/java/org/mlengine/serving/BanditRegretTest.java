package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ModelBundle;

/**
 * Bandit deployments on simulated Bernoulli arms (success rates 0.9, 0.5 and 0.1), through the
 * deployment itself (predict, then reward the request id): over 200 seeded runs of 2,000
 * requests, UCB1's mean pseudo-regret stays within the bound of Auer, Cesa-Bianchi and Fischer
 * (2002, Theorem 1), 8·Σ ln n/Δᵢ + (1 + π²/3)·ΣΔⱼ, and Thompson sampling's is below UCB1's.
 */
class BanditRegretTest {
  private static final double[] RATES = {0.9, 0.5, 0.1};
  private static final int RUNS = 200;
  private static final int HORIZON = 2000;

  @Test
  void regret_ucb1WithinAuersBound_andThompsonBelowUcb1() {
    double ucb1 = 0;
    double thompson = 0;
    for (int run = 0; run < RUNS; run++) {
      ucb1 += regret(BanditPolicy.ucb1(), run) / RUNS;
      thompson += regret(BanditPolicy.thompson(run), run) / RUNS;
    }
    double bound = 0;
    double sumGaps = 0;
    for (int i = 1; i < RATES.length; i++) {
      double gap = RATES[0] - RATES[i];
      bound += 8 * Math.log(HORIZON) / gap;
      sumGaps += gap;
    }
    bound += (1 + Math.PI * Math.PI / 3) * sumGaps;
    String figures = "mean regret over " + RUNS + " runs of " + HORIZON + ": UCB1 " + ucb1 + ", Thompson " + thompson
        + ", Auer's bound " + bound + ", always the worst arm " + HORIZON * (RATES[0] - RATES[2]);
    assertTrue(ucb1 <= bound, figures);
    assertTrue(thompson < ucb1, figures);
    assertTrue(ucb1 > 0 && thompson > 0, figures);
  }

  /** One run's pseudo-regret: Σ over requests of (best rate − the chosen arm's rate). */
  private static double regret(BanditPolicy policy, long seed) {
    ModelBundle bundle = DeployFixtures.binary(1);
    SplittableRandom outcomes = new SplittableRandom(1000 + seed);
    Map<String, Object> request = DeployFixtures.request(0.2, -0.4);
    double regret = 0;
    try (Deployment d = Deployment.bandit(policy,
        Map.of("a", Predictor.of(bundle), "b", Predictor.of(bundle), "c", Predictor.of(bundle)))) {
      for (int i = 0; i < HORIZON; i++) {
        Prediction p = d.predict(request);
        int arm = p.answer().name().charAt(0) - 'a';
        regret += RATES[0] - RATES[arm];
        d.reward(p.requestId().orElseThrow(), outcomes.nextDouble() < RATES[arm] ? 1 : 0);
      }
    }
    return regret;
  }
}
