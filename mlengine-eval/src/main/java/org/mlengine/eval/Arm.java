package org.mlengine.eval;

/**
 * One arm of a multi-armed bandit: how often it was played and the sum of its rewards (each in
 * [0, 1]; for a conversion, 1 or 0). Part of a {@link BanditState}.
 *
 * <pre>{@code
 * Arm arm = new Arm(10, 6.0);   // played 10 times, 6 conversions
 * arm.mean();                   // 0.6
 * }</pre>
 *
 * @param pulls how often the arm was played, ≥ 0
 * @param rewardSum the sum of its rewards, in [0, pulls]
 */
public record Arm(long pulls, double rewardSum) {
  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException if pulls is negative or rewardSum is not in [0, pulls]
   */
  public Arm {
    Check.argument(pulls >= 0, "Arm: pulls is %d; expected a count >= 0", pulls);
    Check.argument(
        rewardSum >= 0.0 && rewardSum <= pulls,
        "Arm: rewardSum is %s after %d pulls; expected a sum in [0, pulls] of rewards in [0, 1]",
        rewardSum, pulls);
  }

  /**
   * The mean reward.
   *
   * @return rewardSum / pulls, or NaN for an arm never played
   */
  public double mean() {
    return pulls == 0 ? Double.NaN : rewardSum / pulls;
  }
}
