package org.mlengine.serving;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of what a {@link Deployment} has served: its strategy, each model's (or arm's)
 * requests and rewards, how many swaps it took, and for a shadow deployment the comparison so
 * far.
 *
 * <pre>{@code
 * DeploymentStats stats = deployment.stats();
 * for (DeploymentStats.Model m : stats.models()) {
 *   System.out.println(m.name() + " " + m.bundleId() + " " + m.requests());
 * }
 * }</pre>
 *
 * @param strategy {@code single}, {@code shadow}, {@code canary} or {@code bandit}
 * @param models each model in the deployment's order: the champion first, then the shadow or
 *     canary; a bandit's arms in the order given
 * @param swaps how many swaps the deployment took
 * @param shadow a shadow deployment's comparison; empty for the other strategies
 */
public record DeploymentStats(String strategy, List<Model> models, long swaps, Optional<ShadowReport> shadow) {

  /** Copies the models. */
  public DeploymentStats {
    Objects.requireNonNull(strategy, "strategy");
    models = List.copyOf(Objects.requireNonNull(models, "models"));
    Objects.requireNonNull(shadow, "shadow");
  }

  /**
   * One model's figures.
   *
   * <pre>{@code
   * DeploymentStats.Model arm = deployment.stats().models().get(1);
   * double rate = arm.meanReward();   // rewards per pull, for a bandit's arm
   * }</pre>
   *
   * @param name its name in the deployment ({@code champion}, {@code shadow}, {@code canary}, an
   *     arm's name)
   * @param bundleId the bundle it serves now
   * @param requests the requests it answered, across swaps (for a shadow: the ones it scored)
   * @param rewards how many of them were rewarded (a bandit's arms only)
   * @param rewardSum the sum of those rewards
   */
  public record Model(String name, String bundleId, long requests, long rewards, double rewardSum) {
    /** Checks that the names are there. */
    public Model {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bundleId, "bundleId");
    }

    /** Rewards per request answered ({@code rewardSum / requests}); NaN before the first request. */
    public double meanReward() {
      return requests == 0 ? Double.NaN : rewardSum / requests;
    }
  }
}
