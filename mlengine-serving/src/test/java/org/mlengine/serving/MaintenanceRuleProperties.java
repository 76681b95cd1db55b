package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The invariants of the maintenance loop's decision rule and of the canary watch's counters:
 * a promotion only ever follows a significantly better verdict on enough requests; a trial
 * always ends once its budget is spent; a canary is rolled back after its limit of failed checks
 * in a row and never before.
 */
class MaintenanceRuleProperties {
  private static final TrialRule RULE = new TrialRule(0.05, 100, 1000, Duration.ofDays(3), 10);

  @Provide
  Arbitrary<Comparison> comparisons() {
    return Combinators.combine(Arbitraries.longs().between(0, 2000), Arbitraries.doubles().between(0, 1),
        Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 0.001, 0.049, 0.05, 0.2, 1.0, Double.NaN),
        Arbitraries.of(true, false))
        .as((n, champion, challenger, p, higher) -> new Comparison("champion", "shadow", higher ? "accuracy" : "log_loss",
            higher, n, champion, challenger, "mcnemar_exact", p));
  }

  @Property(tries = 500)
  void decide_promotesOnlyASignificantlyBetterChallengerOnEnoughRequests(@ForAll("comparisons") Comparison c,
      @ForAll @LongRange(min = 0, max = 5 * 24 * 60) long minutes) {
    TrialRule.Decision d = RULE.decide(c, Duration.ofMinutes(minutes), 0);
    boolean better = c.challengerBetter(RULE.alphaPerLook()) && c.requests() >= RULE.minRequests();
    assertEquals(better, d.outcome() == TrialRule.Outcome.PROMOTE, c + " -> " + d);
    if (d.outcome() == TrialRule.Outcome.PROMOTE) {
      assertEquals(c.toString(), d.reason());
    }
  }

  @Property(tries = 500)
  void decide_aSpentBudgetAlwaysEndsTheTrial(@ForAll("comparisons") Comparison c,
      @ForAll @LongRange(min = 0, max = 5 * 24 * 60) long minutes, @ForAll @IntRange(min = 0, max = 12) int looksBefore) {
    Duration elapsed = Duration.ofMinutes(minutes);
    TrialRule.Decision d = RULE.decide(c, elapsed, looksBefore);
    boolean spent = c.requests() >= RULE.maxRequests() || elapsed.compareTo(RULE.maxTime()) >= 0
        || c.requests() >= RULE.minRequests() && looksBefore + 1 >= RULE.looks();
    if (spent) {
      assertTrue(d.outcome() != TrialRule.Outcome.CONTINUE, c + " after " + elapsed + " -> " + d);
    } else if (d.outcome() != TrialRule.Outcome.CONTINUE) {
      assertTrue(c.pValue() < RULE.alphaPerLook() && c.requests() >= RULE.minRequests(), c + " -> " + d);
    }
  }

  @Provide
  Arbitrary<List<CanaryAnalysis.Measurement>> measurements() {
    return Arbitraries.of(CanaryAnalysis.Measurement.class).list().ofMaxSize(40);
  }

  @Property(tries = 500)
  void analysis_rollsBackAtTheKthFailureInARowAndNeverBefore(@ForAll("measurements")
      List<CanaryAnalysis.Measurement> seen, @ForAll @IntRange(min = 1, max = 4) int k) {
    CanaryAnalysis analysis = new CanaryAnalysis(k, Integer.MAX_VALUE, 0);
    int run = 0;   // failures since the last success; inconclusive and error checks neither break nor extend it
    for (CanaryAnalysis.Measurement m : seen) {
      run = m == CanaryAnalysis.Measurement.FAILURE ? run + 1 : m == CanaryAnalysis.Measurement.SUCCESS ? 0 : run;
      CanaryAnalysis.Verdict v = analysis.add(m);
      boolean expected = m == CanaryAnalysis.Measurement.FAILURE && run >= k;
      assertEquals(expected, v == CanaryAnalysis.Verdict.ROLL_BACK, seen + " k=" + k);
      if (v == CanaryAnalysis.Verdict.ROLL_BACK) {
        return;   // the watch stops at its first rollback
      }
    }
  }

  @Property(tries = 500)
  void analysis_passesAtTheNthSuccessInARowAndErrorsRollBackAtTheirLimit(@ForAll("measurements")
      List<CanaryAnalysis.Measurement> seen, @ForAll @IntRange(min = 1, max = 4) int n) {
    CanaryAnalysis analysis = new CanaryAnalysis(Integer.MAX_VALUE, n, n);
    int successes = 0;
    int errors = 0;
    for (CanaryAnalysis.Measurement m : seen) {
      switch (m) {
        case SUCCESS -> {
          successes++;
          errors = 0;
        }
        case FAILURE -> {
          successes = 0;
          errors = 0;
        }
        case ERROR -> errors++;
        default -> errors = 0;
      }
      CanaryAnalysis.Verdict v = analysis.add(m);
      CanaryAnalysis.Verdict expected = m == CanaryAnalysis.Measurement.SUCCESS && successes >= n ? CanaryAnalysis.Verdict.PASS
          : m == CanaryAnalysis.Measurement.ERROR && errors >= n ? CanaryAnalysis.Verdict.ROLL_BACK
          : CanaryAnalysis.Verdict.CONTINUE;
      assertEquals(expected, v, seen + " n=" + n);
      if (v != CanaryAnalysis.Verdict.CONTINUE) {
        return;
      }
    }
  }

  @Property(tries = 200)
  void mcnemarExact_isAProbabilityAndSymmetric(@ForAll @IntRange(min = 0, max = 300) int b,
      @ForAll @IntRange(min = 0, max = 300) int c) {
    double p = MaintenanceFixtures.mcnemarExact(b, c);
    if (b + c == 0) {
      assertEquals(1, p, "no discordant pair is no evidence of a difference");
      return;
    }
    assertTrue(p > 0 && p <= 1, b + ", " + c + " -> " + p);
    assertEquals(p, MaintenanceFixtures.mcnemarExact(c, b), 1e-12);
  }

  /**
   * The loop's guarantee: a challenger exactly as accurate as the champion, checked at every
   * planned look of its trial, is promoted in at most alpha of the trials. Simulated: at each of
   * 12 looks, 100 more requests whose pairs disagree with probability 0.3 either way, judged by
   * the exact McNemar test. The same trials tested at the full alpha at every look promote more
   * than alpha of the time (the repeated-looks problem the split removes).
   */
  @Example
  void decide_aChallengerNoBetter_isPromotedInAtMostAlphaOfTheTrials() {
    int looks = 12;
    double alpha = 0.05;
    TrialRule split = new TrialRule(alpha, 100, Long.MAX_VALUE, Duration.ofDays(1), looks);
    TrialRule unsplit = new TrialRule(alpha, 100, Long.MAX_VALUE, Duration.ofDays(1), 1);
    Random random = new Random(18);
    int trials = 800;
    int promotedSplit = 0;
    int promotedUnsplit = 0;
    for (int trial = 0; trial < trials; trial++) {
      long requests = 0;
      long onlyChampion = 0;
      long onlyChallenger = 0;
      boolean splitEnded = false;
      boolean unsplitPromoted = false;
      for (int look = 0; look < looks; look++) {
        for (int i = 0; i < 100; i++) {
          double u = random.nextDouble();
          onlyChampion += u < 0.15 ? 1 : 0;
          onlyChallenger += u >= 0.15 && u < 0.3 ? 1 : 0;
        }
        requests += 100;
        Comparison c = new Comparison("champion", "shadow", "accuracy", true, requests, 0.8,
            0.8 + (double) (onlyChallenger - onlyChampion) / requests, "mcnemar_exact",
            MaintenanceFixtures.mcnemarExact(onlyChampion, onlyChallenger));
        Duration elapsed = Duration.ofHours(look);
        if (!splitEnded) {
          TrialRule.Outcome o = split.decide(c, elapsed, look).outcome();
          promotedSplit += o == TrialRule.Outcome.PROMOTE ? 1 : 0;
          splitEnded = o != TrialRule.Outcome.CONTINUE;
        }
        unsplitPromoted |= c.challengerBetter(unsplit.alphaPerLook());
      }
      promotedUnsplit += unsplitPromoted ? 1 : 0;
    }
    assertTrue(promotedSplit <= alpha * trials, promotedSplit + " of " + trials + " trials promoted a challenger no better");
    assertTrue(promotedUnsplit > alpha * trials, "without the split, " + promotedUnsplit + " of " + trials
        + " would have been promoted");
  }
}
