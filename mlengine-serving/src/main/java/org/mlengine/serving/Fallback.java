package org.mlengine.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Immutables;

/**
 * What answers when {@link Limits} refuse a model's answer: nobody ({@link #abstain()}, the
 * default), another model, a rule of the request, or a baseline. The {@link Prediction} it
 * gives says so: {@code answer()} is {@code FALLBACK} under the fallback's name (or {@code
 * ABSTAINED}), with the refusal's reason. Immutable and thread-safe.
 *
 * <pre>{@code
 * Fallback previous = Fallback.to("previous", Predictor.load(Path.of("credit-v1.mlb")));
 * Fallback rule = Fallback.rule("income-rule",
 *     request -> ((Number) request.get("Income")).doubleValue() > 200 ? Map.of("good", 0.8) : Map.of("bad", 0.6));
 * Fallback prior = Fallback.baseline();   // the training class shares (or target mean)
 * GuardedPredictor guarded = limits.guard(predictor, prior);
 * }</pre>
 *
 * <p>A fallback's own answer is not checked against the limits. Class probabilities that a rule
 * or a baseline gives may leave classes out: those share what remains of 1 equally, so {@code
 * Map.of("bad", 0.6)} for the classes {@code [bad, good]} gives {@code good} 0.4.
 */
public final class Fallback {
  /** How far class probabilities that name every class may sum from 1. */
  private static final double SUM_TOLERANCE = 1e-6;
  /** At most this many bundles' checks are kept; past it the cache starts over. */
  private static final int MAX_BUNDLES = 64;
  private static final Fallback ABSTAIN = new Fallback(Kind.ABSTAIN, "abstain", null, null, null, null, Double.NaN);

  private enum Kind { ABSTAIN, MODEL, CLASS_RULE, VALUE_RULE, BASELINE, CLASS_BASELINE, VALUE_BASELINE }

  private final Kind kind;
  private final String name;
  private final Predictor other;
  private final Function<? super Map<String, ?>, ? extends Map<String, Double>> classRule;
  private final ToDoubleFunction<? super Map<String, ?>> valueRule;
  private final Map<String, Double> classes;
  private final double value;
  /** Per bundle id served: empty once checked, or the constant prediction a baseline gives. */
  private final ConcurrentHashMap<String, Optional<Prediction>> served = new ConcurrentHashMap<>();

  private Fallback(Kind kind, String name, Predictor other, Function<? super Map<String, ?>, ? extends Map<String, Double>> classRule,
      ToDoubleFunction<? super Map<String, ?>> valueRule, Map<String, Double> classes, double value) {
    this.kind = kind;
    this.name = name;
    this.other = other;
    this.classRule = classRule;
    this.valueRule = valueRule;
    this.classes = classes;
    this.value = value;
  }

  /** No answer: an abstention ({@code ABSTAINED}, named {@code "abstain"}) that says why. */
  public static Fallback abstain() {
    return ABSTAIN;
  }

  /**
   * Another model's answer, e.g. the previous version's. It must do the same task (and predict
   * the same classes) and read only columns the refused bundle reads, with the same types.
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public static Fallback to(String name, Predictor other) {
    Objects.requireNonNull(other, "the fallback predictor is null; pass a loaded one, e.g. Predictor.load(Path.of(\"previous.mlb\"))");
    return new Fallback(Kind.MODEL, checkName(name, "Fallback.to(\"previous\", predictor)"), other, null, null, null, Double.NaN);
  }

  /**
   * A rule of the request that gives class probabilities (classification bundles): at least the
   * label it chooses with its probability, e.g. {@code Map.of("bad", 0.6)}.
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public static Fallback rule(String name, Function<? super Map<String, ?>, ? extends Map<String, Double>> classProbabilities) {
    Objects.requireNonNull(classProbabilities, "the rule is null; give a function of the request, e.g. request -> Map.of(\"bad\", 0.6)");
    return new Fallback(Kind.CLASS_RULE, checkName(name, "Fallback.rule(\"income-rule\", request -> Map.of(\"bad\", 0.6))"), null,
        classProbabilities, null, null, Double.NaN);
  }

  /**
   * A rule of the request that gives a value (regression bundles).
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public static Fallback valueRule(String name, ToDoubleFunction<? super Map<String, ?>> value) {
    Objects.requireNonNull(value, "the rule is null; give a function of the request, e.g. request -> 1200.0");
    return new Fallback(Kind.VALUE_RULE, checkName(name, "Fallback.valueRule(\"median-amount\", request -> 1000.0)"), null, null,
        value, null, Double.NaN);
  }

  /**
   * The training baseline from the bundle's profile, named {@code "baseline"}: each class's
   * share of the training part's target (the majority class is the label), or the target's
   * training mean for regression. Needs the profile.
   */
  public static Fallback baseline() {
    return new Fallback(Kind.BASELINE, "baseline", null, null, null, null, Double.NaN);
  }

  /**
   * A baseline of given class probabilities, named {@code "baseline"}, for a bundle without a
   * profile or a prior of the application's own.
   *
   * @throws IllegalArgumentException when a probability is outside [0, 1] or they sum above 1
   */
  public static Fallback baseline(Map<String, Double> classProbabilities) {
    Objects.requireNonNull(classProbabilities, "the class probabilities are null; give e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)");
    String problem = probabilityProblem(classProbabilities);
    if (problem != null) {
      throw new IllegalArgumentException("Fallback.baseline(" + classProbabilities + ") " + problem + "; give class probabilities"
          + " between 0 and 1 that sum to at most 1, e.g. Map.of(\"good\", 0.7, \"bad\", 0.3)");
    }
    return new Fallback(Kind.CLASS_BASELINE, "baseline", null, null, null, Immutables.map(classProbabilities), Double.NaN);
  }

  /**
   * A baseline value, named {@code "baseline"}, for a regression bundle.
   *
   * @throws IllegalArgumentException when the value is not finite
   */
  public static Fallback baseline(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Fallback.baseline(" + value + ") is not a finite value; give the value to answer with,"
          + " e.g. the training target's mean");
    }
    return new Fallback(Kind.VALUE_BASELINE, "baseline", null, null, null, null, value);
  }

  /** The name its answers carry: {@code "abstain"}, {@code "baseline"}, or the name given. */
  public String name() {
    return name;
  }

  /**
   * Checks that this fallback can answer for {@code predictor}'s bundle, once per bundle id.
   *
   * @throws IllegalArgumentException naming both bundles (or the rule) when it cannot
   */
  /** The other model this fallback answers with; empty for the other kinds. */
  Optional<Predictor> predictor() {
    return Optional.ofNullable(other);
  }

  void checkServes(Predictor predictor) {
    servedFor(predictor);
  }

  /** What {@link #serve} found for the predictor's bundle, found once per bundle id. */
  private Optional<Prediction> servedFor(Predictor predictor) {
    Objects.requireNonNull(predictor, "the predictor is null; pass the predictor whose answers this fallback replaces");
    ModelBundle bundle = predictor.bundle();
    Optional<Prediction> found = served.get(bundle.id());
    if (found == null) {
      found = serve(bundle);
      if (served.size() >= MAX_BUNDLES) {
        served.clear();
      }
      served.put(bundle.id(), found);
    }
    return found;
  }

  /**
   * This fallback's answer to {@code request} in place of {@code refused}, the answer {@code
   * predictor} gave, with the request id and the reason it was refused.
   */
  Prediction answer(Predictor predictor, Map<String, ?> request, Prediction refused, String reason, String requestId) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requestId, "requestId");
    Optional<Prediction> constant = servedFor(predictor);
    if (kind == Kind.ABSTAIN) {
      return Prediction.abstained(refused.bundleId(), requestId, new Answer(Answer.Kind.ABSTAINED, name, Optional.of(reason)));
    }
    Answer answer = new Answer(Answer.Kind.FALLBACK, name, Optional.of(reason));
    return switch (kind) {
      case MODEL -> other.predict(request).answered(requestId, answer);
      case CLASS_RULE -> classification(predictor, ruleProbabilities(predictor, request), refused.bundleId()).answered(requestId, answer);
      case VALUE_RULE -> Prediction.regression(ruleValue(request), refused.bundleId()).answered(requestId, answer);
      default -> constant.orElseThrow().answered(requestId, answer);
    };
  }

  private Optional<Prediction> serve(ModelBundle bundle) {
    Task task = bundle.pipeline().task();
    String rule = "fallback '" + name + "'";
    switch (kind) {
      case MODEL -> checkModel(bundle);
      case CLASS_RULE -> requireTask(task == Task.CLASSIFICATION, rule + " gives class probabilities, and bundle " + LimitFacts.name(bundle)
          + " predicts a value (REGRESSION); use Fallback.valueRule for a regression bundle");
      case VALUE_RULE -> requireTask(task == Task.REGRESSION, rule + " gives a value, and bundle " + LimitFacts.name(bundle)
          + " predicts the classes " + bundle.pipeline().classes() + "; use Fallback.rule for a classification bundle");
      case BASELINE -> {
        return Optional.of(profileBaseline(bundle));
      }
      case CLASS_BASELINE -> {
        requireTask(task == Task.CLASSIFICATION, "Fallback.baseline(" + classes + ") gives class probabilities, and bundle "
            + LimitFacts.name(bundle) + " predicts a value (REGRESSION); use Fallback.baseline(value) for a regression bundle");
        return Optional.of(classification(bundle, classes, bundle.id(), "Fallback.baseline(" + classes + ")"));
      }
      case VALUE_BASELINE -> {
        requireTask(task == Task.REGRESSION, "Fallback.baseline(" + LimitFacts.number(value) + ") gives a value, and bundle "
            + LimitFacts.name(bundle) + " predicts the classes " + bundle.pipeline().classes()
            + "; use Fallback.baseline(Map.of(...)) with class probabilities for a classification bundle");
        return Optional.of(Prediction.regression(value, bundle.id()));
      }
      default -> { }
    }
    return Optional.empty();
  }

  private static void requireTask(boolean same, String message) {
    if (!same) {
      throw new IllegalArgumentException(message);
    }
  }

  private void checkModel(ModelBundle bundle) {
    ModelBundle fallback = other.bundle();
    String intro = "fallback '" + name + "' is bundle " + LimitFacts.name(fallback) + ", ";
    Task task = bundle.pipeline().task();
    if (fallback.pipeline().task() != task) {
      throw new IllegalArgumentException(intro + "which does " + fallback.pipeline().task() + ", and bundle " + LimitFacts.name(bundle)
          + " does " + task + "; a fallback model must do the same task");
    }
    if (task == Task.CLASSIFICATION && !fallback.pipeline().classes().equals(bundle.pipeline().classes())) {
      throw new IllegalArgumentException(intro + "which predicts the classes " + fallback.pipeline().classes() + ", and bundle "
          + LimitFacts.name(bundle) + " predicts " + bundle.pipeline().classes() + "; a fallback model must predict the same classes");
    }
    Schema schema = bundle.inputSchema();
    List<String> differences = new ArrayList<>();
    for (Schema.Field field : fallback.inputSchema().columns()) {
      Optional<Schema.Field> mine = schema.column(field.name());
      if (mine.isEmpty()) {
        differences.add("'" + field.name() + "' (" + field.type() + "), which bundle " + LimitFacts.name(bundle) + " does not read");
      } else if (mine.get().type() != field.type()) {
        differences.add("'" + field.name() + "' as " + field.type() + ", which bundle " + LimitFacts.name(bundle) + " reads as "
            + mine.get().type());
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(intro + "which reads " + String.join(" and ", differences) + "; a fallback model must"
          + " read only columns of the requests it answers, with the same types");
    }
  }

  private Prediction profileBaseline(ModelBundle bundle) {
    String target = bundle.pipeline().target();
    String fix = "; give the baseline yourself, e.g. Fallback.baseline(Map.of(\"good\", 0.7)) or Fallback.baseline(1200.0)";
    Optional<Profile> profile = bundle.profile();
    if (profile.isEmpty()) {
      throw new IllegalArgumentException("Fallback.baseline() needs the training target's profile, and bundle " + LimitFacts.name(bundle)
          + " has no profile (it was written before profiles were recorded)" + fix);
    }
    ColumnProfile column = profile.get().column(target).orElse(null);
    if (bundle.pipeline().task() == Task.REGRESSION && column instanceof ColumnProfile.Numeric n && !Double.isNaN(n.mean())) {
      return Prediction.regression(n.mean(), bundle.id());
    }
    if (bundle.pipeline().task() == Task.CLASSIFICATION && column instanceof ColumnProfile.Categorical c && c.rows() > c.missing()) {
      double known = c.rows() - c.missing();
      Map<String, Double> shares = new LinkedHashMap<>();
      for (ColumnProfile.ValueCount v : c.topValues()) {
        shares.put(v.value(), v.count() / known);
      }
      boolean complete = c.distinct() <= c.topValues().size();
      for (String label : bundle.pipeline().classes()) {
        if (complete) {
          shares.putIfAbsent(label, 0.0);   // a class without training rows
        }
      }
      return classification(bundle, shares, bundle.id(), "the profile's class shares");
    }
    throw new IllegalArgumentException("Fallback.baseline() needs the training target's " + (bundle.pipeline().task() == Task.REGRESSION
        ? "mean" : "class counts") + ", and the profile of bundle " + LimitFacts.name(bundle) + " holds target '" + target + "' "
        + (column == null ? "not at all" : "as " + column.type() + (column.rows() == column.missing() ? " without values" : ""))
        + fix);
  }

  private Map<String, Double> ruleProbabilities(Predictor predictor, Map<String, ?> request) {
    Map<String, Double> given = classRule.apply(request);
    if (given == null) {
      throw new IllegalStateException("fallback rule '" + name + "' gave null; a rule must give class probabilities of "
          + predictor.bundle().pipeline().classes() + ", e.g. Map.of(\"" + predictor.bundle().pipeline().classes().get(0) + "\", 0.6)");
    }
    return given;
  }

  private double ruleValue(Map<String, ?> request) {
    double x = valueRule.applyAsDouble(request);
    if (!Double.isFinite(x)) {
      throw new IllegalStateException("fallback rule '" + name + "' gave " + x + "; a value rule must give a finite value");
    }
    return x;
  }

  private Prediction classification(Predictor predictor, Map<String, Double> given, String bundleId) {
    return classification(predictor.bundle(), given, bundleId, "fallback rule '" + name + "'");
  }

  /**
   * A classification prediction of {@code given} probabilities in the bundle's class order,
   * classes left out sharing what remains of 1.
   */
  private static Prediction classification(ModelBundle bundle, Map<String, Double> given, String bundleId, String what) {
    List<String> classes = bundle.pipeline().classes();
    String problem = probabilityProblem(given);
    if (problem == null) {
      for (String label : given.keySet()) {
        if (!classes.contains(label)) {
          problem = "names class '" + label + "'";
        }
      }
    }
    double sum = given.values().stream().mapToDouble(Double::doubleValue).sum();
    if (problem == null && given.size() == classes.size() && Math.abs(sum - 1) > SUM_TOLERANCE) {
      problem = "sums to " + sum + " over every class";
    }
    if (problem != null) {
      String message = what + " gave " + given + ", which " + problem + "; bundle " + LimitFacts.name(bundle) + " predicts the classes "
          + classes + ": give probabilities of those between 0 and 1 that sum to 1 (classes left out share what remains)";
      throw what.startsWith("fallback rule") ? new IllegalStateException(message) : new IllegalArgumentException(message);
    }
    double rest = given.size() == classes.size() ? 0 : Math.max(0, 1 - sum) / (classes.size() - given.size());
    double[] p = new double[classes.size()];
    for (int c = 0; c < p.length; c++) {
      Double q = given.get(classes.get(c));
      p[c] = q == null ? rest : q;
    }
    return Prediction.classification(classes, p, bundleId);
  }

  /** What is wrong with class probabilities on their own, or null. */
  private static String probabilityProblem(Map<String, Double> given) {
    if (given.isEmpty()) {
      return "is empty";
    }
    double sum = 0;
    for (Map.Entry<String, Double> e : given.entrySet()) {
      Double p = e.getValue();
      if (e.getKey() == null) {
        return "names a null class";
      }
      if (p == null || !(p >= 0 && p <= 1)) {
        return "gives class '" + e.getKey() + "' the probability " + p;
      }
      sum += p;
    }
    return sum > 1 + SUM_TOLERANCE ? "sums to " + sum : null;
  }

  private static String checkName(String name, String example) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the fallback's name is " + (name == null ? "null" : "blank")
          + "; give the name its answers carry, e.g. " + example);
    }
    return name;
  }

  @Override
  public String toString() {
    return "Fallback[" + switch (kind) {
      case ABSTAIN -> "abstain";
      case MODEL -> "'" + name + "': bundle " + LimitFacts.name(other.bundle());
      case CLASS_RULE, VALUE_RULE -> "rule '" + name + "'";
      case BASELINE -> "baseline from the profile";
      case CLASS_BASELINE -> "baseline " + classes;
      case VALUE_BASELINE -> "baseline " + LimitFacts.number(value);
    } + "]";
  }
}
