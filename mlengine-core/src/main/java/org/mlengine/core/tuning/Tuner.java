package org.mlengine.core.tuning;

import org.mlengine.core.Partition;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.spi.Metric;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Targets;
import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Model selection: tries named parameter values in a pipeline built by a function of them,
 * scores every candidate on the training side only and refits the winner. Grid search, random
 * search and successive halving (scikit-learn's {@code HalvingGridSearchCV} /
 * {@code HalvingRandomSearchCV} with {@code resource='n_samples'}, factor 3) over any trainer or
 * extractor option the function reads.
 *
 * <pre>{@code
 * TuningResult tuned = Tuner.grid()
 *     .param("smoothing", 1.0, 10.0, 100.0)
 *     .param("maxDepth", 3, 5, 8)
 *     .metric(Metrics.rocAuc())
 *     .folds(5)
 *     .threads(2)
 *     .fit(p -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
 *         .add(Features.meanEncoding("Job").smoothing(p.number("smoothing")))
 *         .trainer(Trainers.cart().maxDepth(p.integer("maxDepth"))).seed(42).build(), table);
 * tuned.best();      // the winning parameters
 * tuned.trials();    // every trial: parameters, fold scores, mean, sd, duration, rank
 * tuned.result();    // the winner refitted on the whole training part and scored on the test part
 * }</pre>
 *
 * <p>Every candidate must have the same target, split and seed. A candidate is scored on the
 * split's validation part when it has one, otherwise by k-fold inside the training part with
 * folds of the split's kind (group folds for a group split, time-ordered folds for a time
 * split); each fold refits the whole pipeline, every step and the trainer. The test part is
 * used once, by the winner's final fit. A candidate that stops early or calibrates does so on
 * the validation part it is scored on (as XGBoost's early stopping on a fixed evaluation set
 * does), so its validation score is optimistic; the winner's test score is not. Trials run on a
 * bounded pool of threads and give the same results on any number of them.
 *
 * <p>Progress goes to the {@link System.Logger} named {@code org.mlengine.core.tuning.Tuner} at
 * INFO: the first and last trial and at most one line every five seconds in between, e.g.
 * {@code "tuning: trial 3/9, best roc_auc 0.8123, about 12 s left"}. The library never prints;
 * {@link #onProgress} gets every trial (to draw a progress bar, say) and {@link #quiet()} turns
 * the log lines off.
 */
public final class Tuner {
  /** Successive halving keeps the best third of the candidates each round and triples their rows. */
  static final int FACTOR = 3;

  private enum Mode { GRID, RANDOM, HALVING_GRID, HALVING_RANDOM }

  private final Mode mode;
  private final int candidates;
  private final ImmutableMap<String, Distribution> params;
  private final Metric metric;
  private final int folds;
  private final int threads;
  private final long seed;
  private final Consumer<TuningProgress> listener;
  private final boolean quiet;

  private Tuner(Mode mode, int candidates, ImmutableMap<String, Distribution> params, Metric metric, int folds, int threads,
      long seed, Consumer<TuningProgress> listener, boolean quiet) {
    this.mode = mode;
    this.candidates = candidates;
    this.params = params;
    this.metric = metric;
    this.folds = folds;
    this.threads = threads;
    this.seed = seed;
    this.listener = listener;
    this.quiet = quiet;
  }

  private static Tuner of(Mode mode, int candidates) {
    return new Tuner(mode, candidates, ImmutableMap.of(), null, 5, Runtime.getRuntime().availableProcessors(), 0, p -> {}, false);
  }

  /** Tries every combination of the listed values. */
  public static Tuner grid() {
    return of(Mode.GRID, 0);
  }

  /**
   * Tries {@code trials} combinations drawn at random: values from lists, {@link #uniform},
   * {@link #logUniform} or {@link #integers}. When every parameter is a list the combinations
   * are drawn without repeats, as scikit-learn's {@code ParameterSampler} does.
   */
  public static Tuner random(int trials) {
    checkArgument(trials >= 1, "Tuner.random(%s): give at least 1 trial, e.g. Tuner.random(20)", trials);
    return of(Mode.RANDOM, trials);
  }

  /**
   * Successive halving over every combination of the listed values: all candidates are scored
   * on a small share of the training rows, the best third go on with three times the rows, and
   * so on, as scikit-learn's {@code HalvingGridSearchCV(factor=3, resource='n_samples',
   * min_resources='exhaust')}; the winner is the best of the last round.
   */
  public static Tuner halving() {
    return of(Mode.HALVING_GRID, 0);
  }

  /** Successive halving over {@code candidates} combinations drawn at random, as {@code HalvingRandomSearchCV}. */
  public static Tuner halving(int candidates) {
    checkArgument(candidates >= 1, "Tuner.halving(%s): give at least 1 candidate, e.g. Tuner.halving(27)", candidates);
    return of(Mode.HALVING_RANDOM, candidates);
  }

  /** Values drawn uniformly from [low, high) (random search). */
  public static Distribution uniform(double low, double high) {
    checkArgument(Double.isFinite(low) && Double.isFinite(high) && low < high,
        "uniform(%s, %s): give finite bounds with low < high", low, high);
    return new Uniform(low, high);
  }

  /** Values whose logarithm is uniform in [log low, log high), for rates and penalties (random search). */
  public static Distribution logUniform(double low, double high) {
    checkArgument(low > 0 && Double.isFinite(high) && low < high,
        "logUniform(%s, %s): give bounds with 0 < low < high, e.g. logUniform(1e-4, 1)", low, high);
    return new LogUniform(low, high);
  }

  /** Whole numbers from {@code low} to {@code high}, both included, each equally likely (random search). */
  public static Distribution integers(int low, int high) {
    checkArgument(low <= high && (long) high - low < Integer.MAX_VALUE, "integers(%s, %s): give low <= high, less than 2^31 apart", low, high);
    return new Integers(low, high);
  }

  /** Numeric values to try. */
  public Tuner param(String name, double... values) {
    return param(name, Arrays.stream(values).boxed().toList());
  }

  /** Whole-number values to try. */
  public Tuner param(String name, int... values) {
    return param(name, Arrays.stream(values).boxed().toList());
  }

  /** Text values to try (names of options, column sets). */
  public Tuner param(String name, String... values) {
    return param(name, Arrays.asList(values));
  }

  /** Values of any kind to try; the function reads them with {@link Params#value(String)}. */
  public Tuner param(String name, List<?> values) {
    Objects.requireNonNull(values, "param '" + name + "' was given a null list; give the values to try");
    checkArgument(!values.isEmpty(), "param '%s' has no values; give at least one", name);
    for (Object v : values) {
      Objects.requireNonNull(v, "param '" + name + "' lists null; give only values to try");
    }
    return param(name, new Choice(List.copyOf(values)));
  }

  /** A distribution to draw values from (random search and random halving only). */
  public Tuner param(String name, Distribution values) {
    Objects.requireNonNull(name, "a parameter needs a name");
    Objects.requireNonNull(values, "param '" + name + "' was given a null distribution");
    checkArgument(!params.containsKey(name), "param '%s' is declared twice; declare each parameter once", name);
    checkArgument(values instanceof Choice || mode == Mode.RANDOM || mode == Mode.HALVING_RANDOM,
        "param '%s' is %s, a distribution, but a grid tries listed values only; list the values, or use Tuner.random(n)",
        name, values);
    Map<String, Distribution> out = new LinkedHashMap<>(params);
    out.put(name, values);
    return new Tuner(mode, candidates, ImmutableMap.copyOf(out), metric, folds, threads, seed, listener, quiet);
  }

  /**
   * The metric candidates are ranked by; its {@link Metric#greaterIsBetter()} says which way. It
   * is called from several threads at once. Where it is undefined on a fold (it throws
   * IllegalArgumentException, e.g. ROC AUC on one class) the fold scores NaN and the candidate
   * ranks last, as scikit-learn's {@code error_score=nan}.
   */
  public Tuner metric(Metric metric) {
    Objects.requireNonNull(metric, "metric is null; give e.g. Metrics.rocAuc()");
    return new Tuner(mode, candidates, params, metric, folds, threads, seed, listener, quiet);
  }

  /** Folds of k-fold scoring inside the training part when the split has no validation part; 5 by default. */
  public Tuner folds(int k) {
    checkArgument(k >= 2, "folds(%s): k-fold scoring needs at least 2 folds; use e.g. 5, or give the split a validation part", k);
    return new Tuner(mode, candidates, params, metric, k, threads, seed, listener, quiet);
  }

  /** Trials run at once; the available processors by default. Results do not depend on it. */
  public Tuner threads(int n) {
    checkArgument(n >= 1, "threads(%s): give at least 1 thread", n);
    return new Tuner(mode, candidates, params, metric, folds, n, seed, listener, quiet);
  }

  /** The seed of random draws and of the rows each halving round samples; 0 by default. */
  public Tuner seed(long seed) {
    return new Tuner(mode, candidates, params, metric, folds, threads, seed, listener, quiet);
  }

  /** Called after each trial, from the thread that ran it, one call at a time. */
  public Tuner onProgress(Consumer<TuningProgress> listener) {
    Objects.requireNonNull(listener, "listener is null; give a consumer, e.g. p -> {}");
    return new Tuner(mode, candidates, params, metric, folds, threads, seed, listener, quiet);
  }

  /** Logs no progress lines (a listener from {@link #onProgress} is still called). */
  public Tuner quiet() {
    return new Tuner(mode, candidates, params, metric, folds, threads, seed, listener, true);
  }

  /**
   * Builds a pipeline for each candidate with {@code pipelineOf}, scores each on the training
   * side, and refits the best on {@code table} with {@link Pipeline#fit(Table)}.
   *
   * @throws IllegalArgumentException when there are no parameters or no metric, when the metric
   *     does not suit the task, when candidates differ in target, split or seed, or when the
   *     function reads a parameter that was not declared
   */
  public TuningResult fit(Function<Params, Pipeline> pipelineOf, Table table) {
    return fit(pipelineOf, table, null);
  }

  /**
   * As {@link #fit(Function, Table)}, with each round's trials run by {@code executor} (one fit
   * per fold of each candidate, e.g. as Spark tasks: {@code MlengineSpark.tune}) instead of on
   * this tuner's threads; the winner, the trials' scores and ranks, and the refit are the same.
   * The listener from {@link #onProgress} hears of a round's trials when the executor returns
   * them. The winner is refitted here, on the calling thread. A null executor runs the trials
   * on this tuner's threads, as {@link #fit(Function, Table)} does.
   *
   * @throws IllegalArgumentException as {@link #fit(Function, Table)}, and when the executor
   *     returns a result count other than one per fit
   */
  public TuningResult fit(Function<Params, Pipeline> pipelineOf, Table table, TrialExecutor executor) {
    Objects.requireNonNull(pipelineOf, "give a function from the parameters to a pipeline");
    Objects.requireNonNull(table, "table is null");
    checkArgument(!params.isEmpty(), "%s has no parameters; declare at least one with .param(\"name\", values...)", describeMode());
    checkArgument(metric != null, "no metric to rank candidates by; call .metric(...), e.g. .metric(Metrics.rocAuc())");
    List<Params> drawn = candidates();
    List<Pipeline> pipelines = new ArrayList<>();
    for (Params p : drawn) {
      pipelines.add(Objects.requireNonNull(pipelineOf.apply(p), "the function returned null for " + p.values()));
    }
    checkSame(drawn, pipelines);
    Pipeline first = pipelines.get(0);
    Task task = first.task(table);
    checkArgument(metric.supports(task), "metric '%s' does not support %s, the task of target '%s'; choose a %s metric",
        metric.name(), task, first.target(), task.name().toLowerCase(java.util.Locale.ROOT));
    Search search = Search.of(first, table, folds);
    TrialRunner.Remote remote = executor == null ? null : new TrialRunner.Remote(executor, pipelineOf, table, folds);
    List<Trial> trials = new TrialRunner(metric, threads, seed, quiet, listener)
        .run(drawn, pipelines, search, mode == Mode.HALVING_GRID || mode == Mode.HALVING_RANDOM, task == Task.CLASSIFICATION, remote);
    Trial winner = trials.stream().filter(t -> t.rank() == 1).findFirst()
        .orElseThrow(() -> new IllegalStateException("no trial ranked first; this is a bug in Tuner"));
    Pipeline best = pipelines.get(winner.candidate());
    return new TuningResult(metric.name(), drawn.get(winner.candidate()), best, trials, best.fit(table));
  }

  private String describeMode() {
    return switch (mode) {
      case GRID -> "Tuner.grid()";
      case RANDOM -> "Tuner.random(" + candidates + ")";
      case HALVING_GRID -> "Tuner.halving()";
      case HALVING_RANDOM -> "Tuner.halving(" + candidates + ")";
    };
  }

  /** The candidates in trial order: the grid with the last parameter varying fastest, or the random draws. */
  private List<Params> candidates() {
    List<String> names = params.keySet().asList();
    boolean allLists = params.values().stream().allMatch(d -> d instanceof Choice);
    if (mode == Mode.GRID || mode == Mode.HALVING_GRID || allLists) {
      List<Params> grid = grid(names);
      if (mode == Mode.GRID || mode == Mode.HALVING_GRID) {
        return grid;
      }
      checkArgument(candidates <= grid.size(), "%s asks for more candidates than the %s combinations of the listed values;"
          + " use Tuner.grid() to try them all, or ask for fewer", describeMode(), grid.size());
      // Without repeats: the first draws of a seeded shuffle of the grid.
      List<Params> shuffled = new ArrayList<>(grid);
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
      }
      return ImmutableList.copyOf(shuffled.subList(0, candidates));
    }
    List<Params> out = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      SplittableRandom random = new SplittableRandom(mix(seed, i));
      Map<String, Object> values = new LinkedHashMap<>();
      for (String name : names) {
        values.put(name, params.get(name).draw(random));
      }
      out.add(new Params(values));
    }
    return out;
  }

  private List<Params> grid(List<String> names) {
    List<Map<String, Object>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (String name : names) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> c : combos) {
        for (Object v : ((Choice) params.get(name)).values()) {
          Map<String, Object> m = new LinkedHashMap<>(c);
          m.put(name, v);
          next.add(m);
        }
      }
      combos = next;
    }
    return combos.stream().map(Params::new).toList();
  }

  /** A seed for draw {@code index} that depends only on the tuner's seed and the index. */
  static long mix(long seed, long... index) {
    var hasher = Hashing.murmur3_128().newHasher().putLong(seed);
    for (long i : index) {
      hasher.putLong(i);
    }
    return hasher.hash().asLong();
  }

  private static void checkSame(List<Params> drawn, List<Pipeline> pipelines) {
    Map<String, Object> reference = shared(pipelines.get(0));
    for (int i = 1; i < pipelines.size(); i++) {
      Map<String, Object> other = shared(pipelines.get(i));
      for (var e : reference.entrySet()) {
        Object value = other.get(e.getKey());
        if (!Objects.equals(e.getValue(), value)) {
          throw new IllegalArgumentException("candidate " + i + " " + drawn.get(i).values() + " has " + e.getKey() + " " + value
              + " but candidate 0 " + drawn.get(0).values() + " has " + e.getKey() + " " + e.getValue() + "; every candidate must have the same"
              + " target, task, split and seed so all are scored on the same rows. Let the parameters change only steps and trainer options.");
        }
      }
    }
  }

  private static Map<String, Object> shared(Pipeline p) {
    Map<String, Object> spec = p.spec();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : List.of("target", "task", "split", "seed")) {
      out.put(key, spec.get(key));
    }
    return out;
  }

  /**
   * Where candidates are scored: the validation part of the split, or k folds of the split's
   * kind inside its training part. Each unit is a table, the partition to fit on (training and,
   * for early stopping and calibration, validation rows) and the rows to score.
   */
  record Search(int rows, int classes, List<Unit> units) {

    record Unit(Table table, Partition fit, IntArray scored) {}

    static Search of(Pipeline pipeline, Table table, int folds) {
      boolean classification = pipeline.task(table) == Task.CLASSIFICATION;
      Split split = pipeline.split();
      Partition outer = split.partition(table, pipeline.target(), pipeline.seed());
      if (split.hasValidation()) {
        Partition fit = new Partition(outer.train(), outer.validation(), IntArray.of());
        int[] rows = java.util.stream.IntStream.concat(outer.train().stream(), outer.validation().stream()).toArray();
        return new Search(rows.length, classes(classification, pipeline, table.rows(rows)), List.of(new Unit(table, fit, outer.validation())));
      }
      Table train = table.rows(outer.train().toArray());
      List<Partition> inner = split.crossFitFolds(folds).partitions(train, pipeline.target(), pipeline.seed());
      checkArgument(inner.size() >= 2, "the training part (%s rows) gives %s fold(s) of the %s split's kind; k-fold scoring needs"
          + " at least 2. Give more data, or a split with a validation part", train.rowCount(), inner.size(), split.spec().get("kind"));
      List<Unit> units = new ArrayList<>();
      for (Partition p : inner) {
        units.add(new Unit(train, new Partition(p.train(), IntArray.of(), IntArray.of()), p.test()));
      }
      return new Search(train.rowCount(), classes(classification, pipeline, train), units);
    }

    /** The number of classes among these rows; 0 for regression. */
    private static int classes(boolean classification, Pipeline pipeline, Table rows) {
      return classification ? (int) Arrays.stream(Targets.labels(rows, pipeline.target())).distinct().count() : 0;
    }

    /**
     * These units with {@code fraction} of each part's rows drawn at random (the same draw for
     * every candidate of a round), as scikit-learn's {@code _SubsampleMetaSplitter} takes
     * {@code int(fraction * len(part))} rows of each training and test fold.
     */
    Search subsample(double fraction, long seed) {
      if (fraction >= 1) {
        return this;
      }
      List<Unit> out = new ArrayList<>();
      for (int u = 0; u < units.size(); u++) {
        Unit unit = units.get(u);
        out.add(new Unit(unit.table(),
            new Partition(sample(unit.fit().train(), fraction, mix(seed, u, 0)), sample(unit.fit().validation(), fraction, mix(seed, u, 1)),
                IntArray.of()),
            sample(unit.scored(), fraction, mix(seed, u, 2))));
      }
      return new Search((int) (fraction * rows), classes, out);
    }

    private static IntArray sample(IntArray rows, double fraction, long seed) {
      int[] all = rows.toArray();
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = all.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      int[] kept = Arrays.copyOf(all, (int) (fraction * all.length));
      Arrays.sort(kept);
      return IntArray.copyOf(kept);
    }
  }

  /**
   * The parameter values of one candidate, read by the pipeline function. Reading a name that
   * was not declared is an error naming the declared ones.
   *
   * <pre>{@code
   * p -> Pipeline.builder()...trainer(Trainers.xgboost().eta(p.number("eta")).maxDepth(p.integer("depth")))...
   * }</pre>
   *
   * <p>Serializable, to reach a {@link TrialExecutor}'s machines, when its values are (numbers
   * and text are).
   *
   * @param values the value of each declared parameter, in declaration order
   */
  public record Params(Map<String, Object> values) implements java.io.Serializable {

    /** Copies the values into an immutable map. */
    public Params {
      values = ImmutableMap.copyOf(values);
    }

    /** The value as a number. */
    public double number(String name) {
      Object v = value(name);
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      throw new IllegalArgumentException("parameter '" + name + "' is " + describe(v) + ", not a number; read it with p.value(\""
          + name + "\") or p.string(\"" + name + "\")");
    }

    /** The value as a whole number. */
    public int integer(String name) {
      double d = number(name);
      if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("parameter '" + name + "' is " + d + ", not a whole number; read it with p.number(\""
            + name + "\"), or declare whole numbers (Tuner.integers(low, high), or ints in param)");
      }
      return (int) d;
    }

    /** The value as text. */
    public String string(String name) {
      Object v = value(name);
      if (v instanceof String s) {
        return s;
      }
      throw new IllegalArgumentException("parameter '" + name + "' is " + describe(v) + ", not text; read it with p.number(\""
          + name + "\") or p.value(\"" + name + "\")");
    }

    /** The value as declared. */
    public Object value(String name) {
      Object v = values.get(name);
      if (v == null) {
        throw new IllegalArgumentException("parameter '" + name + "' was not declared; the tuner declares " + values.keySet()
            + ". Declare it with .param(\"" + name + "\", ...) or fix the name.");
      }
      return v;
    }

    private static String describe(Object v) {
      return v instanceof String ? "the text '" + v + "'" : v.getClass().getSimpleName() + " " + v;
    }
  }

  /**
   * Where a random search draws a parameter's values from: {@link #uniform}, {@link #logUniform}
   * or {@link #integers}.
   *
   * <pre>{@code
   * Tuner.random(30).param("eta", Tuner.logUniform(0.01, 0.3)).param("depth", Tuner.integers(2, 8))
   * }</pre>
   */
  public sealed interface Distribution {
    /** One value. */
    Object draw(SplittableRandom random);
  }

  private record Choice(List<Object> values) implements Distribution {
    @Override
    public Object draw(SplittableRandom random) {
      return values.get(random.nextInt(values.size()));
    }

    @Override
    public String toString() {
      return values.toString();
    }
  }

  private record Uniform(double low, double high) implements Distribution {
    @Override
    public Object draw(SplittableRandom random) {
      return random.nextDouble(low, high);
    }

    @Override
    public String toString() {
      return "uniform(" + low + ", " + high + ")";
    }
  }

  private record LogUniform(double low, double high) implements Distribution {
    @Override
    public Object draw(SplittableRandom random) {
      return Math.exp(random.nextDouble(Math.log(low), Math.log(high)));
    }

    @Override
    public String toString() {
      return "logUniform(" + low + ", " + high + ")";
    }
  }

  private record Integers(int low, int high) implements Distribution {
    @Override
    public Object draw(SplittableRandom random) {
      return low + random.nextInt(high - low + 1);
    }

    @Override
    public String toString() {
      return "integers(" + low + ", " + high + ")";
    }
  }
}
