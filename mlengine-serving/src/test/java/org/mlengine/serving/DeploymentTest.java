package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.DeployFixtures.binary;
import static org.mlengine.serving.DeployFixtures.predictor;
import static org.mlengine.serving.DeployFixtures.request;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

class DeploymentTest {

  static String id12(ModelBundle bundle) {
    return bundle.id().substring(0, 12);
  }

  @Test
  void predict_single_isThePredictorsAnswerWithARequestIdAndTheChampionsName() {
    Predictor bare = predictor(1);
    try (Deployment d = Deployment.single(predictor(1))) {
      Prediction p = d.predict(request(0.5, -1));
      String id = p.requestId().orElseThrow();
      assertTrue(Pattern.matches("[0-9a-f]{8}-1", id), id);
      assertEquals(new Answer(Answer.Kind.MODEL, "champion", Optional.empty()), p.answer());
      Prediction expected = bare.predict(request(0.5, -1));
      assertEquals(expected.probabilities(), p.probabilities());
      assertEquals(expected.bundleId(), p.bundleId());
      assertEquals(id.substring(0, 9) + "2", d.predict(request(0, 0)).requestId().orElseThrow());
    }
  }

  @Test
  void predict_callersRequestId_isKept() {
    try (Deployment d = Deployment.single(predictor(1))) {
      assertEquals("req-7", d.predict("req-7", request(0.5, -1)).requestId().orElseThrow());
      assertEquals("req-8", d.predict("req-8", "customer-1", Request.copyOf(request(0.5, -1))).requestId().orElseThrow());
      var e = assertThrows(NullPointerException.class, () -> d.predict((String) null, request(0, 0)));
      assertEquals("the request id is null; pass the caller's id for this request, or call predict(request) for a generated one",
          e.getMessage());
    }
  }

  @Test
  void predict_requestRowAndMap_giveTheSameAnswer() {
    try (Deployment d = Deployment.single(predictor(1))) {
      Prediction fromMap = d.predict(request(0.3, 0.2));
      Prediction fromRequest = d.predict(Request.copyOf(request(0.3, 0.2)));
      Prediction fromRow = d.predict(Table.builder().numeric("x1", 0.3).numeric("x2", 0.2).build().row(0));
      assertEquals(fromMap.probabilities(), fromRequest.probabilities());
      assertEquals(fromMap.probabilities(), fromRow.probabilities());
      assertEquals(fromMap.answer(), fromRow.answer());
    }
  }

  @Test
  void predict_badRequest_getsThePredictorsOwnErrors() {
    Predictor bare = predictor(1);
    Map<String, Object> missing = request(1, 2);
    missing.remove("x2");
    Map<String, Object> wrongType = request(1, 2);
    wrongType.put("x1", "lots");
    for (Deployment d : new Deployment[] {Deployment.single(predictor(1)), Deployment.shadow(predictor(1), predictor(2)),
        Deployment.canary(predictor(1), predictor(2), 0.5), Deployment.bandit(BanditPolicy.ucb1(),
        Map.of("a", predictor(1), "b", predictor(2)))}) {
      try (d) {
        for (Map<String, Object> bad : java.util.List.of(missing, wrongType)) {
          var expected = assertThrows(InvalidInputException.class, () -> bare.predict(bad));
          var e = assertThrows(InvalidInputException.class, () -> d.predict(bad));
          assertEquals(expected.getMessage(), e.getMessage());
          assertEquals(expected.column(), e.column());
        }
        var expected = assertThrows(NullPointerException.class, () -> bare.predict((Map<String, ?>) null));
        var e = assertThrows(NullPointerException.class, () -> d.predict((Map<String, ?>) null));
        assertEquals(expected.getMessage(), e.getMessage());
      }
    }
  }

  @Test
  void predict_closed_isRefusedNamingTheDeployment() {
    Deployment d = Deployment.canary(predictor(1), predictor(2), 0.25);
    d.close();
    d.close();   // a second close does nothing
    var e = assertThrows(IllegalStateException.class, () -> d.predict(request(0, 0)));
    assertEquals("deployment canary(champion " + id12(binary(1)) + ", canary " + id12(binary(2))
        + ", share 0.25) is closed; make a new one with Deployment.canary(...) to serve again.", e.getMessage());
    var swap = assertThrows(IllegalStateException.class, () -> d.swap("canary", predictor(3)));
    assertEquals(e.getMessage(), swap.getMessage());
    assertTrue(d.drained());
  }

  @Test
  void close_closesEveryPredictor() {
    Predictor a = predictor(1);
    Predictor b = predictor(2);
    Deployment.shadow(a, b).close();
    assertThrows(IllegalStateException.class, () -> a.predict(request(0, 0)));
    assertThrows(IllegalStateException.class, () -> b.predict(request(0, 0)));
  }

  @Test
  void canary_differentColumns_isRefusedNamingBothBundlesAndTheColumn() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Deployment.canary(predictor(1), Predictor.of(DeployFixtures.otherColumns()), 0.1));
    assertEquals("bundle " + id12(DeployFixtures.otherColumns()) + " ('canary') reads 'x3' (NUMERIC) as input column 2"
        + " where the champion bundle " + id12(binary(1)) + " reads 'x2' (NUMERIC); every model in a deployment needs the"
        + " champion's input columns [x1, x2]. Train it on the champion's columns, or deploy it on its own.", e.getMessage());
  }

  @Test
  void shadow_otherTaskOrClasses_isRefusedNamingBothBundles() {
    var task = assertThrows(IllegalArgumentException.class,
        () -> Deployment.shadow(predictor(1), Predictor.of(DeployFixtures.regression())));
    assertEquals("bundle " + id12(DeployFixtures.regression()) + " ('shadow') is a REGRESSION model where the champion bundle "
        + id12(binary(1)) + " is a CLASSIFICATION one; every model in a deployment answers the champion's task."
        + " Deploy it on its own.", task.getMessage());
    var classes = assertThrows(IllegalArgumentException.class,
        () -> Deployment.shadow(predictor(1), Predictor.of(DeployFixtures.otherClasses())));
    assertEquals("bundle " + id12(DeployFixtures.otherClasses()) + " ('shadow') predicts the classes [hi, lo] where the"
        + " champion bundle " + id12(binary(1)) + " predicts [no, yes]; every model in a deployment needs the champion's"
        + " classes, in order. Train it on the same target.", classes.getMessage());
  }

  @Test
  void canary_samePredictorTwice_isRefused() {
    Predictor p = predictor(1);
    var e = assertThrows(IllegalArgumentException.class, () -> Deployment.canary(p, p, 0.1));
    assertEquals("the same predictor (bundle " + id12(binary(1)) + ") is given for 'champion' and 'canary'; a deployment"
        + " closes each model it swaps out, so give each its own Predictor.of(bundle).", e.getMessage());
  }

  @Test
  void canary_shareOutsideZeroOne_isRefused() {
    for (double share : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Deployment.canary(predictor(1), predictor(2), share));
      assertEquals("the canary's share is " + share + "; expected a share strictly between 0 and 1 (0.05 sends 5% of the"
          + " keys to the canary). To send everything to one model use Deployment.single(model).", e.getMessage());
    }
  }

  @Test
  void canary_sameKey_alwaysGetsTheSameModel_andTheShareIsKept() {
    try (Deployment d = Deployment.canary(predictor(1), predictor(2), 0.2)) {
      int canary = 0;
      for (int k = 0; k < 5000; k++) {
        String key = "customer-" + k;
        Prediction first = d.predict("r" + k, key, request(0.1, 0.1));
        for (int again = 0; again < 3; again++) {
          assertEquals(first.answer(), d.predict("s" + k + again, key, request(0.1, 0.1)).answer());
        }
        canary += first.answer().name().equals("canary") ? 1 : 0;
        assertEquals(first.answer().name().equals("canary") ? binary(2).id() : binary(1).id(), first.bundleId());
      }
      assertEquals(0.2, canary / 5000.0, 0.02);
      var stats = d.stats();
      assertEquals(5000L * 4, stats.models().get(0).requests() + stats.models().get(1).requests());
      assertEquals(canary * 4L, stats.models().get(1).requests());
    }
  }

  @Test
  void canary_withoutKey_routesByTheRequestId() {
    try (Deployment d = Deployment.canary(predictor(1), predictor(2), 0.5)) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        Prediction p = d.predict("id-" + i, request(0, 0));
        assertEquals(Buckets.routing("id-" + i) < 0.5 ? "canary" : "champion", p.answer().name());
        names.add(p.answer().name());
      }
      assertEquals(Set.of("champion", "canary"), names);
    }
  }

  @Test
  void swap_single_newRequestsGetTheNewModel_andTheOldOneIsClosed() {
    Predictor old = predictor(1);
    try (Deployment d = Deployment.single(old)) {
      assertEquals(binary(1).id(), d.predict(request(0, 0)).bundleId());
      d.swap(predictor(2));
      assertEquals(binary(2).id(), d.predict(request(0, 0)).bundleId());
      assertThrows(IllegalStateException.class, () -> old.predict(request(0, 0)));
      assertEquals(1, d.stats().swaps());
      assertEquals(binary(2).id(), d.stats().models().get(0).bundleId());
      assertEquals(2, d.stats().models().get(0).requests());
    }
  }

  @Test
  void swap_unknownNameOrAmbiguousOrDifferentSchema_isRefusedAndChangesNothing() {
    Predictor canary = predictor(2);
    try (Deployment d = Deployment.canary(predictor(1), canary, 0.5)) {
      String name = "canary(champion " + id12(binary(1)) + ", canary " + id12(binary(2)) + ", share 0.5)";
      var unknown = assertThrows(IllegalArgumentException.class, () -> d.swap("candidate", predictor(3)));
      assertEquals("deployment " + name + " has no model named 'candidate'; its models are [champion, canary].",
          unknown.getMessage());
      var unnamed = assertThrows(IllegalStateException.class, () -> d.swap(predictor(3)));
      assertEquals("deployment " + name + " has the models [champion, canary]; name the one to replace with"
          + " swap(name, predictor).", unnamed.getMessage());
      var schema = assertThrows(IllegalArgumentException.class,
          () -> d.swap("canary", Predictor.of(DeployFixtures.otherColumns())));
      assertTrue(schema.getMessage().startsWith("bundle " + id12(DeployFixtures.otherColumns()) + " ('canary') reads 'x3'"),
          schema.getMessage());
      var twice = assertThrows(IllegalArgumentException.class, () -> d.swap("champion", canary));
      assertEquals("the same predictor (bundle " + id12(binary(2)) + ") is given for 'canary' and 'champion'; a deployment"
          + " closes each model it swaps out, so give each its own Predictor.of(bundle).", twice.getMessage());
      assertEquals(0, d.stats().swaps());
      assertEquals("Deployment[" + name + ", swaps 0]", d.toString());
    }
  }

  @Test
  void shadow_scoresOffTheRequestThread_andComparesTheAnswers() throws Exception {
    try (Deployment d = Deployment.shadow(predictor(1), predictor(2))) {
      for (int i = 0; i < 150; i++) {
        Prediction p = d.predict("r" + i, request(i / 50.0 - 1.5, 0.3));
        assertEquals(binary(1).id(), p.bundleId());
        assertEquals("champion", p.answer().name());
      }
      ShadowReport r = awaitShadow(d, 150);
      assertEquals(0, r.dropped());
      assertEquals(0, r.failed());
      assertEquals(Deployment.SHADOW_PAIRS_KEPT, r.recent().size());
      ShadowReport.Pair last = r.recent().get(r.recent().size() - 1);
      assertEquals("r149", last.requestId());
      assertEquals(binary(2).id(), last.shadow().bundleId());
      assertEquals(new Answer(Answer.Kind.MODEL, "shadow", Optional.empty()), last.shadow().answer());
      assertEquals(ShadowRecorder.absDelta(last.champion(), last.shadow()),
          Math.abs(last.champion().probability("yes") - last.shadow().probability("yes")), 1e-15);
      assertTrue(r.maxAbsDelta() > 0 && r.maxAbsDelta() >= r.meanAbsDelta(), r.toString());
      assertTrue(r.agreement() > 0.5 && r.agreement() <= 1, r.toString());
      assertEquals(150, d.stats().models().get(1).requests());
    }
  }

  @Test
  void shadow_sameBundle_agreesEverywhere() throws Exception {
    try (Deployment d = Deployment.shadow(predictor(1), predictor(1))) {
      for (int i = 0; i < 20; i++) {
        d.predict(request(i - 10, 1));
      }
      ShadowReport r = awaitShadow(d, 20);
      assertEquals(1.0, r.agreement());
      assertEquals(0.0, r.maxAbsDelta());
      assertEquals(0.0, r.meanAbsDelta());
    }
  }

  @Test
  void shadow_fullQueue_dropsTheShadowCallAndNeverBlocks() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    try (Deployment d = Deployment.shadowWithQueue(predictor(1), predictor(2), 1.0, 2)) {
      d.shadowLane().offer(() -> {
        running.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      running.await();
      for (int i = 0; i < 10; i++) {
        assertEquals("champion", d.predict(request(0, 0)).answer().name());
      }
      assertEquals(8, d.stats().shadow().orElseThrow().dropped());
      hold.countDown();
      ShadowReport r = awaitShadow(d, 2);
      assertEquals(8, r.dropped());
    }
  }

  @Test
  void close_shadow_stopsItsThreadAndDropsWhatWaits() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    Predictor shadow = predictor(2);
    Deployment d = Deployment.shadowWithQueue(predictor(1), shadow, 1.0, 100);
    d.shadowLane().offer(() -> {
      running.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    running.await();
    for (int i = 0; i < 3; i++) {
      d.predict(request(0, 0));
    }
    d.close();
    hold.countDown();
    assertTrue(d.shadowLane().awaitStopped(10_000));
    ShadowReport r = d.stats().shadow().orElseThrow();
    assertEquals(0, r.scored());
    assertEquals(3, r.dropped());
    assertTrue(d.drained());
    assertThrows(IllegalStateException.class, () -> shadow.predict(request(0, 0)));
  }

  @Test
  void shadow_failingShadow_isCountedAndNeverSeenByTheCaller() throws Exception {
    Predictor shadow = predictor(2);
    try (Deployment d = Deployment.shadow(predictor(1), shadow)) {
      shadow.close();   // misuse: closed behind the deployment's back
      for (int i = 0; i < 5; i++) {
        assertEquals("champion", d.predict(request(0, 0)).answer().name());
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (d.stats().shadow().orElseThrow().failed() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(5, d.stats().shadow().orElseThrow().failed());
      assertEquals(0, d.stats().shadow().orElseThrow().scored());
      assertTrue(Double.isNaN(d.stats().shadow().orElseThrow().agreement()));
    }
  }

  @Test
  void stats_single_hasNoShadow() {
    try (Deployment d = Deployment.single(predictor(1))) {
      d.predict(request(0, 0));
      DeploymentStats s = d.stats();
      assertEquals("single", s.strategy());
      assertEquals(new DeploymentStats.Model("champion", binary(1).id(), 1, 0, 0), s.models().get(0));
      assertEquals(Optional.empty(), s.shadow());
    }
  }

  @Test
  void bandit_answersAsAnArm_andArmsAreOrderedByName() {
    Map<String, Predictor> arms = new LinkedHashMap<>();
    arms.put("zeta", predictor(1));
    arms.put("alpha", predictor(2));
    try (Deployment d = Deployment.bandit(BanditPolicy.ucb1(), arms)) {
      Prediction first = d.predict(request(0, 0));   // UCB1 plays the untried arms first, in order
      assertEquals(new Answer(Answer.Kind.ARM, "alpha", Optional.empty()), first.answer());
      assertEquals(binary(2).id(), first.bundleId());
      assertEquals("zeta", d.predict(request(0, 0)).answer().name());
      d.reward(first.requestId().orElseThrow(), 1);
      DeploymentStats.Model alpha = d.stats().models().get(0);
      assertEquals(new DeploymentStats.Model("alpha", binary(2).id(), 1, 1, 1.0), alpha);
      assertEquals(1.0, alpha.meanReward());
      assertTrue(d.toString().startsWith("Deployment[bandit(ucb1, alpha "), d.toString());
    }
  }

  @Test
  void reward_unknownTwiceOrOutOfRange_isRefused() {
    try (Deployment d = Deployment.bandit(BanditPolicy.thompson(42), Map.of("a", predictor(1), "b", predictor(2)))) {
      String id = d.predict("req-1", request(0, 0)).requestId().orElseThrow();
      String name = "bandit(thompson(seed 42), a " + id12(binary(1)) + ", b " + id12(binary(2)) + ")";
      var range = assertThrows(IllegalArgumentException.class, () -> d.reward(id, 1.5));
      assertEquals("the reward for request 'req-1' is 1.5; expected a value in [0, 1] (1 for a success, 0 for a failure)."
          + " Scale rewards to [0, 1]: UCB1 and Thompson sampling assume it.", range.getMessage());
      assertThrows(IllegalArgumentException.class, () -> d.reward(id, Double.NaN));
      d.reward(id, 0.5);   // the refused values did not use the id up
      var twice = assertThrows(IllegalArgumentException.class, () -> d.reward(id, 1));
      assertEquals("request 'req-1' is not waiting for a reward in deployment " + name + ": it was not served by this"
          + " deployment, was rewarded already, or is older than the last 131072 requests, whose ids are forgotten."
          + " Reward each request once, soon after its prediction.", twice.getMessage());
      var unknown = assertThrows(IllegalArgumentException.class, () -> d.reward("nobody", 1));
      assertEquals(twice.getMessage().replace("req-1", "nobody"), unknown.getMessage());
      assertEquals(0.5, d.stats().models().stream().mapToDouble(DeploymentStats.Model::rewardSum).sum());
    }
  }

  @Test
  void reward_notABandit_isRefused() {
    try (Deployment d = Deployment.single(predictor(1))) {
      String id = d.predict(request(0, 0)).requestId().orElseThrow();
      var e = assertThrows(IllegalStateException.class, () -> d.reward(id, 1));
      assertEquals("deployment single(champion " + id12(binary(1)) + ") is not a bandit and takes no rewards; make one with"
          + " Deployment.bandit(policy, arms) to route by rewards.", e.getMessage());
    }
  }

  @Test
  void bandit_fewerThanTwoArmsOrBlankName_isRefused() {
    var one = assertThrows(IllegalArgumentException.class,
        () -> Deployment.bandit(BanditPolicy.ucb1(), Map.of("only", predictor(1))));
    assertEquals("a bandit needs at least two arms and has 1 [only]; add arms, or serve one model with"
        + " Deployment.single(model).", one.getMessage());
    var blank = assertThrows(IllegalArgumentException.class,
        () -> Deployment.bandit(BanditPolicy.ucb1(), Map.of(" ", predictor(1), "b", predictor(2))));
    assertEquals("an arm's name is blank; name every arm (the name is what Answer.name() reports), e.g."
        + " Map.of(\"logistic\", a, \"boosted\", b).", blank.getMessage());
  }

  @Test
  void pendingRewards_callersIds_forgetTheOldestBeyondTheirCapacity() {
    PendingRewards pending = new PendingRewards("abc-", 4);
    for (int i = 0; i < 6; i++) {
      pending.putGiven("r" + i, i % 2);
    }
    assertEquals(4, pending.givenSize());
    assertEquals(-1, pending.take("r0"));
    assertEquals(-1, pending.take("r1"));
    assertEquals(0, pending.take("r2"));
    assertEquals(-1, pending.take("r2"));
    assertEquals(1, pending.take("r3"));
  }

  @Test
  void pendingRewards_madeIds_forgetTheOldestBeyondTheirCapacity() {
    var notPowerOfTwo = assertThrows(IllegalArgumentException.class, () -> new PendingRewards("abc-", 3));
    assertEquals("capacity 3 is not a power of two", notPowerOfTwo.getMessage());
    PendingRewards pending = new PendingRewards("abc-", 4);
    for (int i = 1; i <= 5; i++) {
      pending.putMade(i, i == 5 ? 70_000 % 65_535 : i % 2);
    }
    assertEquals(-1, pending.take("abc-1"));
    assertEquals(0, pending.take("abc-2"));
    assertEquals(1, pending.take("abc-3"));
    assertEquals(-1, pending.take("abc-3"));
    assertEquals(0, pending.take("abc-4"));
    assertEquals(70_000 % 65_535, pending.take("abc-5"));
    for (String other : new String[] {"abc-", "abc-x", "abd-4", "abc-4a", "abc-99999999999999999999", "4"}) {
      assertEquals(-1, pending.take(other), other);
    }
    assertEquals(0, pending.givenSize());
  }

  @Test
  void reward_generatedAndCallersIds_bothReachTheirArm() {
    try (Deployment d = Deployment.bandit(BanditPolicy.ucb1(), Map.of("a", predictor(1), "b", predictor(2)))) {
      Prediction made = d.predict(request(0, 0));
      Prediction given = d.predict("mine", request(0, 0));
      d.reward(made.requestId().orElseThrow(), 1);
      d.reward("mine", 0.25);
      assertEquals(1.0, d.stats().models().get(0).rewardSum());
      assertEquals(0.25, d.stats().models().get(1).rewardSum());
      assertThrows(IllegalArgumentException.class, () -> d.reward(made.requestId().orElseThrow(), 1));
    }
  }

  @Test
  void requestIds_ofTwoDeployments_differ() {
    try (Deployment a = Deployment.single(predictor(1)); Deployment b = Deployment.single(predictor(1))) {
      assertNotEquals(a.predict(request(0, 0)).requestId(), b.predict(request(0, 0)).requestId());
      assertFalse(a.predict(request(0, 0)).requestId().orElseThrow().isEmpty());
    }
  }

  static ShadowReport awaitShadow(Deployment d, long scored) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    ShadowReport r = d.stats().shadow().orElseThrow();
    while (r.scored() < scored && System.nanoTime() < deadline) {
      Thread.sleep(5);
      r = d.stats().shadow().orElseThrow();
    }
    assertEquals(scored, r.scored(), r.toString());
    return r;
  }

  @Test
  void predictAll_single_isThePredictorsBatchWithARequestIdPerRow() {
    Table rows = Table.builder().numeric("x1", 0.5, 0.3, -2).numeric("x2", -1, 0.2, 1).build();
    try (Predictor bare = predictor(1); Deployment d = Deployment.single(predictor(1))) {
      List<Prediction> batch = d.predictAll("batch-1", rows);
      List<Prediction> expected = bare.predictAll(rows);
      assertEquals(3, batch.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(expected.get(i).probabilities(), batch.get(i).probabilities());
        assertEquals("batch-1#" + i, batch.get(i).requestId().orElseThrow());
        assertEquals(new Answer(Answer.Kind.MODEL, "champion", Optional.empty()), batch.get(i).answer());
      }
      assertEquals(3, d.stats().models().get(0).requests());
    }
  }

  @Test
  void predictAll_bandit_isRefusedNamingTheWayToScoreIt() {
    try (Deployment d = Deployment.bandit(BanditPolicy.thompson(42), Map.of("a", predictor(1), "b", predictor(2)))) {
      var e = assertThrows(IllegalStateException.class,
          () -> d.predictAll("batch-1", Table.builder().numeric("x1", 0.5).numeric("x2", 1).build()));
      assertEquals("deployment bandit(thompson(seed 42), a " + id12(binary(1)) + ", b " + id12(binary(2)) + ") is a bandit,"
          + " which learns from each request's reward; score its rows one at a time with predict(requestId, row) so that"
          + " each can be rewarded.", e.getMessage());
    }
  }

  @Test
  void swap_carryingAHistoryOver_refusesTheCallersPredictorInAnotherSlot_andClosesItOnceSwappedOut() {
    Predictor champion = predictor(1);
    try (Deployment d = Deployment.shadow(champion.withHistory(champion.newHistory(Retention.unbounded())), predictor(2))) {
      Predictor replacement = predictor(3);
      d.swap("champion", replacement);   // served by a predictor of it reading the champion's history
      var twice = assertThrows(IllegalArgumentException.class, () -> d.swap("shadow", replacement));
      assertEquals("the same predictor (bundle " + id12(binary(3)) + ") is given for 'champion' and 'shadow'; a deployment"
          + " closes each model it swaps out, so give each its own Predictor.of(bundle).", twice.getMessage());
      d.swap("champion", predictor(4));
      assertTrue(replacement.isClosed(), "the swap's Javadoc: the old predictor is closed once its last request has left");
    }
  }
}
