package org.mlengine.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bandit has seen so far: one {@link Arm} per arm. An immutable value:
 * {@link #withReward(int, double)} returns the state after one more play, and
 * {@link #toMap()} / {@link #of(Map)} save and restore it as plain data (for JSON), with a
 * format version.
 *
 * <pre>{@code
 * BanditState state = BanditState.untried(3);
 * int arm = Bandits.ucb1(state);                 // 0: unplayed arms first
 * state = state.withReward(arm, 1.0);            // it converted
 * Map<String, Object> saved = state.toMap();     // {format=mlengine.bandit, version=1, ...}
 * BanditState restored = BanditState.of(saved);  // equals state
 * }</pre>
 *
 * @param arms the arms, at least one
 */
public record BanditState(List<Arm> arms) {
  /** The {@code "format"} tag of {@link #toMap()}. */
  public static final String FORMAT = "mlengine.bandit";
  /** The {@code "version"} of {@link #toMap()} this class writes and reads. */
  public static final int VERSION = 1;

  /**
   * Copies the arms into an immutable list.
   *
   * @throws IllegalArgumentException if there is no arm or an arm is null
   */
  public BanditState {
    Check.argument(
        arms != null && !arms.isEmpty(),
        "BanditState: no arms; expected at least one — use BanditState.untried(k)");
    for (int i = 0; i < arms.size(); i++) {
      Check.argument(arms.get(i) != null, "BanditState: arm %d is null; expected an Arm", i);
    }
    arms = List.copyOf(arms);
  }

  /**
   * A state with {@code k} arms that were never played.
   *
   * @param k the number of arms, at least 1
   * @return the initial state
   * @throws IllegalArgumentException if k is below 1
   */
  public static BanditState untried(int k) {
    Check.argument(k >= 1, "BanditState.untried: k is %d; expected at least one arm", k);
    List<Arm> arms = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      arms.add(new Arm(0, 0.0));
    }
    return new BanditState(arms);
  }

  /**
   * The state after playing {@code arm} once and observing {@code reward}.
   *
   * @param arm the arm's index
   * @param reward the reward, in [0, 1] (1 or 0 for a conversion)
   * @return the changed copy
   * @throws IllegalArgumentException if the arm does not exist or the reward is not in [0, 1]
   */
  public BanditState withReward(int arm, double reward) {
    Check.argument(
        arm >= 0 && arm < arms.size(),
        "BanditState.withReward: arm %d does not exist; expected an index in 0..%d",
        arm, arms.size() - 1);
    Check.argument(
        reward >= 0.0 && reward <= 1.0,
        "BanditState.withReward: reward is %s; expected a reward in [0, 1] — scale rewards to "
            + "[0, 1] (UCB1 and Beta-Bernoulli Thompson sampling assume it)",
        reward);
    List<Arm> next = new ArrayList<>(arms);
    Arm a = arms.get(arm);
    next.set(arm, new Arm(a.pulls() + 1, a.rewardSum() + reward));
    return new BanditState(next);
  }

  /**
   * The total number of plays.
   *
   * @return the sum of the arms' pulls
   */
  public long totalPulls() {
    long n = 0;
    for (Arm a : arms) {
      n += a.pulls();
    }
    return n;
  }

  /**
   * The state as plain data: {@code format}, {@code version}, {@code pulls} (a list of longs)
   * and {@code rewards} (a list of doubles), ready for a JSON writer.
   *
   * @return an immutable map
   */
  public Map<String, Object> toMap() {
    List<Long> pulls = new ArrayList<>(arms.size());
    List<Double> rewards = new ArrayList<>(arms.size());
    for (Arm a : arms) {
      pulls.add(a.pulls());
      rewards.add(a.rewardSum());
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("format", FORMAT);
    map.put("version", VERSION);
    map.put("pulls", List.copyOf(pulls));
    map.put("rewards", List.copyOf(rewards));
    return java.util.Collections.unmodifiableMap(map);
  }

  /**
   * Restores a state saved by {@link #toMap()} (also after a JSON round trip, where numbers may
   * come back as Integer or Double).
   *
   * @param saved the map
   * @return the state
   * @throws IllegalArgumentException if the format or version is not this one, or the lists
   *     are missing, differ in length or hold values that are not counts and reward sums
   */
  public static BanditState of(Map<String, ?> saved) {
    String what = "BanditState.of";
    Check.notNull(saved, what, "saved", "a map written by BanditState.toMap()");
    Check.argument(
        FORMAT.equals(saved.get("format")),
        "%s: format is %s; expected \"%s\" — pass a map written by BanditState.toMap()",
        what, saved.get("format"), FORMAT);
    Object version = saved.get("version");
    Check.argument(
        version instanceof Number && ((Number) version).doubleValue() == VERSION,
        "%s: version is %s; expected %d — this release reads version %d only",
        what, version, VERSION, VERSION);
    List<?> pulls = list(saved, "pulls");
    List<?> rewards = list(saved, "rewards");
    Check.argument(
        pulls.size() == rewards.size(),
        "%s: %d pulls but %d rewards; expected one of each per arm",
        what, pulls.size(), rewards.size());
    List<Arm> arms = new ArrayList<>(pulls.size());
    for (int i = 0; i < pulls.size(); i++) {
      Object p = pulls.get(i);
      Object r = rewards.get(i);
      Check.argument(
          p instanceof Number && ((Number) p).doubleValue() == Math.rint(((Number) p).doubleValue())
              && r instanceof Number,
          "%s: arm %d has pulls %s and rewards %s; expected a whole count and a number",
          what, i, p, r);
      arms.add(new Arm(((Number) p).longValue(), ((Number) r).doubleValue()));
    }
    return new BanditState(arms);
  }

  private static List<?> list(Map<String, ?> saved, String key) {
    Object value = saved.get(key);
    Check.argument(
        value instanceof List,
        "BanditState.of: %s is %s; expected a list with one entry per arm",
        key, value);
    return (List<?>) value;
  }
}
