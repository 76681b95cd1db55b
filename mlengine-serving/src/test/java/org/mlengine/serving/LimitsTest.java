package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** Each rule of {@link Limits} on both sides of its threshold, with the exact reasons and errors. */
class LimitsTest {
  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final Predictor REGRESSION = Predictor.of(CreditBundles.regression());

  /** The first applicant of credit_data.csv: good, with probability 0.632... */
  private static Map<String, Object> applicant() {
    return CreditBundles.request(0, "Status");
  }

  private static Optional<String> refusal(Limits limits, Map<String, Object> request) {
    return limits.refusal(CLASSIFIER, request, CLASSIFIER.predict(request));
  }

  /** A bundle as errors name it: its id's first 12 characters, and its label if it has one. */
  static String name(ModelBundle bundle) {
    return "'" + bundle.id().substring(0, 12) + "'" + (bundle.label().isEmpty() ? "" : " ('" + bundle.label() + "')");
  }

  static ModelBundle golden() throws IOException {
    return ModelBundle.load(Path.of("src/test/resources/golden/format-1/credit-logistic.mlb"));
  }

  // ---- minConfidence ----

  @Test
  void minConfidence_belowTheTopProbability_accepts_above_refusesNamingClassAndProbability() {
    Map<String, Object> request = applicant();
    double p = CLASSIFIER.predict(request).probability("good");
    assertEquals(Optional.empty(), refusal(Limits.builder().minConfidence(p).build(), request));
    assertEquals(Optional.empty(), refusal(Limits.builder().minConfidence(0.6).build(), request));
    assertEquals(Optional.of("the top class 'good' has probability " + p + ", below minConfidence(0.65)"),
        refusal(Limits.builder().minConfidence(0.65).build(), request));
  }

  @Test
  void minConfidence_regressionBundle_isRefusedSayingWhy() {
    Limits limits = Limits.builder().minConfidence(0.6).build();
    Map<String, Object> request = CreditBundles.request(0, "Amount");
    Prediction p = REGRESSION.predict(request);
    var e = assertThrows(IllegalArgumentException.class, () -> limits.refusal(REGRESSION, request, p));
    assertEquals("minConfidence(0.6) needs class probabilities, and bundle " + name(REGRESSION.bundle())
        + " predicts a value (REGRESSION); drop minConfidence from the limits used with this bundle", e.getMessage());
  }

  // ---- unseen categories ----

  @Test
  void refuseUnseenCategories_seenCategory_accepts_unseen_refusesListingTheTrainingCategories() {
    Limits limits = Limits.builder().refuseUnseenCategories().build();
    Map<String, Object> request = applicant();
    assertEquals(Optional.empty(), refusal(limits, request));
    request.put("Job", "astronaut");
    assertEquals(Optional.of("column 'Job' is 'astronaut', a category not seen in training (it saw fixed, freelance, others,"
        + " partime)"), refusal(limits, request));
  }

  @Test
  void refuseUnseenCategories_missingCategory_isNotUnseen() {
    Map<String, Object> request = applicant();
    request.put("Job", "");
    request.put("Home", null);
    assertEquals(Optional.empty(), refusal(Limits.builder().refuseUnseenCategories().build(), request));
  }

  @Test
  void refuseUnseenCategories_namedColumns_checkOnlyThose() {
    Map<String, Object> request = applicant();
    request.put("Job", "astronaut");
    assertEquals(Optional.empty(), refusal(Limits.builder().refuseUnseenCategories("Home").build(), request));
    request.put("Home", "castle");
    assertEquals(Optional.of("column 'Home' is 'castle', a category not seen in training (it saw ignore, other, owner, parents,"
        + " priv, rent)"), refusal(Limits.builder().refuseUnseenCategories("Home").build(), request));
  }

  @Test
  void refuseUnseenCategories_namedColumnNotCategorical_isRefusedNamingTheInputs() {
    Limits limits = Limits.builder().refuseUnseenCategories("Income", "City").build();
    var e = assertThrows(IllegalArgumentException.class, () -> refusal(limits, applicant()));
    String rule = "refuseUnseenCategories(\"Income\", \"City\")";
    assertEquals(rule + " names column 'Income', which bundle " + name(CLASSIFIER.bundle()) + " reads as NUMERIC; name"
        + " CATEGORICAL inputs of [Home, Marital, Records, Job]; and " + rule + " names column 'City', which bundle "
        + name(CLASSIFIER.bundle()) + " does not read; name CATEGORICAL inputs of [Home, Marital, Records, Job]", e.getMessage());
  }

  @Test
  void refuseUnseenCategories_longValue_isShortenedInTheReason() {
    Map<String, Object> request = applicant();
    request.put("Job", "x".repeat(100));
    assertEquals(Optional.of("column 'Job' is '" + "x".repeat(57) + "...', a category not seen in training (it saw fixed,"
        + " freelance, others, partime)"), refusal(Limits.builder().refuseUnseenCategories().build(), request));
  }

  // ---- ranges ----

  @Test
  void maxOutsideRange_atTheLimit_accepts_beyond_refusesNamingColumnValueRangeAndLimit() {
    // Income's training range is [8, 959]: width 951, so 3 widths reach 959 + 2853 = 3812 and 8 - 2853 = -2845.
    Limits limits = Limits.builder().maxOutsideRange(3).build();
    Map<String, Object> request = applicant();
    request.put("Income", 3812);
    assertEquals(Optional.empty(), refusal(limits, request));
    request.put("Income", 1e9);
    assertEquals(Optional.of("column 'Income' is 1000000000, above the training range [8, 959] by more than 3 widths"
        + " (the limit is 3812)"), refusal(limits, request));
    request.put("Income", -2845);
    assertEquals(Optional.empty(), refusal(limits, request));
    request.put("Income", -2845.5);
    assertEquals(Optional.of("column 'Income' is -2845.5, below the training range [8, 959] by more than 3 widths"
        + " (the limit is -2845)"), refusal(limits, request));
  }

  @Test
  void maxOutsideRange_oneAndZeroWidths_sayWidthAndNothing() {
    Map<String, Object> request = applicant();
    request.put("Age", 119);
    assertEquals(Optional.of("column 'Age' is 119, above the training range [18, 68] by more than 1 width (the limit is 118)"),
        refusal(Limits.builder().maxOutsideRange(1).build(), request));
    request.put("Age", 68);
    assertEquals(Optional.empty(), refusal(Limits.builder().maxOutsideRange(0).build(), request));
    request.put("Age", "17.5");
    assertEquals(Optional.of("column 'Age' is 17.5, below the training range [18, 68] (the limit is 18)"),
        refusal(Limits.builder().maxOutsideRange(0).build(), request));
  }

  @Test
  void maxOutsideRange_missingNumber_isNotOutside() {
    Map<String, Object> request = applicant();
    request.put("Income", null);
    request.put("Assets", Double.NaN);
    assertEquals(Optional.empty(), refusal(Limits.builder().maxOutsideRange(0).build(), request));
  }

  @Test
  void maxOutsideRange_regressionBundle_checksItsInputs() {
    Limits limits = Limits.builder().maxOutsideRange(2).build();
    Map<String, Object> request = CreditBundles.request(0, "Amount");
    assertEquals(Optional.empty(), limits.refusal(REGRESSION, request, REGRESSION.predict(request)));
    request.put("Price", 50_000);
    assertEquals(Optional.of("column 'Price' is 50000, above the training range [105, 11140] by more than 2 widths"
        + " (the limit is 33210)"), limits.refusal(REGRESSION, request, REGRESSION.predict(request)));
  }

  @Test
  void maxOutsideRange_bundleWithoutProfile_isRefusedSayingWhatToDo() throws IOException {
    Predictor old = Predictor.of(golden());
    assertEquals("'4100601ce55f' ('credit-logistic')", name(old.bundle()));
    Limits limits = Limits.builder().maxOutsideRange(3).build();
    Map<String, Object> request = applicant();
    var e = assertThrows(IllegalArgumentException.class, () -> limits.refusal(old, request, old.predict(request)));
    assertEquals("maxOutsideRange(3) needs the training ranges in the bundle's profile, and bundle " + name(old.bundle())
        + " has no profile (it was written before profiles were recorded); refit the pipeline (Pipeline.fit records one) or"
        + " drop maxOutsideRange from the limits used with this bundle", e.getMessage());
  }

  @Test
  void refuseUnseenCategories_bundleWithoutProfile_usesItsInputSchema() throws IOException {
    Predictor old = Predictor.of(golden());
    Limits limits = Limits.builder().refuseUnseenCategories().maxMissing(1).build();
    Map<String, Object> request = applicant();
    assertEquals(Optional.empty(), limits.refusal(old, request, old.predict(request)));
    request.put("Marital", "engaged");
    assertEquals(Optional.of("column 'Marital' is 'engaged', a category not seen in training (it saw divorced, married,"
        + " separated, single, widow)"), limits.refusal(old, request, old.predict(request)));
  }

  @Test
  void columnsWithoutTrainingValues_refuseAnyValue() {
    Table base = TestData.binary(200, 3);
    double[] z = new double[base.rowCount()];
    Arrays.fill(z, Double.NaN);
    Table table = base.withNumeric("z", z).withCategorical("w", new String[base.rowCount()]);
    Predictor predictor = Predictor.of(Pipeline.builder().target("y").split(Split.stratified(0.8))
        .add(Features.impute("z").constant(0), Features.impute("w").constant("none"), Features.oneHot("w"))
        .trainer(Trainers.cart().maxDepth(2)).seed(1).build().fit(table).bundle());
    Limits limits = Limits.builder().refuseUnseenCategories().maxOutsideRange(100).build();
    Map<String, Object> request = new HashMap<>(Map.of("x1", 0.5, "x2", 0.5));
    request.put("z", null);
    request.put("w", null);
    assertEquals(Optional.empty(), limits.refusal(predictor, request, predictor.predict(request)));
    request.put("z", 0);
    assertEquals(Optional.of("column 'z' is 0, and training saw no value in it"),
        limits.refusal(predictor, request, predictor.predict(request)));
    request.put("z", null);
    request.put("w", "none");
    assertEquals(Optional.of("column 'w' is 'none', a category not seen in training (it saw none: the column was missing in"
        + " every training row)"), limits.refusal(predictor, request, predictor.predict(request)));
  }

  @Test
  void refuseUnseenCategories_manyTrainingCategories_listsTheFirstTen() {
    Table base = TestData.binary(300, 5);
    String[] c = new String[base.rowCount()];
    for (int r = 0; r < c.length; r++) {
      c[r] = String.format("k%02d", r % 15);
    }
    Predictor predictor = Predictor.of(Pipeline.builder().target("y").split(Split.stratified(0.8)).add(Features.oneHot("c"))
        .trainer(Trainers.logisticRegression()).seed(1).build().fit(base.withCategorical("c", c)).bundle());
    Map<String, Object> request = new HashMap<>(Map.of("x1", 0.5, "x2", 0.5, "c", "k99"));
    assertEquals(Optional.of("column 'c' is 'k99', a category not seen in training (it saw 15: k00, k01, k02, k03, k04, k05,"
        + " k06, k07, k08, k09 and 5 more)"),
        Limits.builder().refuseUnseenCategories().build().refusal(predictor, request, predictor.predict(request)));
  }

  // ---- missing inputs ----

  @Test
  void maxMissing_atTheLimit_accepts_beyond_refusesNamingTheColumnsInSchemaOrder() {
    Limits limits = Limits.builder().maxMissing(2).build();
    Map<String, Object> request = applicant();
    request.put("Income", null);
    request.put("Job", "");
    assertEquals(Optional.empty(), refusal(limits, request));
    request.put("Assets", Double.NaN);
    assertEquals(Optional.of("3 of 13 inputs are missing (Job, Income, Assets), more than maxMissing(2)"), refusal(limits, request));
    request.put("Assets", "NaN");
    assertEquals(Optional.of("3 of 13 inputs are missing (Job, Income, Assets), more than maxMissing(2)"), refusal(limits, request));
  }

  @Test
  void maxMissing_zero_refusesAnyMissingInput() {
    Map<String, Object> request = applicant();
    assertEquals(Optional.empty(), refusal(Limits.builder().maxMissing(0).build(), request));
    request.put("Home", null);
    assertEquals(Optional.of("1 of 13 inputs are missing (Home), more than maxMissing(0)"),
        refusal(Limits.builder().maxMissing(0).build(), request));
  }

  @Test
  void refusal_severalRules_reportsTheRequestBeforeTheAnswer_missingFirst() {
    Limits limits = Limits.builder().minConfidence(0.99).refuseUnseenCategories().maxOutsideRange(0).maxMissing(0).build();
    Map<String, Object> request = applicant();
    request.put("Job", "astronaut");
    request.put("Income", 1e6);
    request.put("Debt", null);
    assertEquals(Optional.of("1 of 13 inputs are missing (Debt), more than maxMissing(0)"), refusal(limits, request));
    request.put("Debt", 0);
    assertEquals(Optional.of("column 'Job' is 'astronaut', a category not seen in training (it saw fixed, freelance, others,"
        + " partime)"), refusal(limits, request));
    request.put("Job", "fixed");
    assertEquals(Optional.of("column 'Income' is 1000000, above the training range [8, 959] (the limit is 959)"),
        refusal(limits, request));
    request.put("Income", 100);
    assertEquals("the top class 'good' has probability " + CLASSIFIER.predict(request).probability("good")
        + ", below minConfidence(0.99)", refusal(limits, request).orElseThrow());
  }

  // ---- bad arguments ----

  @Test
  void builder_badThresholds_areRefusedWithWhatToGive() {
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Limits.builder().minConfidence(p));
      assertEquals("minConfidence(" + p + ") is not a probability; give the lowest probability of the top class to accept,"
          + " between 0 and 1, e.g. minConfidence(0.6)", e.getMessage());
    }
    for (double k : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxOutsideRange(k));
      assertEquals("maxOutsideRange(" + k + ") is not a finite number of widths >= 0; give how far outside the training range"
          + " [min, max] a number may lie, in widths (max - min), e.g. maxOutsideRange(3), or 0 for the training range itself",
          e.getMessage());
    }
    var missing = assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxMissing(-1));
    assertEquals("maxMissing(-1) is negative; give the most missing inputs a request may have, e.g. maxMissing(2), or 0 to"
        + " refuse any missing input", missing.getMessage());
  }

  @Test
  void builder_badColumns_areRefused() {
    var empty = assertThrows(IllegalArgumentException.class, () -> Limits.builder().refuseUnseenCategories(new String[0]));
    assertEquals("refuseUnseenCategories() with an empty list of columns checks nothing; name CATEGORICAL inputs, e.g."
        + " refuseUnseenCategories(\"Home\", \"Job\"), or call refuseUnseenCategories() for all", empty.getMessage());
    var nul = assertThrows(IllegalArgumentException.class, () -> Limits.builder().refuseUnseenCategories("Home", null));
    assertEquals("refuseUnseenCategories(\"Home\", null) names a null column; name CATEGORICAL inputs, e.g."
        + " refuseUnseenCategories(\"Home\", \"Job\")", nul.getMessage());
    var blank = assertThrows(IllegalArgumentException.class, () -> Limits.builder().refuseUnseenCategories(" "));
    assertEquals("refuseUnseenCategories(\" \") names a blank column; name CATEGORICAL inputs, e.g."
        + " refuseUnseenCategories(\"Home\", \"Job\")", blank.getMessage());
    var array = assertThrows(NullPointerException.class, () -> Limits.builder().refuseUnseenCategories((String[]) null));
    assertEquals("the columns are null; name CATEGORICAL inputs, e.g. refuseUnseenCategories(\"Home\", \"Job\")", array.getMessage());
  }

  @Test
  void refusal_nullsAndAnotherBundlesPrediction_areRefused() {
    Limits limits = Limits.none();
    Map<String, Object> request = applicant();
    Prediction p = CLASSIFIER.predict(request);
    assertEquals("the predictor is null; pass the predictor that made the prediction",
        assertThrows(NullPointerException.class, () -> limits.refusal(null, request, p)).getMessage());
    assertEquals("the request map is null; pass the map the prediction was made for",
        assertThrows(NullPointerException.class, () -> limits.refusal(CLASSIFIER, null, p)).getMessage());
    assertEquals("the prediction is null; pass predictor.predict(request)",
        assertThrows(NullPointerException.class, () -> limits.refusal(CLASSIFIER, request, null)).getMessage());
    Predictor simpler = Predictor.of(CreditBundles.simpler());
    var e = assertThrows(IllegalArgumentException.class, () -> limits.refusal(simpler, request, p));
    assertEquals("the prediction was made by bundle " + name(CLASSIFIER.bundle()) + ", not by the predictor's bundle "
        + name(simpler.bundle()) + "; pass the prediction this predictor made for the request", e.getMessage());
  }

  // ---- values ----

  @Test
  void limits_areValues_builtAndDerived() {
    Limits strict = Limits.builder().minConfidence(0.8).refuseUnseenCategories("Home", "Job").maxOutsideRange(1.5).maxMissing(0).build();
    assertEquals("Limits[minConfidence(0.8), refuseUnseenCategories(\"Home\", \"Job\"), maxOutsideRange(1.5), maxMissing(0)]",
        strict.toString());
    assertEquals("Limits[none]", Limits.none().toString());
    assertEquals(strict, strict.toBuilder().build());
    assertEquals(strict.hashCode(), strict.toBuilder().build().hashCode());
    Limits.Builder builder = strict.toBuilder();
    Limits lenient = builder.minConfidence(0.6).build();
    assertNotEquals(strict, lenient);
    assertEquals("Limits[minConfidence(0.6), refuseUnseenCategories(\"Home\", \"Job\"), maxOutsideRange(1.5), maxMissing(0)]",
        lenient.toString());
    assertEquals("Limits[refuseUnseenCategories()]", Limits.builder().refuseUnseenCategories().build().toString());
  }

  @Test
  void guard_badRequest_getsThePredictorsOwnError() {
    GuardedPredictor guarded = Limits.builder().maxMissing(0).build().guard(CLASSIFIER, Fallback.abstain());
    Map<String, Object> request = applicant();
    request.remove("Income");
    var mine = assertThrows(InvalidInputException.class, () -> guarded.predict(request));
    var theirs = assertThrows(InvalidInputException.class, () -> CLASSIFIER.predict(request));
    assertEquals(theirs.getMessage(), mine.getMessage());
    assertEquals("Income", mine.column());
    request.put("Income", "lots");
    assertEquals(assertThrows(InvalidInputException.class, () -> CLASSIFIER.predict(request)).getMessage(),
        assertThrows(InvalidInputException.class, () -> guarded.predict(request)).getMessage());
  }
}
