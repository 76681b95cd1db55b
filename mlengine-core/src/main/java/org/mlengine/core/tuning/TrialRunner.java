package org.mlengine.core.tuning;

import org.mlengine.core.Pipeline;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Table;
import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mlengine.core.internal.DaemonThreads;
import java.util.function.Consumer;

/**
 * Runs a {@link Tuner}'s trials on a bounded pool of threads, round by round for successive
 * halving, and ranks them. A trial's result depends only on its pipeline and the rows it is
 * given, never on which thread ran it or when.
 */
final class TrialRunner {
  /**
   * The JDK's logging facade: no dependency, and an application routes it to its own logging
   * (SLF4J, Log4j, JUL) through a {@code System.LoggerFinder} without the library choosing.
   */
  private static final System.Logger LOG = System.getLogger(Tuner.class.getName());
  /** The least time between two progress lines in the log (the first and last trial always log). */
  static final Duration LOG_EVERY = Duration.ofSeconds(5);

  private final Metric metric;
  private final int threads;
  private final long seed;
  private final boolean quiet;
  private final Consumer<TuningProgress> listener;

  TrialRunner(Metric metric, int threads, long seed, boolean quiet, Consumer<TuningProgress> listener) {
    this.metric = metric;
    this.threads = threads;
    this.seed = seed;
    this.quiet = quiet;
    this.listener = listener;
  }

  /**
   * The successive-halving schedule of scikit-learn's {@code BaseSuccessiveHalving} with
   * {@code factor=3}, {@code resource='n_samples'}, {@code min_resources='exhaust'} and no
   * aggressive elimination: the smallest resource is 2 rows per fold (times the classes for
   * classification), raised so that the last required round can use all rows; the rounds are
   * the fewer of those the candidates need (1 + floor(log3 candidates)) and those the rows allow.
   * Logarithms are taken exactly on whole numbers (scikit-learn's floating-point {@code log}
   * gives one round fewer at some powers of 3, e.g. 243 candidates).
   *
   * @param candidates per round: the first is all of them, each next one ceil(previous / 3)
   * @param rows per round: min * 3^round, at most all of them
   */
  record Schedule(List<Integer> candidates, List<Integer> rows) {

    static Schedule halving(int candidates, int maxRows, int splits, int classes) {
      int min = splits * 2 * Math.max(1, classes);
      int required = 1 + floorLog(candidates);
      min = Math.max(min, (int) (maxRows / pow(required - 1)));
      checkArgument(min <= maxRows, "successive halving starts each candidate on %s rows (2 per fold%s), but the training side has"
          + " %s; give more data, fewer folds, or use Tuner.grid()", min, classes > 0 ? " per class" : "", maxRows);
      int possible = 1 + floorLog(maxRows / min);
      int rounds = Math.min(possible, required);
      List<Integer> c = new ArrayList<>();
      List<Integer> r = new ArrayList<>();
      int n = candidates;
      for (int i = 0; i < rounds; i++) {
        c.add(n);
        r.add((int) Math.min(min * pow(i), maxRows));
        n = (n + Tuner.FACTOR - 1) / Tuner.FACTOR;
      }
      return new Schedule(List.copyOf(c), List.copyOf(r));
    }

    /** One round with every candidate on every row. */
    static Schedule single(int candidates, int rows) {
      return new Schedule(List.of(candidates), List.of(rows));
    }

    int total() {
      return candidates.stream().mapToInt(Integer::intValue).sum();
    }

    /** Rows fitted over the whole search: candidates times rows, summed over the rounds. */
    long work() {
      long out = 0;
      for (int i = 0; i < candidates.size(); i++) {
        out += (long) candidates.get(i) * rows.get(i);
      }
      return out;
    }

    private static long pow(int exponent) {
      long out = 1;
      for (int i = 0; i < exponent; i++) {
        out *= Tuner.FACTOR;
      }
      return out;
    }

    /** The largest p with 3^p &lt;= x, for x &gt;= 1. */
    private static int floorLog(long x) {
      int p = 0;
      for (long v = Tuner.FACTOR; v <= x; v *= Tuner.FACTOR) {
        p++;
      }
      return p;
    }
  }

  /** One candidate's scores in one round, before ranking. */
  private record Scored(int candidate, int round, int rows, List<Double> scores, Duration duration) {
    double mean() {
      return scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double sd() {
      double m = mean();
      return Math.sqrt(scores.stream().mapToDouble(s -> (s - m) * (s - m)).average().orElse(Double.NaN));
    }
  }

  /**
   * The tuner's function, table and folds, and where the trials go: what a {@link TrialExecutor}
   * needs to run a round's fits elsewhere.
   */
  record Remote(TrialExecutor executor, java.util.function.Function<Tuner.Params, Pipeline> pipelineOf, Table table, int folds) {}

  /**
   * Scores every candidate, round by round, on this runner's threads, or with {@code remote}'s
   * executor when it is not null; either way the same scores and ranks.
   */
  List<Trial> run(List<Tuner.Params> drawn, List<Pipeline> pipelines, Tuner.Search search, boolean halving, boolean classification,
      Remote remote) {
    Schedule schedule = halving
        ? Schedule.halving(drawn.size(), search.rows(), search.units().size(), classification ? search.classes() : 0)
        : Schedule.single(drawn.size(), search.rows());
    Progress progress = new Progress(schedule.total(), schedule.work());
    List<Scored> all = new ArrayList<>();
    List<Integer> alive = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      alive.add(i);
    }
    ExecutorService pool = remote != null ? null
        : Executors.newFixedThreadPool(Math.min(threads, drawn.size()), DaemonThreads.named("mlengine-tuner"));
    try {
      for (int round = 0; round < schedule.candidates().size(); round++) {
        int rows = schedule.rows().get(round);
        List<Scored> scored = new ArrayList<>();
        if (remote != null) {
          scored.addAll(remoteRound(remote, drawn, alive, round, rows, search.units().size(), progress));
        } else {
          Tuner.Search sample = search.subsample((double) rows / search.rows(), Tuner.mix(seed, round));
          List<Future<Scored>> futures = new ArrayList<>();
          for (int candidate : alive) {
            int r = round;
            futures.add(pool.submit(() -> progress.done(score(candidate, r, rows, pipelines.get(candidate), sample))));
          }
          for (int i = 0; i < futures.size(); i++) {
            scored.add(await(futures.get(i), drawn.get(alive.get(i))));
          }
        }
        all.addAll(scored);
        scored.sort(best());
        int keep = (scored.size() + Tuner.FACTOR - 1) / Tuner.FACTOR;
        alive = scored.subList(0, keep).stream().map(Scored::candidate).sorted().toList();
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    if (all.stream().allMatch(s -> Double.isNaN(s.mean()))) {
      throw new IllegalArgumentException("metric '" + metric.name() + "' could not be computed for any candidate on any fold; check"
          + " that it suits the target (e.g. ROC AUC needs both classes in every fold)");
    }
    List<Scored> ranked = new ArrayList<>(all);
    ranked.sort(Comparator.comparingInt(Scored::round).reversed().thenComparing(best()));
    List<Trial> out = new ArrayList<>();
    for (Scored s : all) {
      out.add(new Trial(s.candidate(), s.round(), drawn.get(s.candidate()).values(), s.rows(), s.scores(), s.mean(), s.sd(),
          s.duration(), ranked.indexOf(s) + 1));
    }
    return out;
  }

  /** Best mean first (NaN last), then the lower candidate index. */
  private Comparator<Scored> best() {
    Comparator<Scored> byMean = (a, b) -> {
      double x = a.mean();
      double y = b.mean();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
      }
      return metric.greaterIsBetter() ? Double.compare(y, x) : Double.compare(x, y);
    };
    return byMean.thenComparingInt(Scored::candidate);
  }

  /** Fits the whole pipeline on each unit's fitting rows and scores its held-out rows. */
  private Scored score(int candidate, int round, int rows, Pipeline pipeline, Tuner.Search search) {
    long start = System.nanoTime();
    List<Double> scores = new ArrayList<>();
    for (Tuner.Search.Unit unit : search.units()) {
      scores.add(evaluate(outcomes(pipeline, unit)));
    }
    return new Scored(candidate, round, rows, scores, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The held-out rows' outcomes of the pipeline fitted on one unit's fitting rows: one fold of one trial. */
  static Outcomes outcomes(Pipeline pipeline, Tuner.Search.Unit unit) {
    FittedPipeline fitted = pipeline.fitOn(unit.table(), unit.fit());
    Table heldOut = unit.table().rows(unit.scored().toArray());
    return Outcomes.of(fitted.scoreRows(unit.table(), unit.scored().toArray()), heldOut, pipeline.target());
  }

  /**
   * One round on a {@link TrialExecutor}: a fit for every fold of every candidate still in, in
   * candidate order then fold order; the metric scored here on what they give back, so a
   * candidate's scores are those its local trial would give. Its duration is the sum of its
   * fits' (the local trial fits its folds one after another).
   */
  private List<Scored> remoteRound(Remote remote, List<Tuner.Params> drawn, List<Integer> alive, int round, int rows, int units,
      Progress progress) {
    List<TrialFit> fits = new ArrayList<>();
    long sampleSeed = Tuner.mix(seed, round);
    for (int candidate : alive) {
      for (int u = 0; u < units; u++) {
        fits.add(new TrialFit(candidate, round, drawn.get(candidate), remote.folds(), rows, sampleSeed, u));
      }
    }
    List<TrialFit.Result> results = remote.executor().run(List.copyOf(fits), remote.pipelineOf(), remote.table());
    checkArgument(results != null && results.size() == fits.size(), "the TrialExecutor %s returned %s results for %s fits;"
        + " it must return one result per fit, in order", remote.executor(), results == null ? "null" : results.size(), fits.size());
    List<Scored> out = new ArrayList<>();
    for (int i = 0; i < alive.size(); i++) {
      List<Double> scores = new ArrayList<>();
      Duration duration = Duration.ZERO;
      for (int u = 0; u < units; u++) {
        TrialFit.Result result = results.get(i * units + u);
        scores.add(evaluate(result.outcomes()));
        duration = duration.plus(result.duration());
      }
      out.add(progress.done(new Scored(alive.get(i), round, rows, scores, duration)));
    }
    return out;
  }

  /** The metric, or NaN where it is undefined on these rows (a fold with one class for ROC AUC), as scikit-learn's error_score. */
  private double evaluate(Outcomes outcomes) {
    try {
      return metric.evaluate(outcomes);
    } catch (IllegalArgumentException undefined) {
      return Double.NaN;
    }
  }

  private static Scored await(Future<Scored> future, Tuner.Params params) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while tuning", e);
    } catch (ExecutionException e) {
      throw failure(params, e.getCause());
    }
  }

  /** What the tuner throws when a trial with these parameters threw {@code cause}. */
  static RuntimeException failure(Tuner.Params params, Throwable cause) {
    String message = "the trial with " + params.values() + " failed: " + cause.getMessage();
    if (cause instanceof IllegalArgumentException) {
      return new IllegalArgumentException(message, cause);
    }
    return new IllegalStateException(message, cause);
  }

  /**
   * Counts finished trials and reports them: to the listener after every trial, and unless quiet
   * as an INFO line on the {@code org.mlengine.core.tuning.Tuner} {@link System.Logger} for the
   * first trial, the last, and at most one in between every {@link #LOG_EVERY}. Library code
   * never writes to System.out or System.err: the application's logging decides where the lines
   * go, and a command line that wants a live bar on a terminal draws one from {@link
   * Tuner#onProgress}.
   */
  private final class Progress {
    private final int total;
    private final long work;
    private final long start = System.nanoTime();
    private int done;
    private long worked;
    private double best = Double.NaN;
    private long lastLogged = Long.MIN_VALUE;

    Progress(int total, long work) {
      this.total = total;
      this.work = work;
    }

    synchronized Scored done(Scored s) {
      done++;
      worked += s.rows();
      double mean = s.mean();
      if (!Double.isNaN(mean) && (Double.isNaN(best) || (metric.greaterIsBetter() ? mean > best : mean < best))) {
        best = mean;
      }
      long now = System.nanoTime();
      Duration elapsed = Duration.ofNanos(now - start);
      // Trials of later halving rounds fit more rows, so time left goes by rows still to fit.
      Duration remaining = elapsed.multipliedBy(work - worked).dividedBy(worked);
      TuningProgress p = new TuningProgress(done, total, metric.name(), best, elapsed, remaining);
      listener.accept(p);
      if (!quiet && (done == 1 || done == total || now - lastLogged >= LOG_EVERY.toNanos())) {
        lastLogged = now;
        LOG.log(System.Logger.Level.INFO, () -> "tuning: " + p.describe());
      }
      return s;
    }
  }
}
