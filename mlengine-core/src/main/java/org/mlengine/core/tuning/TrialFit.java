package org.mlengine.core.tuning;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.mlengine.core.Pipeline;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Table;

/**
 * One fold of one candidate in one round of a {@link Tuner}: what a {@link TrialExecutor} runs,
 * on any machine that has the tuner's function and table. {@link #run} builds the candidate's
 * pipeline, finds the fold's rows exactly as the tuner does (the split, the fold, the halving
 * round's sample, all from the seeds), fits the pipeline on them and returns the held-out rows'
 * outcomes; the tuner scores its metric on those.
 *
 * <pre>{@code
 * TrialFit.Result result = fit.run(pipelineOf, table);   // on an executor
 * Outcomes heldOut = result.outcomes();
 * }</pre>
 *
 * <p>It is {@link Serializable} so that an executor can be sent it (its parameter values must be
 * serializable too: numbers and text are); it holds no rows.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class TrialFit implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private final int candidate;
  private final int round;
  private final Tuner.Params params;
  private final int folds;
  private final int rows;
  private final long sampleSeed;
  private final int unit;

  TrialFit(int candidate, int round, Tuner.Params params, int folds, int rows, long sampleSeed, int unit) {
    this.candidate = candidate;
    this.round = round;
    this.params = params;
    this.folds = folds;
    this.rows = rows;
    this.sampleSeed = sampleSeed;
    this.unit = unit;
  }

  /** The candidate's index in trial order. */
  public int candidate() {
    return candidate;
  }

  /** The successive-halving round, from 0 (always 0 for grid and random search). */
  public int round() {
    return round;
  }

  /** The fold (or 0, the validation part), from 0. */
  public int fold() {
    return unit;
  }

  /** The candidate's parameters. */
  public Tuner.Params params() {
    return params;
  }

  /**
   * Fits the candidate's pipeline on this fold's rows of {@code table} and scores the fold's
   * held-out rows, as the tuner's own threads do; the result depends only on the function, the
   * table and this fit, never on where or when it runs.
   *
   * @param pipelineOf the function given to the tuner; it must build the same pipeline for the
   *     same parameters wherever it runs
   * @param table the table given to the tuner (an equal copy elsewhere)
   */
  public Result run(Function<Tuner.Params, Pipeline> pipelineOf, Table table) {
    Pipeline pipeline = Objects.requireNonNull(pipelineOf.apply(params), "the function returned null for " + params.values());
    Tuner.Search search = Tuner.Search.of(pipeline, table, folds);
    Tuner.Search sample = search.subsample((double) rows / search.rows(), sampleSeed);
    long start = System.nanoTime();
    Outcomes outcomes = TrialRunner.outcomes(pipeline, sample.units().get(unit));
    return new Result(outcomes, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The exception the tuner throws when this fit threw {@code cause}: an
   * IllegalArgumentException for an IllegalArgumentException, else an IllegalStateException,
   * saying {@code "the trial with {params} failed: "} and the cause's message.
   */
  public RuntimeException failed(Throwable cause) {
    return TrialRunner.failure(params, cause);
  }

  @Override
  public String toString() {
    return "trial fit of candidate " + candidate + " " + params.values() + ", round " + round + ", fold " + unit;
  }

  /**
   * What one fit gives back: the held-out rows' outcomes and how long fitting and scoring took.
   *
   * <pre>{@code
   * new TrialFit.Result(outcomes, Duration.ofMillis(12))
   * }</pre>
   *
   * @param outcomes the held-out rows' true targets and predictions
   * @param duration the fit's and the scoring's wall-clock time
   */
  public record Result(Outcomes outcomes, Duration duration) {
    /** Checks that both are given. */
    public Result {
      Objects.requireNonNull(outcomes, "a trial fit's result needs the held-out outcomes; got null");
      Objects.requireNonNull(duration, "a trial fit's result needs its duration; got null");
    }
  }
}
