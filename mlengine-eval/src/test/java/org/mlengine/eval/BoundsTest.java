package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * V13 of {@code shared/reference/eval_vectors.txt} (statsmodels 0.13.5
 * {@code proportion_confint}, SciPy 1.10.1 {@code t.interval}) and the bootstrap intervals.
 */
class BoundsTest {
  private static final double TOL = 1e-12;

  private static void assertInterval(double lower, double upper, Interval actual, double tol) {
    assertEquals(lower, actual.lower(), tol, "lower of " + actual);
    assertEquals(upper, actual.upper(), tol, "upper of " + actual);
  }

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class V13Proportions {
    @Test
    void proportionConfint_normal() {
      assertInterval(0.06953200310320169, 0.1044679968967983, Bounds.wald(87, 1000, 0.95), TOL);
    }

    @Test
    void proportionConfint_wilson() {
      assertInterval(0.071074421452375, 0.10608648105669352, Bounds.wilson(87, 1000, 0.95), TOL);
    }

    @Test
    void proportionConfint_beta_clopperPearson() {
      assertInterval(
          0.07026848607137864, 0.1062078579570212, Bounds.clopperPearson(87, 1000, 0.95), TOL);
    }

    @Test
    void proportionConfint_agrestiCoull() {
      assertInterval(
          0.07100349625588438, 0.10615740625318416, Bounds.agrestiCoull(87, 1000, 0.95), TOL);
    }

    @Test
    void proportionConfint_jeffreys() {
      assertInterval(
          0.07072172426319336, 0.10566414916220122, Bounds.jeffreys(87, 1000, 0.95), TOL);
    }

    @Test
    void normPpf_z975() {
      assertEquals(1.959963984540054, -SpecialFunctions.normalQuantile(0.025), TOL);
    }

    @Test
    void clopperPearson_zeroAndAllSuccesses_reachTheEnds() {
      assertEquals(0.0, Bounds.clopperPearson(0, 10, 0.95).lower(), 0.0);
      assertEquals(1.0, Bounds.clopperPearson(10, 10, 0.95).upper(), 0.0);
      assertEquals(0.0, Bounds.wald(0, 10, 0.95).lower(), 0.0);
    }
  }

  @Nested
  class V13Mean {
    /**
     * SciPy's {@code t.interval(0.95, 11, loc=mean, scale=sem)} gives [11.650421785575018,
     * 14.049578214424981]; its {@code t.ppf} (cephes {@code stdtrit}) is off by 4e-12 relative
     * (2.200985160082949 against 2.2009851600916399 to 40 digits, mpmath), which moves the ends
     * by 4.7e-12. The interval here matches the 40-digit value to 1e-13 and SciPy's to 1e-11.
     */
    @Test
    void tInterval_meanOfV12A() {
      Interval ci = Bounds.tInterval(StatTestsTest.V12_A, 0.95);
      assertInterval(11.650421785570282, 14.049578214429718, ci, 1e-13);
      assertInterval(11.650421785575018, 14.049578214424981, ci, 1e-11);
    }
  }

  @Nested
  class Bootstrapping {
    private final Outcomes regression =
        Outcomes.regression(
            new double[] {3.0, -0.5, 2.0, 7.0, 4.2, 10.0, 1.0, 5.5, 6.0, 2.2},
            new double[] {2.5, 0.0, 2.0, 8.0, 4.0, 12.0, 1.5, 5.0, 6.5, 2.0});

    private Outcomes classification() {
      int[] y = MetricsReferenceTest.V7_Y;
      double[][] proba = new double[y.length][];
      for (int i = 0; i < y.length; i++) {
        proba[i] = new double[] {1 - MetricsReferenceTest.V7_P[i], MetricsReferenceTest.V7_P[i]};
      }
      return Outcomes.classification(List.of("no", "yes"), y, proba);
    }

    @Test
    void bootstrapPercentile_sameSeed_sameInterval() {
      Bootstrap plan = Bootstrap.seeded(42).withResamples(500);
      assertEquals(
          Bounds.bootstrapPercentile(Metrics.mae(), regression, plan),
          Bounds.bootstrapPercentile(Metrics.mae(), regression, plan));
    }

    @Test
    void bootstrapIntervals_areTheSameOnOneAndOnThreeThreads() throws Exception {
      Bootstrap plan = Bootstrap.seeded(42).withResamples(500);
      Outcomes o = classification();
      java.util.function.Supplier<List<Interval>> both = () -> List.of(
          Bounds.bootstrapPercentile(Metrics.mae(), regression, plan), Bounds.bootstrapBca(Metrics.rocAuc(), o, plan));
      List<Interval> one;
      List<Interval> three;
      java.util.concurrent.ForkJoinPool single = new java.util.concurrent.ForkJoinPool(1);
      java.util.concurrent.ForkJoinPool triple = new java.util.concurrent.ForkJoinPool(3);
      try {
        one = single.submit(both::get).get();
        three = triple.submit(both::get).get();
      } finally {
        single.shutdown();
        triple.shutdown();
      }
      assertEquals(one, three);
      assertEquals(one, both.get());
    }

    @Test
    void bootstrapPercentile_otherSeed_otherInterval() {
      Interval a = Bounds.bootstrapPercentile(Metrics.mae(), regression, Bootstrap.seeded(1).withResamples(500));
      Interval b = Bounds.bootstrapPercentile(Metrics.mae(), regression, Bootstrap.seeded(2).withResamples(500));
      assertNotEquals(a, b);
    }

    @Test
    void bootstrapBca_rocAuc_isDeterministicAndContainsTheEstimate() {
      Outcomes o = classification();
      Bootstrap plan = Bootstrap.seeded(7).withResamples(2000);
      Interval ci = Bounds.bootstrapBca(Metrics.rocAuc(), o, plan);
      assertEquals(ci, Bounds.bootstrapBca(Metrics.rocAuc(), o, plan));
      assertTrue(ci.contains(Metrics.rocAuc().evaluate(o)), ci.toString());
      assertTrue(ci.lower() >= 0.0 && ci.upper() <= 1.0, ci.toString());
    }

    @Test
    void bootstrapPercentile_meanOfNormalSample_isCloseToTheTInterval() {
      // The bootstrap of MAE against a zero prediction is the bootstrap of the mean of |y|.
      double[] y = StatTestsTest.V12_A;
      Outcomes o = Outcomes.regression(y, new double[y.length]);
      Interval boot = Bounds.bootstrapPercentile(Metrics.mae(), o, Bootstrap.seeded(3).withResamples(4000));
      Interval t = Bounds.tInterval(y, 0.95);
      assertEquals(t.lower(), boot.lower(), 0.25);
      assertEquals(t.upper(), boot.upper(), 0.25);
    }

    /**
     * The BCa step on fixed replicates, against SciPy 1.10's {@code _bca_interval} formula
     * evaluated with NumPy on the same arrays (extra): estimate 0.5, replicates
     * 0.30, 0.31, ..., 0.79 (50 values), jackknife 0.40, 0.45, 0.52, 0.61, 0.47 →
     * [0.30215003503483, 0.7500242455427785].
     */
    @Test
    void bcaInterval_fixedReplicates_matchesScipyFormula() {
      double[] replicates = new double[50];
      for (int i = 0; i < 50; i++) {
        replicates[i] = 0.30 + 0.01 * i;
      }
      double[] jackknife = {0.40, 0.45, 0.52, 0.61, 0.47};
      Interval ci = Resampling.bca(0.5, replicates, jackknife, 0.95);
      assertInterval(0.30215003503483, 0.7500242455427785, ci, TOL);
    }

    @Test
    void bootstrap_metricFailsOnResample_namesTheResample() {
      // One positive row: a leave-one-out set without it has one class.
      Outcomes o =
          Outcomes.classification(
              List.of("no", "yes"), new int[] {0, 0, 1}, new double[][] {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}});
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Bounds.bootstrapBca(Metrics.rocAuc(), o, Bootstrap.seeded(1).withResamples(50)));
      assertTrue(
          e.getMessage().startsWith("bootstrap: roc_auc failed on the jackknife without row 2: "),
          e.getMessage());
    }
  }

  @Nested
  class Errors {
    @Test
    void wilson_successesAboveTrials_saysTheRange() {
      assertMessage(
          "proportion_confint: successes is 11 of 10 trials; expected 0 <= successes <= trials",
          () -> Bounds.wilson(11, 10, 0.95));
    }

    @Test
    void wald_noTrials_saysAtLeastOne() {
      assertMessage(
          "proportion_confint: trials is 0; expected at least 1 — count the trials the successes "
              + "came from",
          () -> Bounds.wald(0, 0, 0.95));
    }

    @Test
    void clopperPearson_confidenceAboveOne_saysTheRange() {
      assertMessage(
          "proportion_confint: confidence is 95.0; expected a value in (0, 1) — e.g. 0.95 for a "
              + "95% interval",
          () -> Bounds.clopperPearson(1, 10, 95));
    }

    @Test
    void tInterval_oneValue_saysCollectMore() {
      assertMessage(
          "t_interval: values has 1 value; expected at least 2 to estimate a spread — collect "
              + "more observations",
          () -> Bounds.tInterval(new double[] {3.0}, 0.95));
    }

    @Test
    void bootstrap_wrongTask_saysTheTask() {
      Outcomes o = Outcomes.regression(new double[] {1, 2}, new double[] {1, 2});
      assertMessage(
          "bootstrap: roc_auc does not support REGRESSION outcomes; expected a metric of the "
              + "outcomes' task",
          () -> Bounds.bootstrapPercentile(Metrics.rocAuc(), o, Bootstrap.seeded(1)));
    }

    @Test
    void bootstrapPlan_zeroResamples_saysAtLeastOne() {
      assertMessage(
          "Bootstrap: resamples is 0; expected at least 1 — 1000 to 10000 is usual",
          () -> Bootstrap.seeded(1).withResamples(0));
    }
  }
}
