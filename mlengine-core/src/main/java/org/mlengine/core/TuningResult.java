package org.mlengine.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Tuner} returns: the winning parameters and pipeline, every trial, and the
 * winner refitted with {@link Pipeline#fit(Table)}, the only fit that scores the test part.
 *
 * <pre>{@code
 * TuningResult tuned = Tuner.grid().param("depth", 2, 4, 8).metric(auc).fit(p -> pipeline(p), table);
 * tuned.best().integer("depth");
 * tuned.result().metrics();              // the winner on the test part
 * tuned.result().bundle().save(path);
 * }</pre>
 *
 * @param metric the name of the metric candidates were ranked by
 * @param best the winning parameters
 * @param bestPipeline the pipeline the function built from them
 * @param trials every trial, by round and then candidate index
 * @param result {@code bestPipeline.fit(table)}
 */
public record TuningResult(String metric, Tuner.Params best, Pipeline bestPipeline, List<Trial> trials, PipelineResult result) {

  /** Copies the trials into an immutable list. */
  public TuningResult {
    trials = List.copyOf(trials);
  }

  /** The candidates scored in each round (one round outside successive halving). */
  public List<Integer> candidatesPerRound() {
    List<Integer> out = new ArrayList<>();
    for (Trial t : trials) {
      while (out.size() <= t.round()) {
        out.add(0);
      }
      out.set(t.round(), out.get(t.round()) + 1);
    }
    return List.copyOf(out);
  }

  /** The training-side rows each round used (scikit-learn's {@code n_resources_}). */
  public List<Integer> rowsPerRound() {
    List<Integer> out = new ArrayList<>();
    for (Trial t : trials) {
      if (out.size() <= t.round()) {
        out.add(t.rows());
      }
    }
    return List.copyOf(out);
  }

  /** The search as JSON-ready values, for reports: metric, best parameters and every trial. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("metric", metric);
    out.put("best", best.values());
    out.put("trials", trials.stream().map(Trial::toMap).toList());
    return out;
  }
}
