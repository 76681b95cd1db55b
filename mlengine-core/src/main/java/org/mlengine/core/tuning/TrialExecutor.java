package org.mlengine.core.tuning;

import java.util.List;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.Table;

/**
 * Where a {@link Tuner}'s trials run when not on its own threads: given one round's fits (one
 * fold of one candidate each), it runs {@link TrialFit#run} for every one, anywhere (mlengine-spark
 * runs them as Spark tasks), and hands back their results in order. The tuner does everything
 * else as it does locally (draws the candidates, ranks them, picks each halving round's
 * survivors, scores the metric on the results and refits the winner), so the winner and the
 * scores are those of {@link Tuner#fit(Function, Table)}.
 *
 * <pre>{@code
 * TrialExecutor inOrder = (fits, pipelineOf, table) ->
 *     fits.stream().map(f -> f.run(pipelineOf, table)).toList();
 * TuningResult tuned = Tuner.grid().param("depth", 2, 4).metric(Metrics.rocAuc())
 *     .fit(pipelineOf, table, inOrder);
 * }</pre>
 *
 * <p>The tuner calls {@link #run} once per round (once for grid and random search, once per
 * round of successive halving), from the thread that called {@code fit}, with the same function
 * and table each time: an executor may ship them once and keep them for the next round.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface TrialExecutor {

  /**
   * Runs every fit with {@link TrialFit#run(Function, Table)} and returns the results in the
   * order of {@code fits}.
   *
   * @param fits one round's fits, at least one
   * @param pipelineOf the function given to the tuner
   * @param table the table given to the tuner
   * @return one result per fit, in order
   * @throws RuntimeException when a fit throws: {@link TrialFit#failed(Throwable)} of what it
   *     threw, which names the trial's parameters as the local tuner does
   */
  List<TrialFit.Result> run(List<TrialFit> fits, Function<Tuner.Params, Pipeline> pipelineOf, Table table);
}
