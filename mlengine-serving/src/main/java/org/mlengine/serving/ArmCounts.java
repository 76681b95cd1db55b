package org.mlengine.serving;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One bandit arm's statistics, updated lock-free from any thread: how often it served a request
 * (its pulls) and the sum of the rewards it received, each in [0, 1]. A pull is counted when the
 * arm answers, a reward when {@link Deployment#reward(String, double)} reports it; a request
 * never rewarded counts as a pull with reward 0. The reward sum is a double kept as its bits in
 * an {@link AtomicLong} and added by compare-and-set.
 */
final class ArmCounts {
  private final AtomicLong pulls;
  private final AtomicLong rewardBits;
  private final AtomicLong rewards = new AtomicLong();

  ArmCounts() {
    this(0, 0.0);
  }

  /** An arm that was already played: for tests comparing the policies with mlengine-eval's. */
  ArmCounts(long pulls, double rewardSum) {
    this.pulls = new AtomicLong(pulls);
    this.rewardBits = new AtomicLong(Double.doubleToRawLongBits(rewardSum));
  }

  long pulls() {
    return pulls.get();
  }

  double rewardSum() {
    return Double.longBitsToDouble(rewardBits.get());
  }

  /** How many rewards were reported (at most the pulls). */
  long rewards() {
    return rewards.get();
  }

  void pull() {
    pulls.incrementAndGet();
  }

  void reward(double value) {
    long bits;
    do {
      bits = rewardBits.get();
    } while (!rewardBits.compareAndSet(bits, Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + value)));
    rewards.incrementAndGet();
  }
}
