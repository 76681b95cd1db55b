package org.mlengine.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.eval.Arm;
import org.mlengine.eval.BanditState;
import org.mlengine.eval.Bandits;

/**
 * Serving's UCB1 and Thompson sampling are mlengine-eval's, copied because serving must not
 * depend on eval at run time: for random arm statistics (some never played, some with whole,
 * some with fractional reward sums) and seeds, the same arm, and the same draws consumed.
 */
class BanditPolicyProperties {

  /** Each arm as {pulls, rewardSum}. */
  @Provide
  Arbitrary<List<double[]>> states() {
    Arbitrary<double[]> arm = Arbitraries.longs().between(0, 5000).flatMap(pulls -> Arbitraries.oneOf(
        Arbitraries.longs().between(0, pulls).map(r -> new double[] {pulls, r}),
        Arbitraries.doubles().between(0, 1).map(f -> new double[] {pulls, f * pulls})));
    Arbitrary<double[]> sometimesUntried = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new double[] {0, 0})), net.jqwik.api.Tuple.of(4, arm));
    return sometimesUntried.list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 500)
  void ucb1_choosesEvalsArm(@ForAll("states") List<double[]> state) {
    int ours = BanditPolicy.ucb1(counts(state));
    int eval = Bandits.ucb1(evalState(state));
    if (ours != eval) {
      throw new AssertionError("ucb1 chose arm " + ours + ", eval's arm " + eval + " for " + show(state));
    }
  }

  @Property(tries = 500)
  void thompson_choosesEvalsArmFromTheSameSeed(@ForAll("states") List<double[]> state, @ForAll long seed) {
    SplittableRandom ourRandom = new SplittableRandom(seed);
    SplittableRandom evalRandom = new SplittableRandom(seed);
    int ours = BanditPolicy.thompson(counts(state), ourRandom);
    int eval = Bandits.thompson(evalState(state), evalRandom);
    if (ours != eval || ourRandom.nextLong() != evalRandom.nextLong()) {
      throw new AssertionError("thompson chose arm " + ours + ", eval's arm " + eval + " (or drew differently) for "
          + show(state) + " and seed " + seed);
    }
  }

  @Property(tries = 200)
  void chooser_seededThompsonOnOneThread_replaysTheSameArms(@ForAll("states") List<double[]> state, @ForAll long seed) {
    BanditPolicy.Chooser a = BanditPolicy.thompson(seed).newChooser();
    BanditPolicy.Chooser b = BanditPolicy.thompson(seed).newChooser();
    ArmCounts[] counts = counts(state);
    for (int i = 0; i < 20; i++) {
      int x = a.choose(counts);
      int y = b.choose(counts);
      if (x != y) {
        throw new AssertionError("choice " + i + ": arm " + x + " then arm " + y + " from seed " + seed);
      }
    }
  }

  private static ArmCounts[] counts(List<double[]> state) {
    ArmCounts[] out = new ArmCounts[state.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new ArmCounts((long) state.get(i)[0], state.get(i)[1]);
    }
    return out;
  }

  private static BanditState evalState(List<double[]> state) {
    List<Arm> arms = new ArrayList<>();
    for (double[] a : state) {
      arms.add(new Arm((long) a[0], a[1]));
    }
    return new BanditState(arms);
  }

  private static String show(List<double[]> state) {
    List<String> out = new ArrayList<>();
    for (double[] a : state) {
      out.add((long) a[0] + "/" + a[1]);
    }
    return out.toString();
  }
}
