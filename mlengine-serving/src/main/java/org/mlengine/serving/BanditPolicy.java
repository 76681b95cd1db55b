package org.mlengine.serving;

import java.util.SplittableRandom;

/**
 * How a {@linkplain Deployment#bandit(BanditPolicy, java.util.Map) bandit deployment} picks the
 * arm that answers each request, from each arm's pulls and rewards: UCB1 (Auer, Cesa-Bianchi
 * and Fischer 2002) or Beta-Bernoulli Thompson sampling from a seed. The formulas are those of
 * {@code org.mlengine.eval.Bandits}, the same arm for the same state and seed. Immutable: a
 * value of configuration; each deployment keeps its own statistics and random state.
 *
 * <pre>{@code
 * Deployment d = Deployment.bandit(BanditPolicy.thompson(42),
 *     Map.of("logistic", logistic, "boosted", boosted));
 * Prediction p = d.predict(request);
 * d.reward(p.requestId().orElseThrow(), converted ? 1 : 0);
 * }</pre>
 */
public final class BanditPolicy {
  private final boolean thompson;
  private final long seed;

  private BanditPolicy(boolean thompson, long seed) {
    this.thompson = thompson;
    this.seed = seed;
  }

  /**
   * UCB1: the first arm never played, if any; otherwise the arm with the largest mean reward +
   * √(2·ln n / nᵢ) (n all pulls, nᵢ the arm's), the first on ties. Deterministic.
   */
  public static BanditPolicy ucb1() {
    return new BanditPolicy(false, 0);
  }

  /**
   * Thompson sampling: one draw from each arm's Beta(1 + rewards, 1 + pulls − rewards) posterior,
   * the largest draw wins. Each thread draws from its own generator, split in turn from one
   * seeded with {@code seed}: a run on one thread is reproducible; threads racing for the splits
   * are not.
   */
  public static BanditPolicy thompson(long seed) {
    return new BanditPolicy(true, seed);
  }

  /** A chooser with its own random state, for one deployment. */
  Chooser newChooser() {
    return new Chooser(thompson, seed);
  }

  @Override
  public String toString() {
    return thompson ? "thompson(seed " + seed + ")" : "ucb1";
  }

  /** UCB1's choice, as {@code org.mlengine.eval.Bandits.ucb1} on the same pulls and rewards. */
  static int ucb1(ArmCounts[] arms) {
    long total = 0;
    for (ArmCounts a : arms) {
      total += a.pulls();
    }
    double twoLnN = 2 * Math.log(total);   // eval's 2 * lnN, hoisted: the same double
    int best = 0;
    double bestIndex = Double.NaN;
    for (int i = 0; i < arms.length; i++) {
      // The reward sum first: a reward is counted after its pull, so the sum never exceeds the pulls read after it.
      double rewardSum = arms[i].rewardSum();
      long pulls = arms[i].pulls();
      double index = pulls == 0 ? Double.POSITIVE_INFINITY : rewardSum / pulls + Math.sqrt(twoLnN / pulls);
      if (i == 0 || index > bestIndex) {
        best = i;
        bestIndex = index;
      }
    }
    return best;
  }

  /** Thompson sampling's choice, as {@code org.mlengine.eval.Bandits.thompson} with the same random. */
  static int thompson(ArmCounts[] arms, SplittableRandom random) {
    int best = 0;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < arms.length; i++) {
      double rewardSum = arms[i].rewardSum();   // before the pulls, as in ucb1: 1 + pulls - rewardSum stays >= 1
      long pulls = arms[i].pulls();
      double draw = BetaSampling.beta(1 + rewardSum, 1 + pulls - rewardSum, random);
      if (draw > bestDraw) {
        best = i;
        bestDraw = draw;
      }
    }
    return best;
  }

  /** One deployment's choosing: the policy and, for Thompson, a generator per thread. */
  static final class Chooser {
    private final boolean thompson;
    private final SplittableRandom master;
    private final ThreadLocal<SplittableRandom> randoms;

    private Chooser(boolean thompson, long seed) {
      this.thompson = thompson;
      this.master = new SplittableRandom(seed);
      this.randoms = ThreadLocal.withInitial(this::split);
    }

    private SplittableRandom split() {
      synchronized (master) {
        return master.split();
      }
    }

    int choose(ArmCounts[] arms) {
      return thompson ? thompson(arms, randoms.get()) : ucb1(arms);
    }
  }
}
