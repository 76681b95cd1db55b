package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.MaintenanceEvent.Step.CHECKED;
import static org.mlengine.serving.MaintenanceEvent.Step.COALESCED;
import static org.mlengine.serving.MaintenanceEvent.Step.FAILED;
import static org.mlengine.serving.MaintenanceEvent.Step.PROMOTED;
import static org.mlengine.serving.MaintenanceEvent.Step.REFUSED;
import static org.mlengine.serving.MaintenanceEvent.Step.REGISTERED;
import static org.mlengine.serving.MaintenanceEvent.Step.SHADOWING;
import static org.mlengine.serving.MaintenanceEvent.Step.TRIGGERED;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Table;
import org.mlengine.serving.MaintenanceFixtures.Events;
import org.mlengine.serving.MaintenanceFixtures.ManualClock;
import org.mlengine.serving.MaintenanceFixtures.ShadowJudge;
import org.mlengine.serving.MaintenanceLoop.State;

/**
 * The maintenance loop end to end on the credit data, with a directory registry and real
 * models: a drift trigger refits on the data source, registers a candidate, shadows it, and the
 * in-test judge's comparison on labelled requests decides; the registry's history shows each
 * step.
 */
class MaintenanceLoopTest {
  private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock(START);
  private final Events events = new Events();
  private final ShadowJudge judge = new ShadowJudge();

  /** v1, the model fitted before the shift, is production; the deployment shadows it with a copy of itself. */
  private static ModelVersion championV1(ModelRegistry registry) throws IOException {
    ModelVersion v1 = registry.register("credit", CreditBundles.classifier(), Registration.by("ana", "first model"));
    registry.promote("credit", "production", v1.number(), "ana", "go live");
    return v1;
  }

  private static Deployment shadowOfProduction(ModelRegistry registry) throws IOException {
    return Deployment.shadow(registry.open("credit", "production"), registry.open("credit", "production"));
  }

  private MaintenanceLoop.Builder loop(ModelRegistry registry, Deployment live, MaintenanceLoop.Retrainer retrainer) {
    return MaintenanceLoop.builder("credit-loop").registry(registry, "credit").deployment(live).retrainer(retrainer)
        .verdict(judge::compare).minRequests(200).budget(5_000, Duration.ofDays(3)).checkEvery(Duration.ofHours(1))
        .clock(clock).listener(events);
  }

  private static MaintenanceLoop.Retrainer onShiftedData() {
    return reason -> MaintenanceFixtures.fit("shifted", MaintenanceFixtures.training(MaintenanceFixtures.shifted()));
  }

  @Test
  void drift_refitOnShiftedData_isShadowedAndPromotedWhenSignificantlyBetter() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, onShiftedData()).build()) {
        live.observe(judge);
        assertTrue(loop.trigger("drift: Home"));
        assertFalse(loop.trigger("drift: Income"), "a second alert while retraining joins it");
        assertEquals(State.SHADOWING, loop.checkNow());
        ModelVersion v2 = loop.candidate().orElseThrow();
        assertEquals(2, v2.number());
        assertEquals("retrained: drift: Home", v2.reason());
        assertEquals("drift: Home", v2.tags().get("trigger"));
        assertEquals("credit-loop", v2.registeredBy());
        assertEquals(v2.bundleId(), live.stats().models().get(1).bundleId(), "the candidate is the shadow");
        assertEquals(v1.bundleId(), live.stats().models().get(0).bundleId(), "the champion still answers");

        Table after = MaintenanceFixtures.shifted();
        MaintenanceFixtures.serve(live, judge, after, 3000, after.rowCount(), "req");
        MaintenanceFixtures.awaitShadow(live);
        Comparison verdict = judge.compare(v2);
        assertTrue(verdict.challengerBetter(0.05), verdict.toString());

        assertEquals(State.IDLE, loop.checkNow());
        assertEquals(v2.bundleId(), live.stats().models().get(0).bundleId(), "the candidate is the champion now");
        assertEquals(List.of(TRIGGERED, REGISTERED, SHADOWING, COALESCED, CHECKED, PROMOTED), events.steps());
        assertEquals(1, loop.coalesced());
        MaintenanceEvent promoted = events.last();
        assertEquals(OptionalInt.of(2), promoted.version());
        assertEquals(judge.compare(v2).toString(), promoted.reason());
        assertTrue(events.seen.get(3).reason().startsWith("'drift: Income' joins a retraining under way"),
            events.seen.get(3).toString());

        List<AliasMove> history = registry.history("credit");
        assertEquals(4, history.size(), history.toString());
        assertMove(history.get(1), "candidate", AliasMove.Kind.PROMOTE, 2, "shadowing against v1 (production): drift: Home");
        assertMove(history.get(2), "production", AliasMove.Kind.PROMOTE, 2, promoted.reason());
        assertMove(history.get(3), "candidate", AliasMove.Kind.REMOVE, -1, "promoted to production as v2");
        assertEquals(OptionalInt.of(2), history.get(3).from());
        assertEquals(2, registry.version("credit", "production").orElseThrow().number());
      }
    }
  }

  @Test
  void drift_candidateWorseOnTheRequestsServed_isRefusedAndLeavesTheShadow() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, onShiftedData()).build()) {
        live.observe(judge);
        loop.trigger("drift: Home");
        assertEquals(State.SHADOWING, loop.checkNow());
        Table before = CreditBundles.credit();   // the requests did not shift after all
        MaintenanceFixtures.serve(live, judge, before, 3000, before.rowCount(), "req");
        MaintenanceFixtures.awaitShadow(live);

        assertEquals(State.IDLE, loop.checkNow());
        MaintenanceEvent refused = events.last();
        assertEquals(REFUSED, refused.step());
        assertEquals("significantly worse at alpha 0.05 over 72 looks: " + judge.compare(registry.version("credit", 2)), refused.reason());
        assertEquals(v1.bundleId(), live.stats().models().get(0).bundleId(), "the champion stays");
        assertEquals(v1.bundleId(), live.stats().models().get(1).bundleId(), "the shadow is the champion's copy again");

        List<AliasMove> history = registry.history("credit");
        AliasMove last = history.get(history.size() - 1);
        assertMove(last, "candidate", AliasMove.Kind.REMOVE, -1, "refused: " + refused.reason());
        assertEquals(1, registry.version("credit", "production").orElseThrow().number());
        assertEquals(2, registry.versions("credit").size(), "the refused candidate stays registered, for the record");
      }
    }
  }

  @Test
  void budget_noSignificanceWithinTheTime_isRefused() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, onShiftedData()).build()) {
        live.observe(judge);
        loop.trigger("accuracy 0.71 below 0.75");
        loop.checkNow();
        Table after = MaintenanceFixtures.shifted();
        MaintenanceFixtures.serve(live, judge, after, 3000, 3100, "req");   // fewer than minRequests
        MaintenanceFixtures.awaitShadow(live);
        assertEquals(State.SHADOWING, loop.checkNow());
        assertTrue(events.last().reason().startsWith("waiting for 200 labelled requests: accuracy shadow "),
            events.last().reason());

        clock.advance(Duration.ofDays(3));
        assertEquals(State.IDLE, loop.checkNow());
        assertEquals(REFUSED, events.last().step());
        assertTrue(events.last().reason().startsWith("no significant difference within PT72H in the shadow: accuracy shadow"),
            events.last().reason());
      }
    }
  }

  @Test
  void budget_noSignificanceWithinTheRequests_isRefused() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      Table before = CreditBundles.credit();
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> MaintenanceFixtures.fit("old",
              MaintenanceFixtures.training(before))).budget(300, Duration.ofDays(3)).build()) {
        live.observe(judge);
        loop.trigger("schedule: weekly");
        loop.checkNow();
        MaintenanceFixtures.serve(live, judge, before, 3000, 3300, "req");
        MaintenanceFixtures.awaitShadow(live);
        assertEquals(State.IDLE, loop.checkNow());
        assertEquals(REFUSED, events.last().step());
        assertTrue(events.last().reason().startsWith("no significant difference after "), events.last().reason());
        assertTrue(events.last().reason().contains("labelled requests (the budget is 300): accuracy shadow"),
            events.last().reason());
      }
    }
  }

  @Test
  void schedule_whenDue_triggersARetraining() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.classifier()).schedule(Duration.ofDays(7))
              .build()) {
        assertEquals(State.IDLE, loop.checkNow());
        clock.advance(Duration.ofDays(7));
        loop.checkNow();   // the schedule triggers; the retraining runs next on the loop's thread
        assertEquals(State.SHADOWING, loop.checkNow());
        assertEquals(TRIGGERED, events.seen.get(0).step());
        assertEquals("schedule: every PT168H", events.seen.get(0).reason());
        assertEquals("retrained: schedule: every PT168H", loop.candidate().orElseThrow().reason());
      }
    }
  }

  @Test
  void failure_retrainerThrows_isToldWithItsCauseAndTheChampionKeepsServing() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      IOException unreachable = new IOException("data source unreachable: warehouse timed out");
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> {
            throw unreachable;
          }).build()) {
        loop.trigger("drift: Income");
        assertEquals(State.IDLE, loop.checkNow());
        MaintenanceEvent failed = events.last();
        assertEquals(FAILED, failed.step());
        assertEquals("retraining for 'drift: Income' failed; the champion keeps serving", failed.reason());
        assertEquals(unreachable, failed.cause().orElseThrow());
        assertEquals(1, registry.versions("credit").size());
        assertEquals(v1.bundleId(), live.stats().models().get(0).bundleId());
        assertTrue(loop.trigger("drift: Income"), "ready for the next trigger");
      }
    }
  }

  @Test
  void failure_retrainerThrowsAnError_isToldAndTheLoopGoesBackToIdle() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      AssertionError bug = new AssertionError("a bug in the pipeline");
      OutOfMemoryError full = new OutOfMemoryError("simulated: Java heap space");
      List<Error> errors = List.of(bug, full);
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> {
            throw errors.get(calls.getAndIncrement());
          }).build()) {
        for (Error e : errors) {
          assertTrue(loop.trigger("drift: Income"), "idle again after " + calls.get() + " errors");
          assertEquals(State.IDLE, loop.checkNow());
          assertEquals(FAILED, events.last().step());
          assertEquals(e, events.last().cause().orElseThrow());
        }
        assertEquals(1, registry.versions("credit").size());
      }
    }
  }

  @Test
  void promotion_deploymentRefusingTheChampion_movesTheAliasBackAndKeepsShadowing() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      Deployment live = shadowOfProduction(registry);
      try (MaintenanceLoop loop = loop(registry, live, onShiftedData()).build()) {
        live.observe(judge);
        loop.trigger("drift: Home");
        assertEquals(State.SHADOWING, loop.checkNow());
        Table after = MaintenanceFixtures.shifted();
        MaintenanceFixtures.serve(live, judge, after, 3000, after.rowCount(), "req");
        MaintenanceFixtures.awaitShadow(live);
        live.close();   // the deployment refuses every swap from now on
        assertEquals(State.SHADOWING, loop.checkNow());
        MaintenanceEvent failed = events.last();
        assertEquals(FAILED, failed.step());
        assertTrue(failed.reason().startsWith("the deployment refused v2 as its champion: "), failed.reason());
        assertTrue(failed.reason().endsWith("; 'production' moved back, the champion keeps serving and v2 stays in the shadow,"
            + " checked again in the next interval"), failed.reason());
        assertFalse(events.steps().contains(PROMOTED), events.steps().toString());
        assertEquals(v1.number(), registry.version("credit", "production").orElseThrow().number());
        assertEquals(2, registry.version("credit", "candidate").orElseThrow().number());
      } finally {
        live.close();
      }
    }
  }

  @Test
  void checkNow_whileTheLoopIsClosed_throwsIllegalStateException_andNothingIsRegistered() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      java.util.concurrent.CountDownLatch retraining = new java.util.concurrent.CountDownLatch(1);
      try (Deployment live = shadowOfProduction(registry)) {
        MaintenanceLoop loop = loop(registry, live, reason -> {
          retraining.countDown();
          new java.util.concurrent.CountDownLatch(1).await();   // until close() interrupts it
          return CreditBundles.classifier();
        }).build();
        loop.trigger("drift: Income");
        retraining.await();
        java.util.concurrent.CompletableFuture<State> check = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return loop.checkNow();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
        Thread.sleep(200);   // the check waits behind the retraining
        loop.close();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, check::get);
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        assertEquals("maintenance loop 'credit-loop' is closed; build a new one with MaintenanceLoop.builder(\"credit-loop\")"
            + "...build() to keep the model fresh again", e.getCause().getMessage());
        assertEquals(1, registry.versions("credit").size(), "closed while retraining: nothing registered");
        assertEquals(State.IDLE, loop.state());
      }
    }
  }

  @Test
  void close_duringAVerdict_waitsForIt_withoutInterrupting_andActsOnNothingAfter() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      Comparison waiting = new Comparison("champion", "shadow", "accuracy", true, 0, Double.NaN, Double.NaN, "mcnemar_exact", 1);
      Comparison better = new Comparison("champion", "shadow", "accuracy", true, 5000, 0.7, 0.9, "mcnemar_exact", 1e-30);
      java.util.concurrent.atomic.AtomicBoolean block = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
      try (Deployment live = shadowOfProduction(registry)) {
        MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.classifier()).verdict(candidate -> {
          if (!block.get()) {
            return waiting;
          }
          asked.countDown();
          try {
            answer.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException("the verdict was interrupted by close()", e);
          }
          return better;
        }).build();
        loop.trigger("drift: Income");
        assertEquals(State.SHADOWING, loop.checkNow());
        block.set(true);
        java.util.concurrent.CompletableFuture.runAsync(() -> {
          try {
            loop.checkNow();
          } catch (InterruptedException | IllegalStateException ignored) {
            // the check is cut short by the close: what it did is asserted below
          }
        });
        asked.await();
        java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(loop::close);
        while (!loop.toString().endsWith(", closed]")) {
          Thread.sleep(5);
        }
        Thread.sleep(100);
        assertFalse(closing.isDone(), "close waits for the step under way");
        answer.countDown();
        closing.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(events.steps().contains(FAILED), "nothing interrupted: " + events.seen);
        assertFalse(events.steps().contains(PROMOTED), "nothing promoted once closed: " + events.seen);
        assertEquals(v1.number(), registry.version("credit", "production").orElseThrow().number());
      }
    }
  }

  @Test
  void failure_verdictThrows_keepsTheCandidateInTheShadowUntilTheTimeBudgetRefusesIt() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.classifier()).verdict(candidate -> {
            throw new IllegalStateException("the feedback join is behind");
          }).build()) {
        loop.trigger("drift: Income");
        assertEquals(State.SHADOWING, loop.checkNow());
        assertEquals(FAILED, events.last().step());
        assertEquals("the verdict on v2 failed; it stays in the shadow and is checked again in the next interval",
            events.last().reason());
        assertFalse(loop.trigger("drift: Age"));
        assertEquals(State.SHADOWING, loop.checkNow());
        assertTrue(events.seen.stream().anyMatch(e -> e.step() == COALESCED
            && e.reason().equals("'drift: Age' joins the shadow trial of v2 under way (1 coalesced so far)")), events.seen::toString);
        clock.advance(Duration.ofDays(3));
        assertEquals(State.IDLE, loop.checkNow());
        assertEquals(REFUSED, events.last().step());
        assertEquals("no verdict within PT72H in the shadow: java.lang.IllegalStateException: the feedback join is behind",
            events.last().reason());
      }
    }
  }

  @Test
  void failure_registryClosed_isToldAndNothingChanges() throws Exception {
    ModelRegistry registry = ModelRegistry.inDirectory(dir);
    ModelVersion v1 = championV1(registry);
    try (Deployment live = shadowOfProduction(registry);
        MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.classifier()).build()) {
      registry.close();
      loop.trigger("drift: Income");
      assertEquals(State.IDLE, loop.checkNow());
      MaintenanceEvent failed = events.last();
      assertEquals(FAILED, failed.step());
      assertEquals("registering the bundle retrained for 'drift: Income' as a version of 'credit' failed; the champion"
          + " keeps serving", failed.reason());
      assertTrue(failed.cause().orElseThrow() instanceof IllegalStateException, failed.toString());
      assertEquals(v1.bundleId(), live.stats().models().get(0).bundleId());
    }
  }

  @Test
  void candidateWithOtherColumns_isRefusedWithTheDeploymentsReason() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      ModelVersion v1 = championV1(registry);
      try (Deployment live = shadowOfProduction(registry);
          MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.simpler()).build()) {
        loop.trigger("drift: Income");
        assertEquals(State.IDLE, loop.checkNow());
        MaintenanceEvent refused = events.last();
        assertEquals(REFUSED, refused.step());
        assertTrue(refused.reason().startsWith("the deployment refused v2 as its shadow: bundle "), refused.reason());
        assertEquals(v1.bundleId(), live.stats().models().get(1).bundleId());
        List<AliasMove> history = registry.history("credit");
        assertMove(history.get(history.size() - 1), "candidate", AliasMove.Kind.REMOVE, -1, "refused: " + refused.reason());
      }
    }
  }

  @Test
  void trigger_badReasonOrClosedLoop_isRefusedWithAMessage() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      championV1(registry);
      try (Deployment live = shadowOfProduction(registry)) {
        MaintenanceLoop loop = loop(registry, live, reason -> CreditBundles.classifier()).build();
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> loop.trigger(" "));
        assertEquals("the trigger's reason is blank; expected why the model should be retrained, e.g. \"drift: Income\" or"
            + " \"accuracy 0.71 below 0.75\". It is kept with the version.", blank.getMessage());
        loop.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> loop.trigger("drift"));
        assertEquals("maintenance loop 'credit-loop' is closed; build a new one with MaintenanceLoop.builder(\"credit-loop\")"
            + "...build() to keep the model fresh again", closed.getMessage());
        assertThrows(IllegalStateException.class, loop::checkNow);
      }
    }
  }

  @Test
  void event_withANullField_saysWhatToPass() {
    NullPointerException noReason = assertThrows(NullPointerException.class, () -> new MaintenanceEvent(START, "credit-loop",
        CHECKED, OptionalInt.empty(), null, java.util.Optional.empty()));
    assertEquals("the event's reason is null; pass why, in words, e.g. \"drift: Income\"", noReason.getMessage());
    NullPointerException noCause = assertThrows(NullPointerException.class, () -> new MaintenanceEvent(START, "credit-loop",
        CHECKED, OptionalInt.empty(), "checked", null));
    assertEquals("the event's cause is null; pass Optional.empty() unless the step failed", noCause.getMessage());
  }

  @Test
  void builder_missingParts_areAllNamedAtOnce() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MaintenanceLoop.builder("credit-loop").build());
    assertEquals("maintenance loop 'credit-loop' lacks the registry (registry(registry, \"credit\")), the shadow deployment"
        + " (deployment(Deployment.shadow(champion, copy))), the retrainer (retrainer(reason -> spec.fit(data).bundle())),"
        + " the verdict (verdict(candidate -> feedback.compare(\"champion\", \"shadow\", candidate.bundleId()))); give each before build().",
        e.getMessage());
  }

  @Test
  void builder_deploymentWithoutAShadow_isRefused() {
    try (Deployment single = Deployment.single(Predictor.of(CreditBundles.classifier()))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MaintenanceLoop.builder("credit-loop").deployment(single));
      assertTrue(e.getMessage().endsWith(" has the models [champion]; the loop runs each candidate in a shadow deployment's"
          + " 'shadow' slot. Serve with Deployment.shadow(champion, Predictor.of(champion.bundle())) (or a share:"
          + " Deployment.shadow(champion, copy, 0.1))."), e.getMessage());
    }
  }

  @Test
  void builder_badSettings_areRefusedWithAMessage() {
    MaintenanceLoop.Builder b = MaintenanceLoop.builder("credit-loop");
    assertEquals("alpha is 1.0; expected a significance level strictly between 0 and 1, e.g. 0.05 (the loop splits"
        + " it over the trial's checks).", assertThrows(IllegalArgumentException.class, () -> b.alpha(1)).getMessage());
    assertEquals("the budget is 0 labelled requests and PT24H; expected at least 1 request and a positive time, e.g."
        + " budget(20_000, Duration.ofDays(3)).",
        assertThrows(IllegalArgumentException.class, () -> b.budget(0, Duration.ofDays(1))).getMessage());
    assertEquals("the champion's and the candidate's aliases are both 'production'; expected two aliases, e.g."
        + " aliases(\"production\", \"candidate\").",
        assertThrows(IllegalArgumentException.class, () -> b.aliases("production", "production")).getMessage());
    assertEquals("the loop's name is null; expected a name such as \"credit-loop\": it is the 'by' of every registry move"
        + " the loop makes.", assertThrows(IllegalArgumentException.class, () -> MaintenanceLoop.builder(null)).getMessage());
  }

  private static void assertMove(AliasMove m, String alias, AliasMove.Kind kind, int to, String reason) {
    assertEquals(alias, m.alias(), m.toString());
    assertEquals(kind, m.kind(), m.toString());
    assertEquals(to < 0 ? OptionalInt.empty() : OptionalInt.of(to), m.to(), m.toString());
    assertEquals("credit-loop", m.by(), m.toString());
    assertEquals(reason, m.reason());
  }
}
