package org.mlengine.eval;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Task;

/**
 * Metrics in the business's own units (a cost matrix, a user's function of the outcomes) and a
 * decision threshold tuned for them on the validation part.
 *
 * <pre>{@code
 * // A missed default costs 10, a refused good customer 1 (cost[true][predicted]).
 * Metric cost = Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 10}, {1, 0}});
 * PipelineResult result = Pipeline.builder()
 *     ...
 *     .split(Split.stratified(0.8).validation(0.1))
 *     .build()
 *     .fit(table);
 * Threshold t = Business.chooseThreshold(result, cost);      // validation rows only
 * double testCost = t.evaluate(cost, result.testOutcomes()); // report once
 * }</pre>
 *
 * <p>Every function rejects input it cannot use with an {@link IllegalArgumentException} whose
 * message says what was wrong, what was expected and how to fix it.
 *
 * @since 0.1
 */
public final class Business {
  private static final String OF = "Business.of";
  private static final String CHOOSE = "Business.chooseThreshold";

  private Business() {}

  /**
   * The mean cost per row of a classifier's predicted classes ({@code "mean_cost"}): the
   * average over the rows of {@code cost[true class][predicted class]}, with the predicted
   * class the most probable one ({@link Outcomes#predictedClasses()}, or the thresholded one
   * through {@link Threshold#evaluate}). A mean, not a total, so that parts of different sizes
   * compare; multiply by {@code outcomes.size()} for the total. A loss: {@code
   * greaterIsBetter()} is false. Negative entries are gains.
   *
   * <pre>{@code
   * Metric cost = Business.costMatrix(List.of("bad", "good"), new double[][] {{0, 10}, {1, 0}});
   * }</pre>
   *
   * @param classes the class labels; the outcomes must have the same classes, in any order
   * @param cost a k × k matrix, {@code cost[t][p]} the cost of predicting {@code classes[p]}
   *     for a row of {@code classes[t]}; copied
   * @return the metric
   * @throws IllegalArgumentException if an argument is null, a label repeats, the matrix is not
   *     k × k or an entry is NaN or infinite
   */
  public static Metric costMatrix(List<String> classes, double[][] cost) {
    CostMatrix matrix = new CostMatrix(classes, cost);
    return new OutcomeMetric("mean_cost", Task.CLASSIFICATION, false, matrix::meanCost);
  }

  /**
   * A metric from a function of the outcomes, for any task; the function reads what it needs
   * ({@code predictedClasses()}, {@code probabilities(c)}, {@code predictedValues()}).
   *
   * <pre>{@code
   * // Profit: 50 per approved good customer, -200 per approved bad one.
   * Metric profit = Business.of("profit", o -> {
   *   int[] t = o.trueClasses(), p = o.predictedClasses();
   *   double sum = 0;
   *   for (int i = 0; i < t.length; i++) if (p[i] == 1) sum += t[i] == 1 ? 50 : -200;
   *   return sum;
   * }, true);
   * }</pre>
   *
   * @param name the name it is reported under, not blank
   * @param function the value on non-empty outcomes; NaN is refused at evaluation
   * @param greaterIsBetter true for a gain, false for a cost or loss
   * @return the metric
   * @throws IllegalArgumentException if name is null or blank or function is null
   */
  public static Metric of(String name, ToDoubleFunction<Outcomes> function, boolean greaterIsBetter) {
    Check.argument(
        name != null && !name.isBlank(),
        "%s: name is %s; expected the name to report the metric under, e.g. \"profit\"",
        OF, name == null ? "null" : "blank");
    Check.notNull(function, OF, "function", "a ToDoubleFunction<Outcomes> computing the metric");
    return new FunctionMetric(name, function, greaterIsBetter);
  }

  /**
   * The decision threshold on P(positive) that optimises {@code objective} on the pipeline's
   * validation part, and only there: the test part stays untouched for the final report. The
   * positive class is the second class, {@code classes().get(1)}; a row is positive when
   * P(positive) ≥ threshold.
   *
   * <p>Candidates are 0 (every row positive), every distinct validation score and 1; the
   * objective is evaluated on the thresholded validation outcomes at each ({@link
   * Threshold#apply}), O(candidates × rows). Ties: among candidates with the best value the
   * lowest threshold wins.
   *
   * <pre>{@code
   * Threshold t = Business.chooseThreshold(result, Metrics.f1(Average.BINARY));
   * }</pre>
   *
   * @param result a fitted binary classifier's result with a validation part
   * @param objective the metric to optimise, maximised if {@code greaterIsBetter()} else
   *     minimised
   * @return the threshold, its validation value and the positive class
   * @throws IllegalArgumentException if an argument is null, the result has no validation part,
   *     the outcomes are not binary classification, or the objective is undefined (NaN) at a
   *     candidate
   */
  public static Threshold chooseThreshold(PipelineResult result, Metric objective) {
    Check.notNull(result, CHOOSE, "result", "the PipelineResult of Pipeline.fit");
    Check.notNull(objective, CHOOSE, "objective", "a Metric such as Metrics.f1(Average.BINARY)");
    Optional<Outcomes> validation = result.validationOutcomes();
    Check.argument(
        validation.isPresent(),
        "%s: the result has no validation part; expected validation outcomes to tune the "
            + "threshold on (never the test part) — fit with a validation part, e.g. "
            + ".split(Split.stratified(0.8).validation(0.1))",
        CHOOSE);
    return choose(validation.get(), objective);
  }

  /** The search on the given (validation) outcomes. */
  static Threshold choose(Outcomes validation, Metric objective) {
    Check.argument(
        validation.task() == Task.CLASSIFICATION && validation.classes().size() == 2,
        "%s: the validation outcomes are %s; expected a binary classifier's (two classes) — "
            + "a threshold on P(positive) needs two classes; for more, use the most probable "
            + "class",
        CHOOSE,
        validation.task() == Task.CLASSIFICATION
            ? validation.classes().size() + " classes " + validation.classes()
            : "REGRESSION");
    Check.argument(
        objective.supports(Task.CLASSIFICATION),
        "%s: %s does not support classification; expected a classification metric, e.g. "
            + "Metrics.f1(Average.BINARY) or Business.costMatrix(...)",
        CHOOSE, objective.name());
    Check.notEmpty(CHOOSE, validation.size());
    String positive = validation.classes().get(1);
    Threshold best = null;
    for (double t : candidates(validation)) {
      Threshold candidate = new Threshold(t, positive, objective.name(), 0.0);
      double value = candidate.evaluate(objective, validation);
      Check.argument(
          !Double.isNaN(value),
          "%s: %s is NaN at threshold %s on the validation outcomes; expected a number at "
              + "every candidate — choose an objective defined for every split of the rows",
          CHOOSE, objective.name(), t);
      if (best == null
          || (objective.greaterIsBetter()
              ? value > best.validationValue()
              : value < best.validationValue())) {
        best = new Threshold(t, positive, objective.name(), value);
      }
    }
    return best;
  }

  /** 0, every distinct score of the positive class, and 1, ascending. */
  static double[] candidates(Outcomes validation) {
    TreeSet<Double> cuts = new TreeSet<>();
    cuts.add(0.0);
    cuts.add(1.0);
    for (double p : validation.probabilities(1)) {
      Check.argument(
          p >= 0.0 && p <= 1.0,
          "%s: a validation probability is %s; expected probabilities in [0, 1] — the "
              + "threshold cuts P(positive)",
          CHOOSE, p);
      cuts.add(p == 0.0 ? 0.0 : p); // -0.0 and 0.0 are one cut
    }
    return cuts.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
