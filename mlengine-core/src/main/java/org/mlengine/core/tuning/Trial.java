package org.mlengine.core.tuning;

import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One candidate scored in one round of a {@link Tuner}: its parameters, the metric on each fold
 * (or on the validation part), their mean and standard deviation, how long it took and its rank.
 *
 * <pre>{@code
 * for (Trial t : tuned.trials()) {
 *   System.out.println(t.rank() + " " + t.params() + " " + t.mean() + " ± " + t.sd());
 * }
 * }</pre>
 *
 * @param candidate the candidate's index in trial order (grid order, or draw order)
 * @param round the successive-halving round, from 0 (always 0 for grid and random search)
 * @param params the parameter values, in declaration order
 * @param rows the training-side rows the round used (scikit-learn's {@code n_resources}); all of
 *     them outside successive halving
 * @param scores the metric on each fold, or the one score on the validation part
 * @param mean the mean of {@code scores} (NaN when the metric was undefined on a fold)
 * @param sd the population standard deviation of {@code scores}, as scikit-learn's
 *     {@code std_test_score}
 * @param duration the wall-clock time of fitting and scoring every fold
 * @param rank 1 for the winner; later rounds rank before earlier ones, then by mean, best first,
 *     then by candidate index
 */
public record Trial(int candidate, int round, Map<String, Object> params, int rows, List<Double> scores, double mean, double sd,
    Duration duration, int rank) {

  /** Copies the parameters and scores into immutable collections. */
  public Trial {
    params = ImmutableMap.copyOf(params);
    scores = List.copyOf(scores);
  }

  /** The trial as JSON-ready values (numbers, strings, lists, maps), for reports; NaN scores become null. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("candidate", candidate);
    out.put("round", round);
    out.put("params", params);
    out.put("rows", rows);
    List<Object> s = new ArrayList<>();
    scores.forEach(v -> s.add(orNull(v)));
    out.put("scores", s);
    out.put("mean", orNull(mean));
    out.put("sd", orNull(sd));
    out.put("durationMillis", duration.toMillis());
    out.put("rank", rank);
    return out;
  }

  private static Object orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
