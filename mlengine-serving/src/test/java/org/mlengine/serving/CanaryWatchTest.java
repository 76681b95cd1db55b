package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.MaintenanceEvent.Step.CHECKED;
import static org.mlengine.serving.MaintenanceEvent.Step.FAILED;
import static org.mlengine.serving.MaintenanceEvent.Step.LIMIT_CROSSED;
import static org.mlengine.serving.MaintenanceEvent.Step.PASSED;
import static org.mlengine.serving.MaintenanceEvent.Step.ROLLED_BACK;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Table;
import org.mlengine.serving.MaintenanceFixtures.Events;
import org.mlengine.serving.MaintenanceFixtures.ManualClock;

/**
 * The canary watch on real canary deployments of credit models: a canary that refuses requests
 * its training never saw is rolled back by itself (the deployment and the registry alias), a
 * healthy one passes, and the judgement of one window reads as the metric, its values and the
 * limit.
 */
class CanaryWatchTest {
  @TempDir
  Path dir;

  private final Events events = new Events();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  @Test
  void canaryRefusingRequests_isRolledBackByItself_inTheDeploymentAndTheRegistry() throws Exception {
    Table credit = CreditBundles.credit();
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = registry.register("credit", CreditBundles.classifier(), Registration.by("ana", "first model"));
      ModelVersion v2 = registry.register("credit", MaintenanceFixtures.refusingUnseenHomes(),
          Registration.by("ana", "strict categories"));
      registry.promote("credit", "production", v1.number(), "ana", "go live");
      registry.promote("credit", "production", v2.number(), "ana", "canary of v2 at 50%");
      try (Deployment live = Deployment.canary(registry.open("credit", v1.number()), registry.open("credit", v2.number()), 0.5);
          CanaryWatch watch = CanaryWatch.builder("credit-canary", live).rollback(registry, "credit", "production")
              .maxErrorRate(0.01).minRequests(50).consecutiveFailures(2).checkEvery(Duration.ofHours(1)).clock(clock)
              .listener(events).build()) {
        int refused = MaintenanceFixtures.serve(live, null, credit, 0, 600, "a");
        assertTrue(refused > 0, "the canary refuses Home = other");
        assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
        assertEquals(LIMIT_CROSSED, events.last().step());
        assertTrue(events.last().reason().startsWith("error rate 0."), events.last().reason());
        assertTrue(events.last().reason().endsWith(" on the champion, limit 0.0100 (1 of 2 checks in a row)"),
            events.last().reason());

        MaintenanceFixtures.serve(live, null, credit, 600, 1200, "b");
        assertEquals(CanaryWatch.State.ROLLED_BACK, watch.checkNow());
        MaintenanceEvent rolledBack = events.last();
        assertEquals(ROLLED_BACK, rolledBack.step());
        assertEquals(OptionalInt.of(1), rolledBack.version());
        assertTrue(rolledBack.reason().endsWith("; 'production' moved back from v2 to v1"), rolledBack.reason());
        assertEquals(List.of(LIMIT_CROSSED, LIMIT_CROSSED, ROLLED_BACK), events.steps());

        assertEquals(v1.bundleId(), live.stats().models().get(1).bundleId(), "the canary's slot serves the stable model");
        assertEquals(0, MaintenanceFixtures.serve(live, null, credit, 0, 1200, "c"), "no request fails any more");
        assertEquals(1, registry.version("credit", "production").orElseThrow().number());
        AliasMove last = registry.history("credit").get(2);
        assertEquals(AliasMove.Kind.ROLLBACK, last.kind());
        assertEquals("credit-canary", last.by());
        assertTrue(last.reason().startsWith("error rate "), last.reason());
        assertTrue(last.reason().contains(" on the canary vs 0.0000 (0 of "), last.reason());
        assertTrue(last.reason().contains("(last of 2 failed checks in a row; before: error rate "), last.reason());
      }
    }
  }

  @Test
  void healthyCanary_passesAfterItsChecks_andTheRegistryIsUntouched() throws Exception {
    Table credit = CreditBundles.credit();
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = registry.register("credit", CreditBundles.classifier(), Registration.by("ana", "first model"));
      ModelVersion v2 = registry.register("credit", MaintenanceFixtures.fit("old", MaintenanceFixtures.training(credit)),
          Registration.by("ana", "refit"));
      registry.promote("credit", "production", v2.number(), "ana", "canary of v2");
      try (Deployment live = Deployment.canary(registry.open("credit", v1.number()), registry.open("credit", v2.number()), 0.5);
          CanaryWatch watch = CanaryWatch.builder("credit-canary", live).rollback(registry, "credit", "production")
              .maxErrorRate(0.01).maxLatencyP99(Duration.ofSeconds(1)).minRequests(50).passAfter(2)
              .checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
        assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
        assertTrue(events.last().reason().startsWith("inconclusive: the canary served 0 requests since the last check"),
            events.last().toString());
        MaintenanceFixtures.serve(live, null, credit, 0, 300, "a");
        assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
        MaintenanceFixtures.serve(live, null, credit, 300, 600, "b");
        assertEquals(CanaryWatch.State.PASSED, watch.checkNow());
        assertEquals(List.of(CHECKED, CHECKED, PASSED), events.steps());
        assertEquals(v2.bundleId(), live.stats().models().get(1).bundleId());
        assertEquals(1, registry.history("credit").size());
      }
    }
  }

  @Test
  void feedbackThatCannotBeMeasured_rollsBackAfterItsErrorLimit_withTheCause() throws Exception {
    try (Deployment live = Deployment.canary(Predictor.of(CreditBundles.classifier()),
        Predictor.of(MaintenanceFixtures.refusingUnseenHomes()), 0.5);
        CanaryWatch watch = CanaryWatch.builder("credit-canary", live).feedback(() -> {
          throw new IllegalStateException("no labels yet: the feedback join is behind");
        }, 0.05).consecutiveErrors(2).checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
      assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
      assertEquals(FAILED, events.last().step());
      assertEquals(CanaryWatch.State.ROLLED_BACK, watch.checkNow());
      MaintenanceEvent e = events.last();
      assertEquals(ROLLED_BACK, e.step());
      assertEquals("the feedback comparison failed (java.lang.IllegalStateException: no labels yet: the feedback join is"
          + " behind) in 2 checks in a row", e.reason());
      assertEquals("no labels yet: the feedback join is behind", e.cause().orElseThrow().getMessage());
      assertEquals(CreditBundles.classifier().id(), live.stats().models().get(1).bundleId());
    }
  }

  @Test
  void aliasNotOnTheCanary_isLeftWhereItIs() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = registry.register("credit", CreditBundles.classifier(), Registration.by("ana", "first model"));
      registry.promote("credit", "production", v1.number(), "ana", "go live");
      try (Deployment live = Deployment.canary(registry.open("credit", v1.number()),
          Predictor.of(MaintenanceFixtures.refusingUnseenHomes()), 0.5);
          CanaryWatch watch = CanaryWatch.builder("credit-canary", live).rollback(registry, "credit", "production")
              .maxErrorRate(0.01).checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
        MaintenanceFixtures.serve(live, null, CreditBundles.credit(), 0, 600, "a");
        assertEquals(CanaryWatch.State.ROLLED_BACK, watch.checkNow());
        assertTrue(events.last().reason().endsWith("; 'production' of 'credit' points at v1, not at the canary's bundle, so it"
            + " was left where it is"), events.last().reason());
        assertEquals(1, registry.history("credit").size());
      }
    }
  }

  @Test
  void judgeTraffic_readsAsTheMetricItsValuesAndTheLimit() throws IOException {
    try (Deployment live = Deployment.canary(Predictor.of(CreditBundles.classifier()),
        Predictor.of(MaintenanceFixtures.refusingUnseenHomes()), 0.5);
        CanaryWatch watch = CanaryWatch.builder("credit-canary", live).maxErrorRate(0.01)
            .maxLatencyP99(Duration.ofMillis(5)).maxLatencyP99Ratio(3).checkEvery(Duration.ofHours(1)).build()) {
      List<String> crossed = new ArrayList<>();
      List<String> fine = new ArrayList<>();
      watch.judgeTraffic(new CanaryTraffic.Window(1000, 5, 9_000_000), new CanaryTraffic.Window(1000, 0, 1_000_000),
          crossed, fine);
      assertEquals(List.of("latency p99 9000.0 us on the canary vs 1000.0 us on the champion, limit 5000.0 us",
          "latency p99 9000.0 us on the canary is 9.00 times the champion's 1000.0 us, limit 3.00"), crossed);
      assertEquals(List.of("error rate 0.0050 (5 of 1000) on the canary vs 0.0000 (0 of 1000) on the champion, limit 0.0100"),
          fine);
    }
  }

  @Test
  void traffic_windowHoldsWhatWasServedSinceTheLastTake() {
    CanaryTraffic traffic = new CanaryTraffic();
    for (int i = 1; i <= 1000; i++) {
      traffic.record(i % 100 == 0, i * 1000L);
    }
    CanaryTraffic.Window w = traffic.take();
    assertEquals(1000, w.requests());
    assertEquals(10, w.failures());
    assertEquals(990_000, w.p99Nanos(), 990_000 * 0.01, "two significant digits");
    assertEquals(new CanaryTraffic.Window(0, 0, 0), traffic.take());
  }

  @Test
  void pairedFeedbackWithoutAPValue_isInconclusive_andNeverPassesACanaryWithoutRequests() throws Exception {
    Comparison paired = new Comparison("champion", "canary", "accuracy", true, 0, Double.NaN, Double.NaN, "mcnemar",
        Double.NaN);
    try (Deployment live = Deployment.canary(Predictor.of(CreditBundles.classifier()),
        Predictor.of(CreditBundles.classifier()), 0.5);
        CanaryWatch watch = CanaryWatch.builder("credit-canary", live).feedback(() -> paired, 0.05).passAfter(1)
            .checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
      assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
      assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
      assertEquals(List.of(CHECKED, CHECKED), events.steps());
      assertEquals("inconclusive: feedback " + paired + " cannot be judged (no p-value)", events.last().reason());
    }
  }

  @Test
  void feedbackOnTooFewRequests_isInconclusive_evenWithHealthyTraffic() throws Exception {
    Comparison few = new Comparison("champion", "canary", "accuracy", true, 10, 0.8, 0.9, "two_proportion_z", 0.5);
    try (Deployment live = Deployment.canary(Predictor.of(CreditBundles.classifier()),
        Predictor.of(CreditBundles.classifier()), 0.5);
        CanaryWatch watch = CanaryWatch.builder("credit-canary", live).maxErrorRate(0.01).feedback(() -> few, 0.05)
            .minRequests(50).passAfter(1).checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
      MaintenanceFixtures.serve(live, null, CreditBundles.credit(), 0, 300, "a");
      assertEquals(CanaryWatch.State.WATCHING, watch.checkNow());
      assertTrue(events.last().reason().startsWith("inconclusive: feedback " + few + " cannot be judged (fewer than 50"
          + " labelled requests); error rate 0.0000"), events.last().reason());
    }
  }

  @Test
  void traffic_failuresAndLatenciesAreWindowedTogether_underConcurrentWriters() throws Exception {
    CanaryTraffic traffic = new CanaryTraffic();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          traffic.record(true, 1000);   // every request fails: each window's failures must equal its requests
        }
      });
      t.start();
      writers.add(t);
    }
    long total = 0;
    try {
      for (int i = 0; i < 500; i++) {
        CanaryTraffic.Window w = traffic.take();
        assertEquals(w.requests(), w.failures(), "window " + i);
        total += w.requests();
      }
    } finally {
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
    }
    CanaryTraffic.Window last = traffic.take();
    assertEquals(last.requests(), last.failures());
    assertTrue(total > 0);
  }

  @Test
  void unpairedAccuracy_isTheTwoProportionZTest_andRollsBackAWorseCanary() throws Exception {
    // 800 of 1000 vs 700 of 1000: pooled 0.75, se = sqrt(0.75 * 0.25 * 2 / 1000), z = 5.164, p = erfc(z / sqrt 2) = 2.4176e-7
    Comparison worse = Comparison.unpairedAccuracy("champion", 800, 1000, "canary", 700, 1000);
    assertEquals(2.4176e-7, worse.pValue(), 0.005e-7);
    assertEquals(1000, worse.requests());
    assertEquals("two_proportion_z", worse.test());
    assertTrue(worse.challengerWorse(0.05) && !worse.challengerBetter(0.05), worse.toString());
    assertTrue(Double.isNaN(Comparison.unpairedAccuracy("champion", 5, 10, "canary", 0, 0).pValue()));
    assertEquals(1, Comparison.unpairedAccuracy("champion", 10, 10, "canary", 20, 20).pValue());
    assertEquals("canary has 11 right answers of 10 labelled requests; expected counts of 0 or more with at most as many"
        + " right answers as labelled requests.", assertThrows(IllegalArgumentException.class,
        () -> Comparison.unpairedAccuracy("champion", 1, 1, "canary", 11, 10)).getMessage());
    try (Deployment live = Deployment.canary(Predictor.of(CreditBundles.classifier()),
        Predictor.of(CreditBundles.classifier()), 0.5);
        CanaryWatch watch = CanaryWatch.builder("credit-canary", live).feedback(() -> worse, 0.05)
            .checkEvery(Duration.ofHours(1)).clock(clock).listener(events).build()) {
      assertEquals(CanaryWatch.State.ROLLED_BACK, watch.checkNow());
      assertEquals(List.of(LIMIT_CROSSED, ROLLED_BACK), events.steps());
    }
  }

  @Test
  void builder_badDeploymentOrNoLimit_isRefusedWithAMessage() {
    try (Deployment single = Deployment.single(Predictor.of(CreditBundles.classifier()));
        Deployment canary = Deployment.canary(Predictor.of(CreditBundles.classifier()),
            Predictor.of(CreditBundles.classifier()), 0.1)) {
      IllegalArgumentException notCanary = assertThrows(IllegalArgumentException.class,
          () -> CanaryWatch.builder("credit-canary", single));
      assertTrue(notCanary.getMessage().endsWith(" has the models [champion]; a canary watch needs a canary deployment's"
          + " 'champion' and 'canary'. Serve with Deployment.canary(stable, candidate, share)."), notCanary.getMessage());
      IllegalStateException noLimit = assertThrows(IllegalStateException.class,
          () -> CanaryWatch.builder("credit-canary", canary).build());
      assertEquals("canary watch 'credit-canary' has no limit, so it could never roll back; give at least one of"
          + " maxErrorRate, maxLatencyP99, maxLatencyP99Ratio or feedback before build().", noLimit.getMessage());
      assertEquals("maxErrorRate is 1.5; expected a share of refused requests in [0, 1), e.g. 0.01 (Flagger's default"
          + " success rate of 99%).", assertThrows(IllegalArgumentException.class,
          () -> CanaryWatch.builder("credit-canary", canary).maxErrorRate(1.5)).getMessage());
      assertEquals("consecutiveFailures is 0; expected at least 1, e.g. consecutiveFailures(2).",
          assertThrows(IllegalArgumentException.class,
              () -> CanaryWatch.builder("credit-canary", canary).consecutiveFailures(0)).getMessage());
    }
  }
}
