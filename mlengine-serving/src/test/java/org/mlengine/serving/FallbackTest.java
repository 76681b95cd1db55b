package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;

/** Each kind of {@link Fallback} through {@link Limits#guard}, with the exact errors. */
class FallbackTest {
  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final Predictor SIMPLER = Predictor.of(CreditBundles.simpler());
  private static final Predictor REGRESSION = Predictor.of(CreditBundles.regression());
  /** Refuses every classification answer. */
  private static final Limits NEVER_SURE = Limits.builder().minConfidence(1).build();
  /** Refuses a regression request with a missing input. */
  private static final Limits COMPLETE = Limits.builder().maxMissing(0).build();

  private static Map<String, Object> applicant() {
    return CreditBundles.request(0, "Status");
  }

  private static String reason(Map<String, Object> request) {
    return "the top class 'good' has probability " + CLASSIFIER.predict(request).probability("good") + ", below minConfidence(1.0)";
  }

  private static Map<String, Object> loanWithoutIncome() {
    Map<String, Object> request = CreditBundles.request(0, "Amount");
    request.put("Income", null);
    return request;
  }

  private static final String NO_INCOME = "1 of 13 inputs are missing (Income), more than maxMissing(0)";

  @Test
  void abstain_givesNoLabelNoValue_andSaysWhy() {
    Map<String, Object> request = applicant();
    Prediction p = NEVER_SURE.guard(CLASSIFIER, Fallback.abstain()).predict("req-1", request);
    assertEquals(new Answer(Answer.Kind.ABSTAINED, "abstain", Optional.of(reason(request))), p.answer());
    assertEquals(Optional.empty(), p.label());
    assertEquals(Map.of(), p.probabilities());
    assertTrue(Double.isNaN(p.value()));
    assertEquals(CLASSIFIER.bundle().id(), p.bundleId());
    assertEquals(Optional.of("req-1"), p.requestId());
  }

  @Test
  void guard_acceptedAnswer_isTheModelsWithTheRequestId() {
    Map<String, Object> request = applicant();
    GuardedPredictor guarded = Limits.builder().minConfidence(0.5).build().guard(CLASSIFIER, Fallback.abstain());
    assertEquals(CLASSIFIER.predict(request).answered("req-2", Answer.MODEL_ANSWER), guarded.predict("req-2", request));
    Prediction random = guarded.predict(request);
    assertEquals(36, random.requestId().orElseThrow().length());   // a UUID
    assertEquals(Answer.MODEL_ANSWER, random.answer());
    Request.Builder builder = Request.builder();
    request.forEach(builder::put);
    Request built = builder.build();
    assertEquals(Answer.MODEL_ANSWER, guarded.predict(built).answer());
  }

  @Test
  void to_anotherModel_answersWithItsPrediction() {
    Map<String, Object> request = applicant();
    Prediction p = NEVER_SURE.guard(CLASSIFIER, Fallback.to("simpler", SIMPLER)).predict("req-3", request);
    assertEquals(SIMPLER.predict(request).answered("req-3", new Answer(Answer.Kind.FALLBACK, "simpler", Optional.of(reason(request)))), p);
    assertEquals(SIMPLER.bundle().id(), p.bundleId());
  }

  @Test
  void to_modelOfAnotherTask_isRefusedNamingBothBundles() {
    var e = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(CLASSIFIER, Fallback.to("amount", REGRESSION)));
    assertEquals("fallback 'amount' is bundle " + LimitsTest.name(REGRESSION.bundle()) + ", which does REGRESSION, and bundle "
        + LimitsTest.name(CLASSIFIER.bundle()) + " does CLASSIFICATION; a fallback model must do the same task", e.getMessage());
  }

  @Test
  void to_modelReadingOtherColumns_isRefusedNamingThem() {
    var e = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(SIMPLER, Fallback.to("full", CLASSIFIER)));
    List<String> extra = new ArrayList<>();
    for (Schema.Field f : CLASSIFIER.inputSchema().columns()) {
      if (SIMPLER.inputSchema().column(f.name()).isEmpty()) {
        extra.add("'" + f.name() + "' (" + f.type() + "), which bundle " + LimitsTest.name(SIMPLER.bundle()) + " does not read");
      }
    }
    assertEquals(9, extra.size());
    assertEquals("fallback 'full' is bundle " + LimitsTest.name(CLASSIFIER.bundle()) + ", which reads " + String.join(" and ", extra)
        + "; a fallback model must read only columns of the requests it answers, with the same types", e.getMessage());
  }

  @Test
  void to_modelOfOtherClasses_isRefusedNamingBoth() {
    ModelBundle records = Pipeline.builder().target("Records").split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression()).seed(1).build()
        .fit(CreditBundles.credit().select("Records", "Seniority", "Age")).bundle();
    var e = assertThrows(IllegalArgumentException.class,
        () -> NEVER_SURE.guard(CLASSIFIER, Fallback.to("records", Predictor.of(records))));
    assertEquals("fallback 'records' is bundle " + LimitsTest.name(records) + ", which predicts the classes [no, yes], and bundle "
        + LimitsTest.name(CLASSIFIER.bundle()) + " predicts [bad, good]; a fallback model must predict the same classes", e.getMessage());
  }

  @Test
  void rule_labelWithProbability_leavesTheRestToTheOtherClasses() {
    Fallback rule = Fallback.rule("income-rule",
        request -> ((Number) request.get("Income")).doubleValue() > 200 ? Map.of("good", 0.8) : Map.of("bad", 0.6));
    Map<String, Object> request = applicant();
    Prediction p = NEVER_SURE.guard(CLASSIFIER, rule).predict("req-4", request);
    assertEquals(Optional.of("bad"), p.label());
    assertEquals(0.6, p.probability("bad"), 0);
    assertEquals(0.4, p.probability("good"), 1e-15);
    assertEquals(new Answer(Answer.Kind.FALLBACK, "income-rule", Optional.of(reason(request))), p.answer());
    assertEquals(CLASSIFIER.bundle().id(), p.bundleId());
    assertEquals("Fallback[rule 'income-rule']", rule.toString());
  }

  @Test
  void rule_givingWhatTheBundleCannotHold_failsNamingTheRule() {
    Map<String, Object> request = applicant();
    var unknown = assertThrows(IllegalStateException.class,
        () -> NEVER_SURE.guard(CLASSIFIER, Fallback.rule("r", q -> Map.of("maybe", 0.5))).predict("req", request));
    assertEquals("fallback rule 'r' gave {maybe=0.5}, which names class 'maybe'; bundle " + LimitsTest.name(CLASSIFIER.bundle())
        + " predicts the classes [bad, good]: give probabilities of those between 0 and 1 that sum to 1 (classes left out share"
        + " what remains)", unknown.getMessage());
    var nothing = assertThrows(IllegalStateException.class,
        () -> NEVER_SURE.guard(CLASSIFIER, Fallback.rule("r", q -> null)).predict("req", request));
    assertEquals("fallback rule 'r' gave null; a rule must give class probabilities of [bad, good], e.g. Map.of(\"bad\", 0.6)",
        nothing.getMessage());
    var notOne = assertThrows(IllegalStateException.class,
        () -> NEVER_SURE.guard(CLASSIFIER, Fallback.rule("r", q -> Map.of("bad", 0.5, "good", 0.4))).predict("req", request));
    assertTrue(notOne.getMessage().startsWith("fallback rule 'r' gave {"), notOne.getMessage());
    assertTrue(notOne.getMessage().contains("}, which sums to 0.9 over every class; bundle "), notOne.getMessage());
  }

  @Test
  void valueRule_regression_answersItsValue_classification_isRefused() {
    Fallback rule = Fallback.valueRule("price-share", request -> 0.6 * ((Number) request.get("Price")).doubleValue());
    Map<String, Object> request = loanWithoutIncome();
    Prediction p = COMPLETE.guard(REGRESSION, rule).predict("req-5", request);
    assertEquals(0.6 * 846, p.value(), 0);
    assertEquals(new Answer(Answer.Kind.FALLBACK, "price-share", Optional.of(NO_INCOME)), p.answer());
    var e = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(CLASSIFIER, rule));
    assertEquals("fallback 'price-share' gives a value, and bundle " + LimitsTest.name(CLASSIFIER.bundle()) + " predicts the classes"
        + " [bad, good]; use Fallback.rule for a classification bundle", e.getMessage());
    var classes = assertThrows(IllegalArgumentException.class, () -> COMPLETE.guard(REGRESSION, Fallback.rule("r", q -> Map.of())));
    assertEquals("fallback 'r' gives class probabilities, and bundle " + LimitsTest.name(REGRESSION.bundle()) + " predicts a value"
        + " (REGRESSION); use Fallback.valueRule for a regression bundle", classes.getMessage());
    var nan = assertThrows(IllegalStateException.class,
        () -> COMPLETE.guard(REGRESSION, Fallback.valueRule("v", q -> Double.NaN)).predict("req", request));
    assertEquals("fallback rule 'v' gave NaN; a value rule must give a finite value", nan.getMessage());
  }

  @Test
  void baseline_fromTheProfile_givesTheTrainingClassSharesOrMean() {
    Map<String, Object> request = applicant();
    ColumnProfile.Categorical status = (ColumnProfile.Categorical) CLASSIFIER.bundle().profile().orElseThrow().column("Status").orElseThrow();
    assertEquals(List.of(new ColumnProfile.ValueCount("good", 2560), new ColumnProfile.ValueCount("bad", 1003)), status.topValues());
    Prediction p = NEVER_SURE.guard(CLASSIFIER, Fallback.baseline()).predict("req-6", request);
    assertEquals(Optional.of("good"), p.label());
    assertEquals(2560.0 / 3563, p.probability("good"), 0);
    assertEquals(1003.0 / 3563, p.probability("bad"), 0);
    assertEquals(new Answer(Answer.Kind.FALLBACK, "baseline", Optional.of(reason(request))), p.answer());

    double mean = ((ColumnProfile.Numeric) REGRESSION.bundle().profile().orElseThrow().column("Amount").orElseThrow()).mean();
    Prediction amount = COMPLETE.guard(REGRESSION, Fallback.baseline()).predict("req-7", loanWithoutIncome());
    assertEquals(mean, amount.value(), 0);
    assertTrue(mean > 1000 && mean < 1100, "mean " + mean);
    assertEquals(new Answer(Answer.Kind.FALLBACK, "baseline", Optional.of(NO_INCOME)), amount.answer());
  }

  @Test
  void baseline_bundleWithoutProfile_isRefused_givenOne_answers() throws IOException {
    Predictor old = Predictor.of(LimitsTest.golden());
    var e = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(old, Fallback.baseline()));
    assertEquals("Fallback.baseline() needs the training target's profile, and bundle " + LimitsTest.name(old.bundle()) + " has no"
        + " profile (it was written before profiles were recorded); give the baseline yourself, e.g."
        + " Fallback.baseline(Map.of(\"good\", 0.7)) or Fallback.baseline(1200.0)", e.getMessage());
    Prediction p = NEVER_SURE.guard(old, Fallback.baseline(Map.of("good", 0.7))).predict("req-8", applicant());
    assertEquals(Optional.of("good"), p.label());
    assertEquals(0.7, p.probability("good"), 0);
    assertEquals(0.3, p.probability("bad"), 1e-15);
    assertEquals("baseline", p.answer().name());
    assertEquals(1500.0, COMPLETE.guard(REGRESSION, Fallback.baseline(1500)).predict("req-9", loanWithoutIncome()).value(), 0);
  }

  @Test
  void baseline_badArguments_areRefused() {
    assertEquals("Fallback.baseline(NaN) is not a finite value; give the value to answer with, e.g. the training target's mean",
        assertThrows(IllegalArgumentException.class, () -> Fallback.baseline(Double.NaN)).getMessage());
    assertEquals("Fallback.baseline({good=1.5}) gives class 'good' the probability 1.5; give class probabilities between 0 and 1"
        + " that sum to at most 1, e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)",
        assertThrows(IllegalArgumentException.class, () -> Fallback.baseline(Map.of("good", 1.5))).getMessage());
    Map<String, Double> tooMuch = new java.util.LinkedHashMap<>();
    tooMuch.put("good", 0.7);
    tooMuch.put("bad", 0.7);
    assertEquals("Fallback.baseline({good=0.7, bad=0.7}) sums to 1.4; give class probabilities between 0 and 1 that sum to at"
        + " most 1, e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)",
        assertThrows(IllegalArgumentException.class, () -> Fallback.baseline(tooMuch)).getMessage());
    assertEquals("Fallback.baseline({}) is empty; give class probabilities between 0 and 1 that sum to at most 1, e.g."
        + " Map.of(\"good\", 0.7, \"bad\", 0.3)", assertThrows(IllegalArgumentException.class, () -> Fallback.baseline(Map.of())).getMessage());
    Map<String, Double> withNull = new HashMap<>();
    withNull.put("good", null);
    assertEquals("Fallback.baseline({good=null}) gives class 'good' the probability null; give class probabilities between 0 and 1"
        + " that sum to at most 1, e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)",
        assertThrows(IllegalArgumentException.class, () -> Fallback.baseline(withNull)).getMessage());
    assertEquals("the class probabilities are null; give e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)",
        assertThrows(NullPointerException.class, () -> Fallback.baseline((Map<String, Double>) null)).getMessage());
  }

  @Test
  void baseline_ofTheWrongKind_isRefusedAtTheGuard() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(CLASSIFIER, Fallback.baseline(Map.of("maybe", 1.0))));
    assertEquals("Fallback.baseline({maybe=1.0}) gave {maybe=1.0}, which names class 'maybe'; bundle " + LimitsTest.name(CLASSIFIER.bundle())
        + " predicts the classes [bad, good]: give probabilities of those between 0 and 1 that sum to 1 (classes left out share what"
        + " remains)", unknown.getMessage());
    var value = assertThrows(IllegalArgumentException.class, () -> NEVER_SURE.guard(CLASSIFIER, Fallback.baseline(5)));
    assertEquals("Fallback.baseline(5) gives a value, and bundle " + LimitsTest.name(CLASSIFIER.bundle()) + " predicts the classes"
        + " [bad, good]; use Fallback.baseline(Map.of(...)) with class probabilities for a classification bundle", value.getMessage());
    var classes = assertThrows(IllegalArgumentException.class, () -> COMPLETE.guard(REGRESSION, Fallback.baseline(Map.of("good", 1.0))));
    assertEquals("Fallback.baseline({good=1.0}) gives class probabilities, and bundle " + LimitsTest.name(REGRESSION.bundle())
        + " predicts a value (REGRESSION); use Fallback.baseline(value) for a regression bundle", classes.getMessage());
  }

  @Test
  void factories_badNamesAndNulls_areRefused() {
    assertEquals("the fallback's name is blank; give the name its answers carry, e.g. Fallback.to(\"previous\", predictor)",
        assertThrows(IllegalArgumentException.class, () -> Fallback.to(" ", SIMPLER)).getMessage());
    assertEquals("the fallback's name is null; give the name its answers carry, e.g. Fallback.rule(\"income-rule\","
        + " request -> Map.of(\"bad\", 0.6))", assertThrows(IllegalArgumentException.class, () -> Fallback.rule(null, q -> Map.of())).getMessage());
    assertEquals("the fallback's name is blank; give the name its answers carry, e.g. Fallback.valueRule(\"median-amount\","
        + " request -> 1000.0)", assertThrows(IllegalArgumentException.class, () -> Fallback.valueRule("", q -> 1)).getMessage());
    assertEquals("the fallback predictor is null; pass a loaded one, e.g. Predictor.load(Path.of(\"previous.mlb\"))",
        assertThrows(NullPointerException.class, () -> Fallback.to("previous", null)).getMessage());
    assertEquals("the rule is null; give a function of the request, e.g. request -> Map.of(\"bad\", 0.6)",
        assertThrows(NullPointerException.class, () -> Fallback.rule("r", null)).getMessage());
    assertEquals("the rule is null; give a function of the request, e.g. request -> 1200.0",
        assertThrows(NullPointerException.class, () -> Fallback.valueRule("r", null)).getMessage());
    assertEquals("the fallback is null; pass Fallback.abstain() to answer \"I don't know\"",
        assertThrows(NullPointerException.class, () -> NEVER_SURE.guard(CLASSIFIER, null)).getMessage());
    assertEquals("the predictor is null; pass the predictor that made the prediction",
        assertThrows(NullPointerException.class, () -> NEVER_SURE.guard(null, Fallback.abstain())).getMessage());
  }

  @Test
  void guard_badRequestId_isRefused() {
    GuardedPredictor guarded = NEVER_SURE.guard(CLASSIFIER, Fallback.abstain());
    assertEquals("the request id is null; pass the caller's id for this request, or call predict(request) to get a random one",
        assertThrows(IllegalArgumentException.class, () -> guarded.predict(null, applicant())).getMessage());
    assertEquals("the request id is blank; pass the caller's id for this request, or call predict(request) to get a random one",
        assertThrows(IllegalArgumentException.class, () -> guarded.predict(" ", applicant())).getMessage());
  }

  @Test
  void toString_namesTheKindAndTheBundle() {
    assertEquals("Fallback[abstain]", Fallback.abstain().toString());
    assertEquals("Fallback['simpler': bundle " + LimitsTest.name(SIMPLER.bundle()) + "]", Fallback.to("simpler", SIMPLER).toString());
    assertEquals("Fallback[baseline from the profile]", Fallback.baseline().toString());
    assertEquals("Fallback[baseline {good=0.7}]", Fallback.baseline(Map.of("good", 0.7)).toString());
    assertEquals("Fallback[baseline 1200.5]", Fallback.baseline(1200.5).toString());
    assertEquals("abstain", Fallback.abstain().name());
    GuardedPredictor guarded = NEVER_SURE.guard(CLASSIFIER, Fallback.abstain());
    assertEquals("GuardedPredictor[" + CLASSIFIER + ", Limits[minConfidence(1.0)], Fallback[abstain]]", guarded.toString());
    assertEquals(CLASSIFIER, guarded.predictor());
    assertEquals(NEVER_SURE, guarded.limits());
    assertEquals(Fallback.abstain(), guarded.fallback());
  }
}
