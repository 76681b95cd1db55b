package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.runtime.InvalidInputException;

/**
 * Invariants of {@link Limits} over random requests: credit applicants with random gaps, unseen
 * categories and numbers far outside the training range.
 */
class LimitsProperties {
  private static final String[] CATEGORICAL = {"Home", "Marital", "Records", "Job"};

  /** A request: credit row {@code row}, with {@code changes} random edits drawn from {@code seed}. */
  record Case(int row, int changes, long seed, boolean regression) {
    Map<String, Object> request() {
      Map<String, Object> m = CreditBundles.request(row, regression ? "Amount" : "Status");
      java.util.Random random = new java.util.Random(seed);
      List<String> columns = List.copyOf(new java.util.TreeSet<>(m.keySet()));
      for (int i = 0; i < changes; i++) {
        String column = columns.get(random.nextInt(columns.size()));
        boolean categorical = List.of(CATEGORICAL).contains(column) || column.equals("Status");
        m.put(column, switch (random.nextInt(4)) {
          case 0 -> null;
          case 1 -> categorical ? "unseen-" + random.nextInt(3) : (Object) Double.NaN;
          case 2 -> categorical ? "" : (Object) (random.nextGaussian() * Math.pow(10, random.nextInt(8)));
          default -> m.get(column);
        });
      }
      return m;
    }

    Predictor predictor() {
      return regression ? REGRESSION : CLASSIFIER;
    }
  }

  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final Predictor REGRESSION = Predictor.of(CreditBundles.regression());

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.integers().between(0, 4453), Arbitraries.integers().between(0, 6), Arbitraries.longs(),
        Arbitraries.of(false, true)).as(Case::new);
  }

  @Property(tries = 200)
  void noLimits_everyAnswerIsTheModelsOwnUnchanged(@ForAll("cases") Case c) {
    Map<String, Object> request = c.request();
    Predictor predictor = c.predictor();
    Prediction own = predictor.predict(request);
    assertEquals(Optional.empty(), Limits.none().refusal(predictor, request, own));
    for (Fallback fallback : List.of(Fallback.abstain(), Fallback.baseline())) {
      assertEquals(own.answered("id", Answer.MODEL_ANSWER), Limits.none().guard(predictor, fallback).predict("id", request));
    }
  }

  @Property(tries = 200)
  void refusal_isMonotoneInEachThreshold(@ForAll("cases") Case c, @ForAll @DoubleRange(min = 0, max = 5) double widths,
      @ForAll @IntRange(min = 0, max = 13) int missing, @ForAll @DoubleRange(min = 0, max = 1) double confidence) {
    Map<String, Object> request = c.request();
    Predictor predictor = c.predictor();
    Prediction p = predictor.predict(request);
    if (Limits.builder().maxOutsideRange(widths).build().refusal(predictor, request, p).isEmpty()) {
      assertEquals(Optional.empty(), Limits.builder().maxOutsideRange(widths + 1).build().refusal(predictor, request, p));
    }
    if (Limits.builder().maxMissing(missing).build().refusal(predictor, request, p).isEmpty()) {
      assertEquals(Optional.empty(), Limits.builder().maxMissing(missing + 1).build().refusal(predictor, request, p));
    }
    if (!c.regression() && Limits.builder().minConfidence(confidence).build().refusal(predictor, request, p).isEmpty()) {
      assertEquals(Optional.empty(), Limits.builder().minConfidence(confidence / 2).build().refusal(predictor, request, p));
    }
  }

  @Property(tries = 200)
  void guard_answersTheModelOrAbstainsWithTheRefusal(@ForAll("cases") Case c) {
    Limits limits = Limits.builder().refuseUnseenCategories().maxOutsideRange(1).maxMissing(1).build();
    Map<String, Object> request = c.request();
    Predictor predictor = c.predictor();
    Prediction own = predictor.predict(request);
    Optional<String> refusal = limits.refusal(predictor, request, own);
    Prediction guarded = limits.guard(predictor, Fallback.abstain()).predict("id", request);
    if (refusal.isEmpty()) {
      assertEquals(own.answered("id", Answer.MODEL_ANSWER), guarded);
    } else {
      assertEquals(new Answer(Answer.Kind.ABSTAINED, "abstain", refusal), guarded.answer());
      assertTrue(refusal.get().startsWith("column '") || refusal.get().contains(" inputs are missing ("), refusal.get());
    }
  }

  @Property(tries = 50)
  void unseenCategory_isRefusedExactlyWhenTheSchemaDoesNotListIt(@ForAll("cases") Case c,
      @ForAll("categories") String value, @ForAll @IntRange(min = 0, max = 3) int column) {
    Map<String, Object> request = new HashMap<>(c.request());
    request.put(CATEGORICAL[column], value);
    Predictor predictor = c.predictor();
    Prediction p;
    try {
      p = predictor.predict(request);
    } catch (InvalidInputException e) {
      return;   // not a request the model answers
    }
    boolean seen = predictor.inputSchema().column(CATEGORICAL[column]).orElseThrow().categories().contains(value);
    Optional<String> refusal = Limits.builder().refuseUnseenCategories(CATEGORICAL[column]).build().refusal(predictor, request, p);
    assertEquals(!seen && !value.isEmpty(), refusal.isPresent(), refusal.toString());
  }

  @Provide
  Arbitrary<String> categories() {
    return Arbitraries.oneOf(Arbitraries.of("owner", "rent", "married", "single", "no", "yes", "fixed", "partime", "", "Owner"),
        Arbitraries.strings().alpha().ofMaxLength(8));
  }
}
