package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment following a registry alias (promote, rollback, polling, failures) and answering within limits. */
class DeploymentFollowTest {
  private static final Map<String, Object> REQUEST = RegistryBundles.request(0.3, -1.2);

  @TempDir Path dir;
  private ModelRegistry registry;
  private ModelVersion first;
  private ModelVersion second;

  @BeforeEach
  void register() throws Exception {
    registry = ModelRegistry.inDirectory(dir.resolve("registry"));
    first = registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    second = registry.register("credit", RegistryBundles.secondFile(), Registration.by("ana", "second"));
    registry.promote("credit", "production", first.number(), "ana", "go");
  }

  @Test
  void follow_swapsOnPromoteAndRollback_whenChecked() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"));
        AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofHours(1))) {
      assertEquals(first, follower.current());
      assertEquals(Optional.empty(), follower.checkNow());
      assertEquals(first.bundleId(), live.predict(REQUEST).bundleId());

      registry.promote("credit", "production", second.number(), "ana", "better");
      assertEquals(Optional.of(second), follower.checkNow());
      assertEquals(second.bundleId(), live.predict(REQUEST).bundleId());
      assertEquals(1, live.stats().swaps());

      registry.rollback("credit", "production", "ana", "worse after all");
      assertEquals(Optional.of(first), follower.checkNow());
      assertEquals(first.bundleId(), live.predict(REQUEST).bundleId());
      assertEquals(2, live.stats().swaps());
    }
  }

  @Test
  void follow_startsOnTheAliasVersion_whenTheDeploymentServesAnother() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", second.number()));
        AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofHours(1))) {
      assertEquals(first, follower.current());
      assertEquals(first.bundleId(), live.predict(REQUEST).bundleId());
    }
  }

  @Test
  void follow_polls_andAPromotionElsewhereReachesTheDeployment() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"));
        AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofMillis(10));
        ModelRegistry elsewhere = ModelRegistry.inDirectory(dir.resolve("registry"))) {
      elsewhere.promote("credit", "production", second.number(), "bob", "from another registry handle");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!live.predict(REQUEST).bundleId().equals(second.bundleId()) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(second.bundleId(), live.predict(REQUEST).bundleId());
      assertEquals(0, follower.failures());
    }
  }

  @Test
  void follow_aRemovedAlias_keepsTheModel_andSaysWhy() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"));
        AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofMillis(10))) {
      registry.removeAlias("credit", "production", "ana", "pause");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (follower.failures() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals("checking alias 'production' of model 'credit' failed; 'champion' keeps serving v1: model 'credit' has no"
          + " alias 'production' to follow; its aliases are []. Promote a version to it first with registry.promote(\"credit\","
          + " \"production\", version, by, reason).", follower.lastFailure().orElseThrow());
      assertEquals(first.bundleId(), live.predict(REQUEST).bundleId());
    }
  }

  @Test
  void follow_refusesAnUnknownModelName_aMissingAlias_aBadInterval_andAClosedDeployment() throws Exception {
    Deployment live = Deployment.single(registry.open("credit", "production"));
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> live.follow("canary", registry, "credit", "production", Duration.ofSeconds(1)));
    assertTrue(name.getMessage().endsWith(" has no model named 'canary' to follow alias 'production' with; its models are"
        + " [champion]."), name.getMessage());
    NoSuchElementException alias = assertThrows(NoSuchElementException.class,
        () -> live.follow("champion", registry, "credit", "staging", Duration.ofSeconds(1)));
    assertEquals("model 'credit' has no alias 'staging' to follow; its aliases are [production]. Promote a version to it"
        + " first with registry.promote(\"credit\", \"staging\", version, by, reason).", alias.getMessage());
    IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
        () -> live.follow("champion", registry, "credit", "production", Duration.ZERO));
    assertEquals("the interval is PT0S; expected a positive duration between checks of alias 'production', e.g."
        + " Duration.ofSeconds(5)", interval.getMessage());
    live.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class,
        () -> live.follow("champion", registry, "credit", "production", Duration.ofSeconds(1)));
    assertTrue(closed.getMessage().endsWith(" is closed; make a new one with Deployment.single(...) to serve again."),
        closed.getMessage());
  }

  @Test
  void limit_replacesRefusedAnswersWithTheFallbacks_andNoneRemovesThem() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"))) {
      Prediction own = live.predict("r1", REQUEST);
      live.limit(Limits.builder().minConfidence(1.0).build(), Fallback.abstain());
      Prediction refused = live.predict("r2", REQUEST);
      assertEquals(Answer.Kind.ABSTAINED, refused.answer().kind());
      assertEquals(Optional.of("r2"), refused.requestId());
      assertTrue(refused.answer().reason().orElseThrow().contains("below minConfidence(1.0)"), refused.toString());
      assertEquals(Optional.empty(), refused.label());

      live.limit(Limits.none(), Fallback.abstain());
      assertEquals(own.probabilities(), live.predict("r3", REQUEST).probabilities());
      assertEquals(Answer.Kind.MODEL, live.predict("r4", REQUEST).answer().kind());
    }
  }

  @Test
  void limit_withAnotherModelAsFallback_namesIt() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"));
        Predictor other = registry.open("credit", second.number())) {
      live.limit(Limits.builder().minConfidence(1.0).build(), Fallback.to("v2", other));
      Prediction p = live.predict("r1", REQUEST);
      assertEquals(Answer.Kind.FALLBACK, p.answer().kind());
      assertEquals("v2", p.answer().name());
      assertEquals(second.bundleId(), p.bundleId());
      assertEquals(other.predict(REQUEST).probabilities(), p.probabilities());
    }
  }

  @Test
  void limit_refusesNulls_andAClosedDeployment() throws Exception {
    Deployment live = Deployment.single(registry.open("credit", "production"));
    NullPointerException limits = assertThrows(NullPointerException.class, () -> live.limit(null, Fallback.abstain()));
    assertEquals("the limits are null; build them with Limits.builder()...build(), or pass Limits.none()", limits.getMessage());
    NullPointerException fallback = assertThrows(NullPointerException.class, () -> live.limit(Limits.none(), null));
    assertEquals("the fallback is null; pass Fallback.abstain() to answer 'I don't know' instead", fallback.getMessage());
    live.close();
    assertThrows(IllegalStateException.class, () -> live.limit(Limits.none(), Fallback.abstain()));
  }

  @Test
  void follow_anUnregisteredModel_saysSo_andAClosedFollowerRefusesChecks() throws Exception {
    try (Deployment live = Deployment.single(registry.open("credit", "production"))) {
      NoSuchElementException e = assertThrows(NoSuchElementException.class,
          () -> live.follow("champion", registry, "credt", "production", Duration.ofSeconds(1)));
      assertEquals("model 'credt' is not registered, so it has no alias 'production' to follow; the registry holds [credit]."
          + " Check the name, or register and promote a version first.", e.getMessage());
      AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofHours(1));
      follower.close();
      IllegalStateException closed = assertThrows(IllegalStateException.class, follower::checkNow);
      assertEquals("this follower of alias 'production' of model 'credit' is closed; call deployment.follow(...) again to"
          + " follow it", closed.getMessage());
    }
  }

  @Test
  void shadow_underLimitsThatAbstain_countsEveryRequestScored_andTakesNoDeltaOfAnAbstention() throws Exception {
    try (Deployment shadow = Deployment.shadow(registry.open("credit", first.number()), registry.open("credit", second.number()))) {
      shadow.limit(Limits.builder().minConfidence(1.0).build(), Fallback.abstain());
      for (int i = 0; i < 20; i++) {
        assertEquals(Answer.Kind.ABSTAINED, shadow.predict("r" + i, REQUEST).answer().kind());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      ShadowReport report = shadow.stats().shadow().orElseThrow();
      while (report.scored() + report.dropped() + report.failed() < 20 && System.nanoTime() < deadline) {
        Thread.sleep(5);
        report = shadow.stats().shadow().orElseThrow();
      }
      assertEquals(0, report.failed());
      assertEquals(20, report.scored() + report.dropped());
      assertTrue(Double.isNaN(report.meanAbsDelta()) && Double.isNaN(report.maxAbsDelta()), report.toString());
    }
  }

  @Test
  void limit_refusesAFallbackThatIsOneOfTheDeploymentsOwnModels_andSwapRefusesAClosedPredictor() throws Exception {
    Predictor champion = registry.open("credit", "production");
    try (Deployment live = Deployment.single(champion)) {
      IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
          () -> live.limit(Limits.builder().minConfidence(0.9).build(), Fallback.to("first", champion)));
      assertEquals("fallback 'first' answers with the predictor that serves as 'champion' (bundle "
          + first.bundleId().substring(0, 12) + "); the deployment closes a model when it swaps it out, so give the fallback a"
          + " predictor of its own, e.g. Fallback.to(\"first\", registry.open(model, version)) or Predictor.load(path).",
          shared.getMessage());
      live.swap(registry.open("credit", second.number()));
      IllegalArgumentException closed = assertThrows(IllegalArgumentException.class, () -> live.swap(champion));
      assertEquals("the replacement for 'champion' (bundle " + first.bundleId().substring(0, 12) + ") is closed; a predictor"
          + " this deployment swapped out is closed once drained. Load a new one with Predictor.load(path).",
          closed.getMessage());
    }
  }

  @Test
  void predict_withTheCallersIdAndKey_takesRequestsAndRows() throws Exception {
    try (Deployment canary = Deployment.canary(registry.open("credit", first.number()), registry.open("credit", second.number()),
        0.5)) {
      Request request = Request.copyOf(REQUEST);
      Prediction fromRequest = canary.predict("r1", request);
      assertEquals(Optional.of("r1"), fromRequest.requestId());
      org.mlengine.runtime.Row row = org.mlengine.runtime.Table.fromRows(java.util.List.of(REQUEST)).row(0);
      Prediction a = canary.predict("r2", "customer-7", row);
      Prediction b = canary.predict("r3", "customer-7", Request.copyOf(REQUEST));
      assertEquals(Optional.of("r2"), a.requestId());
      assertEquals(a.answer(), b.answer());   // the same key, the same model
      assertEquals(a.probabilities(), b.probabilities());
    }
  }

  @Test
  void shadow_onAShare_scoresAboutThatShareOfTheRequests_andRefusesAShareOutsideZeroToOne() throws Exception {
    try (Deployment shadow = Deployment.shadow(registry.open("credit", first.number()), registry.open("credit", second.number()),
        0.25)) {
      for (int i = 0; i < 2000; i++) {
        shadow.predict("r" + i, REQUEST);
      }
      long expected = java.util.stream.IntStream.range(0, 2000).filter(i -> Buckets.routing("r" + i) < 0.25).count();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      ShadowReport report = shadow.stats().shadow().orElseThrow();
      while (report.scored() + report.dropped() < expected && System.nanoTime() < deadline) {
        Thread.sleep(5);
        report = shadow.stats().shadow().orElseThrow();
      }
      assertEquals(expected, report.scored() + report.dropped());
      assertTrue(expected > 400 && expected < 600, "shadowed " + expected + " of 2000");
      assertTrue(shadow.toString().contains(", share 0.25)"), shadow.toString());
    }
    Predictor a = registry.open("credit", first.number());
    Predictor b = registry.open("credit", second.number());
    for (double share : new double[] {0, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deployment.shadow(a, b, share));
      assertEquals("the shadow's share is " + share + "; expected a share in (0, 1] (0.1 scores 10% of the requests on the"
          + " shadow, 1 all of them). To stop shadowing use Deployment.single(model).", e.getMessage());
    }
  }
}
