package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.DeployFixtures.predictor;
import static org.mlengine.serving.DeployFixtures.request;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;

class FeedbackTest {
  @TempDir
  Path dir;

  @Test
  void feedback_joinsLabelsWithTheServedRequests_intoALabelledTable() throws Exception {
    Feedback feedback = Feedback.keeping(1_000);
    CountDownLatch shadows = new CountDownLatch(30);
    try (Deployment d = Deployment.shadow(predictor(1), predictor(2))) {
      d.observe(feedback);
      d.observe(s -> {
        if (s.shadow()) {
          shadows.countDown();   // observers are told in order: the feedback has it already
        }
      });
      for (int i = 0; i < 30; i++) {
        d.predict("r-" + i, request(i / 15.0 - 1, 0.3));
      }
      assertTrue(shadows.await(10, TimeUnit.SECONDS));
    }
    for (int i = 0; i < 30; i += 2) {
      feedback.feedback("r-" + i, i / 15.0 - 1 > 0 ? "yes" : "no");
    }
    Table t = feedback.table();
    assertEquals(List.of("request_id", "model", "x1", "x2", "label"), t.columnNames());
    assertEquals(15, t.rowCount(), "the labelled requests, once each (the caller's answer, not the shadow's)");
    assertEquals(ColumnType.CATEGORICAL, t.type("label"));
    for (int r = 0; r < 15; r++) {
      int i = 2 * r;
      assertEquals("r-" + i, t.string("request_id", r));
      assertEquals("champion", t.string("model", r));
      assertEquals(i / 15.0 - 1, t.numeric("x1", r));
      assertEquals(i / 15.0 - 1 > 0 ? "yes" : "no", t.string("label", r));
    }
    Comparison c = feedback.compare("champion", "shadow");
    assertEquals(15, c.requests());
    assertEquals("mcnemar_exact", c.test(), "fewer than 25 requests where one model alone was right");
  }

  @Test
  void feedback_beforeItsRequest_waitsAndJoins_andALaterLabelReplacesAnEarlierOne() {
    Feedback feedback = Feedback.keeping(100);
    feedback.feedback("early", "yes");
    feedback.feedback("never-served", "no");
    assertEquals(2, feedback.unmatched());
    feedback.served(classified("early", "champion", false, 0.9));
    assertEquals(1, feedback.unmatched(), "only the label of a request never seen is unmatched");
    assertEquals(1.0, metric(feedback.metrics("champion"), "accuracy").value());
    feedback.feedback("early", "no");
    assertEquals(1, feedback.relabelled());
    assertEquals(0.0, metric(feedback.metrics("champion"), "accuracy").value(), "the later label wins");
  }

  @Test
  void feedback_keepsTheMostRecentRequests_forgettingOlderOnes() {
    Feedback feedback = Feedback.keeping(3);
    for (int i = 0; i < 5; i++) {
      feedback.served(classified("r-" + i, "champion", false, 0.9));
      feedback.feedback("r-" + i, "yes");
    }
    assertEquals(3, feedback.table().rowCount());
    assertEquals("r-2", feedback.table().string("request_id", 0));
  }

  @Test
  void metrics_accuracyHasTheWilsonInterval_asStatsmodels() {
    // 913 right of 1000: the error rate 87/1000 of reference vector V13, whose Wilson interval is
    // [0.071074421452375, 0.10608648105669352]; accuracy's is 1 minus that, reversed.
    Feedback feedback = Feedback.keeping(2_000);
    for (int i = 0; i < 1_000; i++) {
      feedback.served(classified("r-" + i, "champion", false, 0.8));
      feedback.feedback("r-" + i, i < 913 ? "yes" : "no");
    }
    OnlineMetric accuracy = metric(feedback.metrics("champion"), "accuracy");
    assertEquals(0.913, accuracy.value(), 1e-15);
    assertEquals(1 - 0.10608648105669352, accuracy.lower(), 1e-12);
    assertEquals(1 - 0.071074421452375, accuracy.upper(), 1e-12);
    assertEquals(1_000, accuracy.requests());
    OnlineMetric logLoss = metric(feedback.metrics("champion"), "log_loss");
    assertEquals((913 * -Math.log(0.8) + 87 * -Math.log(0.2)) / 1000, logLoss.value(), 1e-12);
    OnlineMetric brier = metric(feedback.metrics("champion"), "brier_score");
    assertEquals((913 * 0.2 * 0.2 + 87 * 0.8 * 0.8) / 1000, brier.value(), 1e-12);
  }

  @Test
  void reportAndUndo_countInTheReportedShare_ofTheAnswersCallersGot() {
    Feedback feedback = Feedback.keeping(100);
    for (int i = 0; i < 10; i++) {
      feedback.served(classified("r-" + i, "champion", false, 0.9));
      feedback.served(classified("r-" + i, "shadow", true, 0.9));
    }
    feedback.report("r-1", "the customer had paid");
    feedback.undo("r-2");
    feedback.report("r-3", "wrong");
    OnlineMetric reported = metric(feedback.metrics("champion"), "reported_share");
    assertEquals(0.3, reported.value(), 1e-15);
    assertEquals(10, reported.requests());
    assertTrue(feedback.metrics("shadow").stream().noneMatch(m -> m.metric().equals("reported_share")),
        "no user saw the shadow's answers");
  }

  @Test
  void compare_classifiers_isMcNemarsTest_asSciPy() {
    // b = 25 requests only the champion got right, c = 10 only the challenger, 15 both, 5 neither.
    Feedback feedback = Feedback.keeping(100);
    int i = 0;
    i = pairs(feedback, i, 25, 0.9, 0.1);
    i = pairs(feedback, i, 10, 0.1, 0.9);
    i = pairs(feedback, i, 15, 0.9, 0.9);
    pairs(feedback, i, 5, 0.1, 0.1);
    Comparison c = feedback.compare("champion", "shadow");
    assertEquals(new Comparison("champion", "shadow", "accuracy", true, 55, 40 / 55.0, 25 / 55.0, "mcnemar",
        c.pValue()), c);
    assertEquals(0.011229886652916672, c.pValue(), 1e-13, "scipy.stats.chi2.sf((25 - 10)**2 / 35, 1)");
    assertEquals(false, c.challengerBetter(0.05));
    assertEquals(0.8208472385419284, Paired.mcnemar(78, 40, 38), 1e-13);
    assertEquals(0.0026997960632601883, Paired.mcnemar(30, 20, 5), 1e-13, "scipy.stats.chi2.sf(15**2 / 25, 1)");
    assertEquals(0.04791275500844781, Paired.mcnemar(300, 100, 130), 1e-13);
    assertEquals(1.0, Paired.mcnemar(5, 0, 0), "the models never disagree on rightness");
    assertEquals(Double.NaN, Paired.mcnemar(0, 0, 0), "no request");
  }

  @Test
  void compare_fewDiscordantPairs_isTheExactBinomialMcNemar_asSciPy() {
    // b = 4 only the champion right, c = 0: chi-square would say p = 0.0455; the exact p is 0.125.
    Feedback feedback = Feedback.keeping(100);
    int i = pairs(feedback, 0, 4, 0.9, 0.1);
    pairs(feedback, i, 6, 0.9, 0.9);
    Comparison c = feedback.compare("champion", "shadow");
    assertEquals(new Comparison("champion", "shadow", "accuracy", true, 10, 1.0, 0.6, "mcnemar_exact", 0.125), c);
    // scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue (= statsmodels mcnemar(exact=True)):
    assertEquals(0.125, Paired.mcnemar(4, 4, 0), 1e-15);
    assertEquals(0.34375, Paired.mcnemar(10, 7, 3), 1e-13);
    assertEquals(0.34375, Paired.mcnemar(10, 3, 7), 1e-13);
    assertEquals(0.0625, Paired.mcnemar(5, 0, 5), 1e-13);
    assertEquals(1.0, Paired.mcnemar(24, 12, 12), "min(1, 2 P[X <= 12]) with X ~ Bin(24, 1/2)");
    assertEquals(1.0, Paired.mcnemar(1, 1, 0));
    assertEquals(0.5412561893463135, Paired.mcnemar(24, 10, 14), 1e-13);
    assertEquals(1.1920928955078125e-07, Paired.mcnemar(24, 24, 0), 1e-20);
    assertEquals(1.0, Paired.mcnemarExact(0, 0));
  }

  @Test
  void compare_withABundleId_countsOnlyThatBundlesAnswers_notEarlierOccupantsOfTheSlot() {
    Feedback feedback = Feedback.keeping(100);
    for (int i = 0; i < 10; i++) {   // first a copy of the champion shadowed, right where the champion was
      feedback.served(classified("old-" + i, "champion", false, 0.9));
      feedback.served(answered("old-" + i, "shadow", true, 0.9, "bundle-champion"));
      feedback.feedback("old-" + i, "yes");
    }
    for (int i = 0; i < 5; i++) {   // then the candidate, wrong where the champion was right
      feedback.served(classified("new-" + i, "champion", false, 0.9));
      feedback.served(answered("new-" + i, "shadow", true, 0.1, "candidate"));
      feedback.feedback("new-" + i, "yes");
    }
    Comparison all = feedback.compare("champion", "shadow");
    assertEquals(15, all.requests());
    assertEquals(10 / 15.0, all.challengerValue(), 1e-15);
    Comparison candidate = feedback.compare("champion", "shadow", "candidate");
    assertEquals(new Comparison("champion", "shadow", "accuracy", true, 5, 1.0, 0.0, "mcnemar_exact", 0.0625),
        candidate);
    assertEquals(Double.NaN, feedback.compare("champion", "shadow", "no-such-bundle").pValue());
    assertEquals("the challenger's bundle id is null; pass the id of the bundle in its slot, e.g. bundle.id()",
        assertThrows(NullPointerException.class, () -> feedback.compare("champion", "shadow", null)).getMessage());
  }

  @Test
  void feedback_aCorrectedLabel_isKeptAsTheNewestNotForgottenAsOld() {
    Feedback feedback = Feedback.keeping(2);
    feedback.served(classified("a", "champion", false, 0.9));
    feedback.served(classified("b", "champion", false, 0.9));
    feedback.feedback("a", "no");
    feedback.feedback("b", "yes");
    feedback.feedback("a", "yes");   // the correction: now the newest label
    feedback.feedback("never-served", "no");   // pushes out the oldest label: b's
    Table t = feedback.table();
    assertEquals(1, t.rowCount());
    assertEquals("a", t.string("request_id", 0));
    assertEquals("yes", t.string("label", 0));
  }

  @Test
  void table_aLabelOfTheOtherKind_doesNotCount() {
    Feedback feedback = Feedback.keeping(10);
    feedback.served(classified("c-1", "champion", false, 0.9));
    feedback.served(classified("c-2", "champion", false, 0.9));
    feedback.served(regressed("v-1", "champion", false, 2.5));
    feedback.feedback("c-1", "yes");
    feedback.feedback("c-2", 1.0);   // a number for a classifier's answer
    feedback.feedback("v-1", "yes");   // text for a regression's
    Table t = feedback.table();
    assertEquals(1, t.rowCount());
    assertEquals("c-1", t.string("request_id", 0));
    assertEquals(ColumnType.CATEGORICAL, t.type("label"));
  }

  @Test
  void compare_regressions_isThePairedTTestOfAbsoluteErrors_asSciPy() {
    double[] championErrors = {0.5, 1.2, 0.3, 2.0, 0.9, 1.1, 0.4, 0.8};
    double[] challengerErrors = {0.4, 1.0, 0.35, 1.5, 0.7, 1.0, 0.5, 0.6};
    Feedback feedback = Feedback.keeping(100);
    for (int i = 0; i < championErrors.length; i++) {
      feedback.served(regressed("r-" + i, "champion", false, 10 + championErrors[i]));
      feedback.served(regressed("r-" + i, "shadow", true, 10 - challengerErrors[i]));
      feedback.feedback("r-" + i, 10.0);
    }
    Comparison c = feedback.compare("champion", "shadow");
    assertEquals("mae", c.metric());
    assertEquals("paired_t", c.test());
    assertEquals(8, c.requests());
    assertEquals(0.9, c.championValue(), 1e-12);
    assertEquals(0.75625, c.challengerValue(), 1e-12);
    assertEquals(0.06290876344094573, c.pValue(), 1e-12, "scipy.stats.ttest_rel(challenger, champion).pvalue");
    OnlineMetric mae = metric(feedback.metrics("champion"), "mae");
    assertEquals(0.9, mae.value(), 1e-12);
  }

  @Test
  void compare_aCanary_hasNoRequestBothAnswered() {
    Feedback feedback = Feedback.keeping(100);
    feedback.served(classified("a", "champion", false, 0.9));
    feedback.served(classified("b", "canary", false, 0.9));
    feedback.feedback("a", "yes");
    feedback.feedback("b", "yes");
    Comparison c = feedback.compare("champion", "canary");
    assertEquals(0, c.requests());
    assertTrue(Double.isNaN(c.pValue()));
  }

  @Test
  void load_readsAPredictionLog_andJoinsAsIfObserved() throws Exception {
    try (PredictionLog log = PredictionLog.builder(dir).build(); Deployment d = Deployment.single(predictor(1))) {
      d.observe(log);
      for (int i = 0; i < 10; i++) {
        d.predict("r-" + i, request(i - 5, 0));
      }
    }
    Feedback feedback = Feedback.keeping(100);
    feedback.feedback("r-3", "no");
    List<String> skipped = new ArrayList<>();
    assertEquals(10, feedback.load(PredictionLog.read(dir, skipped::add)));
    assertEquals(List.of(), skipped);
    assertEquals(0, feedback.unmatched());
    assertEquals(1, feedback.table().rowCount());
    assertEquals("r-3", feedback.table().string("request_id", 0));
  }

  @Test
  void badInput_saysWhatToDo() {
    assertEquals("capacity is 0; keep 1 or more recent requests, e.g. 100_000",
        assertThrows(IllegalArgumentException.class, () -> Feedback.keeping(0)).getMessage());
    Feedback feedback = Feedback.keeping(10);
    assertEquals("the true value of request 'r-1' is NaN; pass a finite number, or no feedback when the truth is unknown",
        assertThrows(IllegalArgumentException.class, () -> feedback.feedback("r-1", Double.NaN)).getMessage());
    assertEquals("the request id is null; pass the id from the Prediction (p.requestId())",
        assertThrows(NullPointerException.class, () -> feedback.feedback(null, "yes")).getMessage());
    assertEquals("confidence is 1.5; it must be in (0, 1), e.g. 0.95",
        assertThrows(IllegalArgumentException.class, () -> feedback.metrics("champion", 1.5)).getMessage());
    Prediction p = Prediction.classification(List.of("no", "yes"), new double[] {0.5, 0.5}, "b")
        .answered("x", new Answer(Answer.Kind.MODEL, "champion", Optional.empty()));
    feedback.served(new Served("x", null, "champion", false, Map.of("label", 1.0), p, null, 1, 0));
    feedback.feedback("x", "yes");
    assertEquals("the input column 'label' has the name of a column the labelled table adds (request_id, model, label);"
        + " rename the input in the model's pipeline",
        assertThrows(IllegalStateException.class, feedback::table).getMessage());
  }

  @Test
  void records_sayWhatWasNull_andWhatToPass() {
    assertEquals("the model is null; pass the deployment's name for it, e.g. \"champion\"",
        assertThrows(NullPointerException.class, () -> new OnlineMetric(null, "accuracy", 1, 1, 1, 1, 0.95)).getMessage());
    assertEquals("the metric is null; pass its name, e.g. \"accuracy\"",
        assertThrows(NullPointerException.class, () -> new OnlineMetric("champion", null, 1, 1, 1, 1, 0.95)).getMessage());
    assertEquals("the request id is null; pass the id the request was served under, e.g. \"r-7\"",
        assertThrows(NullPointerException.class, () -> new LoggedPrediction(null, 0, "champion", false, Optional.empty(),
            Map.of(), Optional.empty(), Map.of(), Double.NaN, Optional.empty(), 0, Optional.empty())).getMessage());
    assertEquals("answer is null; pass Optional.empty() for a refused request",
        assertThrows(NullPointerException.class, () -> new LoggedPrediction("r-1", 0, "champion", false, Optional.empty(),
            Map.of(), Optional.empty(), Map.of(), Double.NaN, null, 0, Optional.empty())).getMessage());
  }

  // ---- helpers ----

  /** {@code count} requests both models answered, labelled "yes": champion and shadow give "yes" these probabilities. */
  private static int pairs(Feedback feedback, int from, int count, double champion, double shadow) {
    for (int i = from; i < from + count; i++) {
      feedback.served(classified("r-" + i, "champion", false, champion));
      feedback.served(classified("r-" + i, "shadow", true, shadow));
      feedback.feedback("r-" + i, "yes");
    }
    return from + count;
  }

  static Served classified(String id, String model, boolean shadow, double pYes) {
    return answered(id, model, shadow, pYes, "bundle-" + model);
  }

  /** A classifier's answer made by the bundle {@code bundleId}. */
  static Served answered(String id, String model, boolean shadow, double pYes, String bundleId) {
    Prediction p = Prediction.classification(List.of("no", "yes"), new double[] {1 - pYes, pYes}, bundleId)
        .answered(id, new Answer(Answer.Kind.MODEL, model, Optional.empty()));
    return new Served(id, null, model, shadow, Map.of("x1", 1.0), p, null, 1_000, 0);
  }

  static Served regressed(String id, String model, boolean shadow, double value) {
    Prediction p = Prediction.regression(value, "bundle-" + model)
        .answered(id, new Answer(Answer.Kind.MODEL, model, Optional.empty()));
    return new Served(id, null, model, shadow, Map.of("x1", 1.0), p, null, 1_000, 0);
  }

  static OnlineMetric metric(List<OnlineMetric> metrics, String name) {
    return metrics.stream().filter(m -> m.metric().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + metrics));
  }
}
