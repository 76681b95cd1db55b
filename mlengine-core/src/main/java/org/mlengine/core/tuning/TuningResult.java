package org.mlengine.core.tuning;

import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.ReportInputs;
import org.mlengine.runtime.Table;
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

  /**
   * Writes the evaluation report of the winner ({@link #result()}) with this search's trials and
   * the worst slices of the held-out rows of {@code table}; see {@link
   * PipelineResult#report(java.nio.file.Path, Table)}.
   *
   * <pre>{@code
   * TuningResult tuned = Tuner.random(20).param("C", 0.01, 10).metric(auc).fit(p -> pipeline(p), credit);
   * tuned.report(Path.of("target/report"), credit);
   * }</pre>
   *
   * @param directory where to write {@code report.html} and {@code report.json}; created if missing
   * @param table the table given to {@code fit}
   * @return the paths of the two files
   * @throws IllegalArgumentException when the table is not the one given to {@code fit}
   * @throws IllegalStateException when mlengine-eval is not on the class path
   * @throws java.io.IOException when the files cannot be written
   */
  public ReportFiles report(java.nio.file.Path directory, Table table) throws java.io.IOException {
    java.util.Objects.requireNonNull(directory, "tuned.report(directory, table) needs the directory to write report.html into;"
        + " got null");
    java.util.Objects.requireNonNull(table, "tuned.report(directory, table) needs the table given to Tuner.fit, whose held-out"
        + " rows it slices; got null");
    return result.writeReport(directory, ReportInputs.none().withTable(table).withTuning(this),
        "tuned.report(" + directory + ", table)");
  }
}
