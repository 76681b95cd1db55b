package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Multi-armed bandit policies for routing traffic between models on rewards in [0, 1]: UCB1
 * (Auer, Cesa-Bianchi and Fischer 2002) and Beta-Bernoulli Thompson sampling, plus the
 * posterior probability that one arm beats another. The policies are pure functions of an
 * immutable {@link BanditState}; randomness comes only from the {@link SplittableRandom} the
 * caller passes, so a seed reproduces every choice.
 *
 * <pre>{@code
 * BanditState state = BanditState.untried(2);
 * SplittableRandom random = new SplittableRandom(42);
 * for (Request r : requests) {
 *   int arm = Bandits.thompson(state, random);        // or Bandits.ucb1(state)
 *   double reward = serveWith(arm, r);                 // 1 if it converted, else 0
 *   state = state.withReward(arm, reward);
 * }
 * double p = Bandits.probabilityBeats(state, 1, 0);    // P(arm 1's rate > arm 0's)
 * }</pre>
 */
public final class Bandits {
  private static final String UCB1 = "ucb1";
  private static final String THOMPSON = "thompson";
  private static final String BEATS = "probability_beats";

  private Bandits() {}

  /**
   * The UCB1 index of each arm, mean + √(2·ln n / nᵢ) with n the total plays; +∞ for an arm
   * never played.
   *
   * @param state the plays so far
   * @return one index per arm
   * @throws IllegalArgumentException if state is null
   */
  public static List<Double> ucb1Indices(BanditState state) {
    Check.notNull(state, UCB1, "state", "a BanditState such as BanditState.untried(k)");
    double lnN = Math.log(state.totalPulls());
    List<Double> out = new ArrayList<>(state.arms().size());
    for (Arm a : state.arms()) {
      out.add(
          a.pulls() == 0 ? Double.POSITIVE_INFINITY : a.mean() + Math.sqrt(2 * lnN / a.pulls()));
    }
    return List.copyOf(out);
  }

  /**
   * The arm UCB1 plays next: the first arm never played, if any (the initial round-robin);
   * otherwise the arm with the largest {@link #ucb1Indices(BanditState) index}, the first on
   * ties.
   *
   * @param state the plays so far
   * @return the arm's index
   * @throws IllegalArgumentException if state is null
   */
  public static int ucb1(BanditState state) {
    List<Double> indices = ucb1Indices(state);
    int best = 0;
    for (int i = 1; i < indices.size(); i++) {
      if (indices.get(i) > indices.get(best)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The arm Thompson sampling plays next: one draw from each arm's Beta(1 + rewards,
   * 1 + pulls − rewards) posterior (a uniform prior), the largest draw wins (the first on
   * ties). Consumes draws from {@code random}.
   *
   * @param state the plays so far
   * @param random the source of randomness (seed it for reproducible routing)
   * @return the arm's index
   * @throws IllegalArgumentException if an argument is null
   */
  public static int thompson(BanditState state, SplittableRandom random) {
    Check.notNull(state, THOMPSON, "state", "a BanditState such as BanditState.untried(k)");
    Check.notNull(random, THOMPSON, "random", "a SplittableRandom, e.g. new SplittableRandom(42)");
    int best = 0;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < state.arms().size(); i++) {
      Arm a = state.arms().get(i);
      double draw = Sampling.beta(1 + a.rewardSum(), 1 + a.pulls() - a.rewardSum(), random);
      if (draw > bestDraw) {
        best = i;
        bestDraw = draw;
      }
    }
    return best;
  }

  /**
   * Each arm's posterior mean reward under a uniform prior, (1 + rewards)/(2 + pulls).
   *
   * @param state the plays so far
   * @return one mean per arm
   * @throws IllegalArgumentException if state is null
   */
  public static List<Double> posteriorMeans(BanditState state) {
    Check.notNull(state, BEATS, "state", "a BanditState");
    List<Double> out = new ArrayList<>(state.arms().size());
    for (Arm a : state.arms()) {
      out.add((1 + a.rewardSum()) / (2 + a.pulls()));
    }
    return List.copyOf(out);
  }

  /**
   * The posterior probability that arm {@code a}'s reward rate exceeds arm {@code b}'s, with
   * each arm's rate ~ Beta(1 + rewards, 1 + pulls − rewards): ∫ f_a(x)·F_b(x) dx, integrated
   * numerically (adaptive Gauss–Legendre, split around a's posterior mass) to about 1e-14.
   *
   * @param state the plays so far
   * @param a the arm that should win
   * @param b the arm it is compared with
   * @return a probability in [0, 1]; 0.5 for two identical arms
   * @throws IllegalArgumentException if state is null or an arm does not exist
   */
  public static double probabilityBeats(BanditState state, int a, int b) {
    Check.notNull(state, BEATS, "state", "a BanditState");
    int k = state.arms().size();
    Check.argument(
        a >= 0 && a < k && b >= 0 && b < k,
        "%s: arms %d and %d; expected indices in 0..%d",
        BEATS, a, b, k - 1);
    Arm armA = state.arms().get(a);
    Arm armB = state.arms().get(b);
    double alphaA = 1 + armA.rewardSum();
    double betaA = 1 + armA.pulls() - armA.rewardSum();
    double alphaB = 1 + armB.rewardSum();
    double betaB = 1 + armB.pulls() - armB.rewardSum();
    // Split [0, 1] around both posteriors' mass, where the integrand changes fast.
    double[] points = breakpoints(alphaA, betaA, alphaB, betaB);
    double p =
        Integration.integrate(
            x -> SpecialFunctions.betaPdf(x, alphaA, betaA) * SpecialFunctions.betaCdf(x, alphaB, betaB),
            points,
            1e-15);
    return Math.min(1.0, Math.max(0.0, p));
  }

  /** 0, 1 and mean ± {0, 1, 2, 4, 8, 16} standard deviations of both Beta laws, sorted. */
  private static double[] breakpoints(double alphaA, double betaA, double alphaB, double betaB) {
    double[] offsets = {-16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16};
    java.util.TreeSet<Double> points = new java.util.TreeSet<>();
    points.add(0.0);
    points.add(1.0);
    for (double[] ab : new double[][] {{alphaA, betaA}, {alphaB, betaB}}) {
      double s = ab[0] + ab[1];
      double mean = ab[0] / s;
      double sd = Math.sqrt(ab[0] * ab[1] / (s * s * (s + 1)));
      for (double k : offsets) {
        points.add(Math.min(1.0, Math.max(0.0, mean + k * sd)));
      }
    }
    return points.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
