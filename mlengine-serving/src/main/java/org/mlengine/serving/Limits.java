package org.mlengine.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a model may answer: the rules under which its answer is refused ("I don't know") because
 * it is unsure or because the request lies outside what it saw in training. Immutable; build one
 * with {@link #builder()}. {@link #refusal} checks one answer; {@link #guard} pairs the limits
 * with a {@link Fallback} for a predictor used on its own.
 *
 * <pre>{@code
 * Limits limits = Limits.builder()
 *     .minConfidence(0.7)            // the top class's probability below 0.7 is refused
 *     .refuseUnseenCategories()      // a category the model never saw in training
 *     .maxOutsideRange(3)            // a number more than 3 range widths outside [min, max]
 *     .maxMissing(2)                 // more than 2 missing inputs
 *     .build();
 * Optional<String> why = limits.refusal(predictor, request, predictor.predict(request));
 * }</pre>
 *
 * <p>The rules, each off until set:
 *
 * <ul>
 *   <li>{@code minConfidence(p)}: a classification answer whose most probable class has a
 *       probability below {@code p} is refused. A regression bundle has no class probabilities,
 *       so these limits are refused for it.
 *   <li>{@code refuseUnseenCategories()}: a value of a CATEGORICAL input that is not among the
 *       categories of the training part, as the bundle's input schema lists them. A missing
 *       value is not a category (see {@code maxMissing}).
 *   <li>{@code maxOutsideRange(k)}: a value of a NUMERIC input below {@code min - k·(max - min)}
 *       or above {@code max + k·(max - min)}, where {@code min} and {@code max} are the
 *       column's training range from the bundle's {@link org.mlengine.runtime.Profile}: {@code k
 *       = 0} accepts the training range exactly, {@code k = 1} a range three times as wide. The
 *       rule needs the profile; a bundle written before profiles were recorded is refused.
 *   <li>{@code maxMissing(n)}: a request with more than {@code n} missing inputs (null, a NaN
 *       number, an empty category) is refused.
 * </ul>
 *
 * <p>The request is checked first (too many missing inputs, then the first unseen category or
 * out-of-range number in the input schema's column order) and the answer's confidence last; the
 * first refusal is reported. The facts a bundle's checks need
 * (its categories, ranges and task) are computed the first time these limits meet the bundle and
 * kept per bundle id, so a check costs a few map lookups per column.
 */
public final class Limits {
  /** At most this many bundles' facts are kept; past it the cache starts over (a deployment serves a few). */
  private static final int MAX_BUNDLES = 64;
  private static final Limits NONE = builder().build();

  private final double minConfidence;
  private final boolean unseenCategories;
  private final List<String> unseenColumns;
  private final double maxOutsideRange;
  private final int maxMissing;
  private final ConcurrentHashMap<String, LimitFacts> facts = new ConcurrentHashMap<>();

  private Limits(Builder b) {
    this.minConfidence = b.minConfidence;
    this.unseenCategories = b.unseenCategories;
    this.unseenColumns = b.unseenColumns;
    this.maxOutsideRange = b.maxOutsideRange;
    this.maxMissing = b.maxMissing;
  }

  /** Limits that refuse nothing: every answer is the model's own. */
  public static Limits none() {
    return NONE;
  }

  /** A builder with every rule off. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits' rules, to derive changed limits. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.minConfidence = minConfidence;
    b.unseenCategories = unseenCategories;
    b.unseenColumns = unseenColumns;
    b.maxOutsideRange = maxOutsideRange;
    b.maxMissing = maxMissing;
    return b;
  }

  /**
   * Why {@code prediction}, the answer {@code predictor} gave to {@code request}, is refused,
   * or empty when these limits accept it. The reason names the rule, the column and the value,
   * e.g. {@code column 'Income' is 1000000000, above the training range [6, 959] by more than
   * 3 widths (the limit is 3818)}.
   *
   * @throws IllegalArgumentException when a rule cannot be checked for the predictor's bundle (a
   *     range rule and a bundle without a profile, a confidence rule and a regression bundle, a
   *     named column the bundle does not read as CATEGORICAL), saying what to do; or when the
   *     prediction was made by another bundle
   */
  public Optional<String> refusal(Predictor predictor, Map<String, ?> request, Prediction prediction) {
    LimitFacts f = factsFor(predictor);
    Objects.requireNonNull(request, "the request map is null; pass the map the prediction was made for");
    Objects.requireNonNull(prediction, "the prediction is null; pass predictor.predict(request)");
    if (!prediction.bundleId().equals(f.bundleId())) {
      throw new IllegalArgumentException("the prediction was made by bundle '" + LimitFacts.shortId(prediction.bundleId())
          + "', not by the predictor's bundle " + f.bundleName() + "; pass the prediction this predictor made for the request");
    }
    String reason = f.requestRefusal(request);
    if (reason == null && !Double.isNaN(minConfidence)) {
      reason = confidenceRefusal(prediction);
    }
    return Optional.ofNullable(reason);
  }

  /**
   * The predictor answering within these limits: a refused answer is replaced by the
   * fallback's (which says why). Checks now that the limits and the fallback can serve the
   * predictor's bundle.
   *
   * <pre>{@code
   * GuardedPredictor guarded = limits.guard(predictor, Fallback.baseline());
   * Prediction p = guarded.predict(request);   // p.answer().kind() is MODEL or FALLBACK
   * }</pre>
   *
   * @throws IllegalArgumentException as {@link #refusal}, or when the fallback cannot answer for
   *     this bundle (another task, other input columns or classes)
   */
  public GuardedPredictor guard(Predictor predictor, Fallback fallback) {
    Objects.requireNonNull(fallback, "the fallback is null; pass Fallback.abstain() to answer \"I don't know\"");
    checkServes(predictor);
    fallback.checkServes(predictor);
    return new GuardedPredictor(predictor, this, fallback);
  }

  /** Checks now that these limits can be used with the predictor's bundle (and keeps its facts). */
  void checkServes(Predictor predictor) {
    factsFor(predictor);
  }

  private LimitFacts factsFor(Predictor predictor) {
    Objects.requireNonNull(predictor, "the predictor is null; pass the predictor that made the prediction");
    String id = predictor.bundle().id();
    LimitFacts f = facts.get(id);
    if (f == null) {
      f = LimitFacts.of(predictor.bundle(), this);
      if (facts.size() >= MAX_BUNDLES) {
        facts.clear();
      }
      facts.put(id, f);
    }
    return f;
  }

  private String confidenceRefusal(Prediction prediction) {
    Optional<String> label = prediction.label();
    if (label.isEmpty()) {
      return null;   // an abstention carries no class
    }
    double p = prediction.probability(label.get());
    if (!(p >= minConfidence)) {   // a NaN probability is refused too
      return "the top class '" + label.get() + "' has probability " + p + ", below minConfidence(" + minConfidence + ")";
    }
    return null;
  }

  /** The rule as written, e.g. {@code refuseUnseenCategories("Home", "Job")}. */
  static String call(List<String> columns) {
    return "refuseUnseenCategories(" + String.join(", ", columns.stream().map(c -> c == null ? "null" : '"' + c + '"').toList()) + ")";
  }

  double minConfidence() {
    return minConfidence;
  }

  boolean unseenCategories() {
    return unseenCategories;
  }

  /** The columns {@code refuseUnseenCategories(columns...)} named; empty for every CATEGORICAL input. */
  List<String> unseenColumns() {
    return unseenColumns;
  }

  double maxOutsideRange() {
    return maxOutsideRange;
  }

  int maxMissing() {
    return maxMissing;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Limits l
        && Double.compare(minConfidence, l.minConfidence) == 0
        && unseenCategories == l.unseenCategories
        && unseenColumns.equals(l.unseenColumns)
        && Double.compare(maxOutsideRange, l.maxOutsideRange) == 0
        && maxMissing == l.maxMissing;
  }

  @Override
  public int hashCode() {
    return Objects.hash(minConfidence, unseenCategories, unseenColumns, maxOutsideRange, maxMissing);
  }

  @Override
  public String toString() {
    List<String> rules = new ArrayList<>();
    if (!Double.isNaN(minConfidence)) {
      rules.add("minConfidence(" + minConfidence + ")");
    }
    if (unseenCategories) {
      rules.add(call(unseenColumns));
    }
    if (!Double.isNaN(maxOutsideRange)) {
      rules.add("maxOutsideRange(" + LimitFacts.number(maxOutsideRange) + ")");
    }
    if (maxMissing >= 0) {
      rules.add("maxMissing(" + maxMissing + ")");
    }
    return "Limits[" + (rules.isEmpty() ? "none" : String.join(", ", rules)) + "]";
  }

  /**
   * Builds {@link Limits}; each setter checks its own argument and turns one rule on.
   *
   * <pre>{@code
   * Limits strict = Limits.builder().minConfidence(0.8).maxMissing(0).build();
   * Limits lenient = strict.toBuilder().minConfidence(0.6).build();
   * }</pre>
   */
  public static final class Builder {
    private double minConfidence = Double.NaN;
    private boolean unseenCategories;
    private List<String> unseenColumns = List.of();
    private double maxOutsideRange = Double.NaN;
    private int maxMissing = -1;

    private Builder() {}

    /**
     * Refuses a classification answer whose most probable class has a probability below {@code
     * p}; {@code 0} refuses none. Classification bundles only.
     *
     * @throws IllegalArgumentException unless {@code p} is between 0 and 1
     */
    public Builder minConfidence(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("minConfidence(" + p + ") is not a probability; give the lowest probability of the"
            + " top class to accept, between 0 and 1, e.g. minConfidence(0.6)");
      }
      this.minConfidence = p;
      return this;
    }

    /**
     * Refuses a request whose value of any CATEGORICAL input is a category not seen in
     * training (the categories the bundle's input schema lists).
     */
    public Builder refuseUnseenCategories() {
      this.unseenCategories = true;
      this.unseenColumns = List.of();
      return this;
    }

    /**
     * Refuses a request whose value of one of {@code columns} is a category not seen in
     * training; other columns take any category. Each must be a CATEGORICAL input of the
     * bundles these limits are used with.
     *
     * @throws IllegalArgumentException when no column is given, or one is null or blank
     */
    public Builder refuseUnseenCategories(String... columns) {
      Objects.requireNonNull(columns, "the columns are null; name CATEGORICAL inputs, e.g. refuseUnseenCategories(\"Home\", \"Job\")");
      if (columns.length == 0) {
        throw new IllegalArgumentException("refuseUnseenCategories() with an empty list of columns checks nothing; name"
            + " CATEGORICAL inputs, e.g. refuseUnseenCategories(\"Home\", \"Job\"), or call refuseUnseenCategories() for all");
      }
      for (String c : columns) {
        if (c == null || c.isBlank()) {
          throw new IllegalArgumentException(call(Arrays.asList(columns)) + " names a " + (c == null ? "null" : "blank") + " column; name CATEGORICAL inputs, e.g."
              + " refuseUnseenCategories(\"Home\", \"Job\")");
        }
      }
      this.unseenCategories = true;
      this.unseenColumns = List.copyOf(new java.util.LinkedHashSet<>(Arrays.asList(columns)));
      return this;
    }

    /**
     * Refuses a request whose value of a NUMERIC input lies more than {@code widths} widths of
     * the training range outside it: below {@code min - widths·(max - min)} or above {@code max
     * + widths·(max - min)}. {@code 0} refuses anything outside {@code [min, max]}. Needs the
     * bundle's training profile.
     *
     * @throws IllegalArgumentException unless {@code widths} is a finite number of at least 0
     */
    public Builder maxOutsideRange(double widths) {
      if (!(widths >= 0 && widths < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("maxOutsideRange(" + widths + ") is not a finite number of widths >= 0; give how far"
            + " outside the training range [min, max] a number may lie, in widths (max - min), e.g. maxOutsideRange(3),"
            + " or 0 for the training range itself");
      }
      this.maxOutsideRange = widths;
      return this;
    }

    /**
     * Refuses a request with more than {@code n} missing inputs: a null value, a NaN number or
     * an empty category. {@code 0} refuses any missing input.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public Builder maxMissing(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxMissing(" + n + ") is negative; give the most missing inputs a request may"
            + " have, e.g. maxMissing(2), or 0 to refuse any missing input");
      }
      this.maxMissing = n;
      return this;
    }

    /** The limits; the builder is left as it is. */
    public Limits build() {
      return new Limits(this);
    }
  }
}
