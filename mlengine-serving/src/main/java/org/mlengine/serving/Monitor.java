package org.mlengine.serving;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;

/**
 * Watches a live model's traffic against the bundle's training profile, off the request's path:
 * per-column drift over tumbling or sliding windows of requests (KS, chi-square, PSI,
 * Jensen–Shannon, Wasserstein; defaults per type below), missing, NaN, unseen and
 * out-of-range shares, the distribution of the model's answers (prior shift), a label-free
 * accuracy and ROC AUC estimate (CBPE), latency percentiles and failures; debounced alerts to
 * listeners, and every figure as a Micrometer meter.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder(bundle)
 *     .window(1000).slide(250)              // the last 1000 requests, judged every 250
 *     .debounce(2)                           // alert after 2 drifted windows in a row
 *     .referencePeriod(10_000)               // thresholds: mean + 3 sd over the first 10,000 requests
 *     .meters(registry)
 *     .onAlert(alert -> log.warn(alert.message()))
 *     .build();
 * deployment.observe(monitor);               // or monitor.record(inputs, prediction, nanos)
 * }</pre>
 *
 * <p>The request's thread only copies the monitored values into a slot of a bounded lock-free
 * queue (numbers unboxed, nothing allocated; its thread's lane of the queue full, the request is
 * dropped and counted: {@link #dropped()}, and so are up to 16 after it in that lane while the
 * monitor's thread drains it); no clock is read for it there: a request is stamped with the time
 * the monitor's thread last read (at most about a millisecond old while that thread keeps up;
 * while it judges a window, which may take long, the request's thread reads the clock itself),
 * and a deployment times one request in 128 when only monitors and logs observe it, so the latency
 * percentiles are those of that sample (every request's, with an observer of yours attached, or
 * through {@link #record}). Past {@link Builder#sampleAbove 50,000 requests a second} a
 * deployment's requests are sampled at random, the others counted ({@link #sampledOut()}), so
 * that the monitor's thread takes a bounded share of a core. One daemon thread adds them to
 * the window's sketches (DataSketches KLL for numbers, exact counts per reference category plus
 * a frequent-items sketch for the rest, HdrHistogram for latency), whose size does not grow with
 * traffic. A window is a run of panes of {@code slide} requests, merged when judged. Those
 * libraries are optional dependencies of mlengine-serving: an application that monitors declares
 * {@code org.apache.datasketches:datasketches-java} and {@code org.hdrhistogram:HdrHistogram}, and
 * {@code io.micrometer:micrometer-core} for {@link Builder#meters}.
 *
 * <p><b>Against the profile.</b> A bundle's profile keeps, per NUMERIC column, its range, mean,
 * standard deviation and quantiles at 0.05, 0.25, 0.5, 0.75 and 0.95, and per CATEGORICAL column
 * its ten most frequent values with counts; not the training rows. What can be computed from that
 * honestly, and what is approximated, is said per statistic in {@link Statistic}. Where the
 * profile's picture is rough (columns of a few repeated values, long tails), set thresholds from
 * a reference period: each statistic's mean + 3 standard deviations (ddof 0) over the reference
 * windows, as NannyML does; the approximation's bias is then in the threshold too.
 *
 * <p><b>Defaults.</b> NUMERIC columns: {@link Statistic#KS} at the profile's knots, p ≤ 0.05.
 * Evidently picks Wasserstein for more than 1000 reference rows, but against a profile the
 * Wasserstein distance is an approximation whose bias alone crosses Evidently's 0.1 on skewed or
 * repeated-value columns (38.8 false alerts per 100,000 requests on the credit data), while KS at
 * the knots is a proven lower bound (0 in 1,000,000; 99.5% of 0.2 sd shifts caught within 2,000
 * requests: see mlengine-bench/RESULTS.md); choose {@code statistic(WASSERSTEIN, ...)} to follow
 * Evidently. CATEGORICAL columns, as Evidently (n the reference's non-missing rows):
 * {@link Statistic#CHI_SQUARE} when n ≤ 1000 (its Z test for two values is this test's square
 * root), else {@link Statistic#JENSEN_SHANNON}. Windows of 500 requests, tumbling; an alert after
 * 2 consecutive drifted windows; data-quality alerts when a share exceeds the reference's by 0.1.
 *
 * <p><b>Answers.</b> The model's answers are the column {@code prediction}, compared with the
 * training target's distribution (labels for a classifier, values for a regression). That
 * comparison shows the model's own bias as much as a prior shift (a logistic regression on the
 * credit data predicts the majority class more often than it occurs: Jensen–Shannon 0.098 on calm
 * traffic), so the answers raise alerts only with a {@link Builder#referencePeriod(int)}, against
 * the band of their own reference windows.
 *
 * <p><b>After a promotion.</b> A monitor is fixed to the profile of the bundle it was built from:
 * it does not follow a deployment to a new champion. When a new model is promoted, close the old
 * monitor (which also removes its meters, so a new one may take the same {@link Builder#name}),
 * build a new one from the new bundle and observe the deployment with it:
 *
 * <pre>{@code
 * deployment.unobserve(monitor);
 * monitor.close();
 * monitor = Monitor.builder(newChampion).meters(registry).build();
 * deployment.observe(monitor);
 * }</pre>
 */
public final class Monitor extends Observers.Direct implements AutoCloseable {
  /** The queue's default capacity, in requests a lane (see {@link Builder#queue(int)}). */
  public static final int DEFAULT_QUEUE = 1 << 13;
  /** The default rate, in requests a second, past which a deployment's requests are sampled (see {@link Builder#sampleAbove(long)}). */
  public static final long DEFAULT_SAMPLE_ABOVE = 50_000;
  /** How long {@link #close()} waits for the monitor's thread to end. */
  static final int CLOSE_WAIT_SECONDS = 10;
  private static final String SKETCH_CLASS = "org.apache.datasketches.kll.KllDoublesSketch";
  private static final String SKETCHES_DEPENDENCY = "org.apache.datasketches:datasketches-java:6.2.0";

  /**
   * A drift statistic, with Evidently's threshold. Each is computed against the bundle's profile;
   * what that allows is said for each.
   *
   * <pre>{@code
   * Monitor.builder(bundle).statistic(Monitor.Statistic.PSI, "Income", "Amount").threshold(Monitor.Statistic.PSI, 0.2);
   * }</pre>
   */
  public enum Statistic {
    /**
     * Kolmogorov–Smirnov, measured at the profile's knots (min, the five quantiles, max): the
     * largest gap between the window's CDF and the levels the profile proves, a lower bound of
     * the two-sample D against the training data; p-value from the Kolmogorov distribution with
     * the effective size n·N/(n + N), conservative. Drift at p ≤ 0.05 ({@code ks_p}); with a
     * reference period, D above its band ({@code ks_d}). NUMERIC only.
     */
    KS("ks_p", "ks_d", 0.05, true),
    /**
     * Pearson's chi-square goodness of fit of the window's counts to the reference shares: per
     * category (the profile's top ten, plus the rest), or per quantile interval for a number.
     * Drift at p &lt; 0.05 ({@code chi_square_p}); with a reference period, χ² above its band.
     */
    CHI_SQUARE("chi_square_p", "chi_square", 0.05, true),
    /**
     * Wasserstein-1 distance divided by the reference's standard deviation: the window's quantile
     * function (KLL sketch) against the reference's, linear between its quantiles 0.05..0.95,
     * and only the distance outside [min, q0.05] and [q0.95, max] in the tails; an
     * approximation of Evidently's figure, rough for columns of few repeated values. Drift at
     * ≥ 0.1. NUMERIC only.
     */
    WASSERSTEIN("wasserstein_normed", "wasserstein_normed", 0.1, false),
    /** Jensen–Shannon distance (natural logarithm) over the same bins as chi-square. Drift at ≥ 0.1. */
    JENSEN_SHANNON("jensen_shannon", "jensen_shannon", 0.1, false),
    /** Population stability index over the same bins, empty bins filled as Evidently does. Drift at ≥ 0.1. */
    PSI("psi", "psi", 0.1, false);

    private final String measure;
    private final String referenceMeasure;
    private final double threshold;
    private final boolean pValue;

    Statistic(String measure, String referenceMeasure, double threshold, boolean pValue) {
      this.measure = measure;
      this.referenceMeasure = referenceMeasure;
      this.threshold = threshold;
      this.pValue = pValue;
    }

    /** Evidently's threshold: a p-value for KS and chi-square, a distance for the others. */
    public double defaultThreshold() {
      return threshold;
    }

    /** Whether the threshold is a p-value (drift at or below it) rather than a distance (at or above). */
    public boolean isTest() {
      return pValue;
    }

    String measure(boolean fromReference) {
      return fromReference ? referenceMeasure : measure;
    }
  }

  /**
   * The monitor thread's sleep once it has taken all that waited: a millisecond, so that at a
   * modest rate it wakes a thousand times a second to take a few requests at once, not once per
   * request (each wake-up takes a core from the requests for a moment and evicts their caches).
   */
  static final long PARK_NANOS = 1_000_000;
  /** The most requests the thread takes from the queue between two looks at whether it should stop. */
  private static final int DRAIN_BATCH = 1024;

  private final MonitorState state;
  private final MonitorQueue queue;
  private final MonitorQueue.View view;
  private final LongAdder dropped = new LongAdder();
  /** A deployment's requests left out of the sample (see {@link Builder#sampleAbove(long)}). */
  private final LongAdder sampledOut = new LongAdder();
  /** The rate requests come in at, and how sparsely to sample them (see {@link Builder#sampleAbove(long)}). */
  private final RateSample rate;
  /**
   * Of a deployment's requests, those whose random draw has these bits clear are taken: 0 takes
   * every one. Set by the monitor's thread from the rate it measures; written only when it
   * changes, so the request threads read it from their own cache.
   */
  private volatile int sampleMask;
  private final String[] inputs;
  private final String bundleId;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile boolean done;
  private volatile MonitorMeters meters;
  /**
   * The wall clock as the monitor's thread last read it, each time it looks for requests (at
   * least every {@link #PARK_NANOS} ns plus the scheduler's delay), or the request's own reading
   * while that thread judges a window: the time a request is stamped with.
   */
  private final StampClock clock = new StampClock();

  private Monitor(MonitorState state, int queue, String bundleId, long sampleAbove) {
    this.state = state;
    this.bundleId = bundleId;
    this.rate = new RateSample(sampleAbove, () -> processed() + dropped() + errors() + sampledOut(), clock.now());
    this.inputs = state.inputNames();
    this.queue = new MonitorQueue(inputs, state.numericInputs(), queue, dropped);
    this.view = this.queue.new View();
    state.droppedCounter(dropped::sum);
    state.stampClock(clock);
    this.thread = new Thread(this::run, "mlengine-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  /** The monitor's thread: takes what waits, a batch at a time, and parks for {@link #PARK_NANOS} once it has taken it all. */
  private void run() {
    try {
      while (!stopped) {
        resample(clock.tick());
        if (queue.drain(view, state, DRAIN_BATCH) < DRAIN_BATCH) {
          LockSupport.parkNanos(this, PARK_NANOS);
        }
      }
    } finally {
      queue.close();
      queue.dropRemaining(view, CLOSE_WAIT_SECONDS * 1000L);
      done = true;
    }
  }

  /**
   * Every {@value RateSample#PERIOD_MILLIS} ms: the rate requests came in at since the last look
   * (taken, dropped, failed or left out); past {@code sampleAbove} a second, the next requests
   * are sampled one in the smallest power of two that brings the rate under it.
   */
  private void resample(long now) {
    int stride = rate.stride(now);
    if (stride - 1 != sampleMask) {
      sampleMask = stride - 1;
    }
  }

  /** A builder watching the inputs of {@code bundle} against its training profile, and its answers against its target's. */
  public static Builder builder(ModelBundle bundle) {
    Objects.requireNonNull(bundle, "the bundle is null; pass the bundle whose traffic to watch");
    requireOnClassPath("Apache DataSketches", SKETCH_CLASS, SKETCHES_DEPENDENCY);
    Profile profile = bundle.profile().orElseThrow(() -> new IllegalArgumentException("bundle " + bundle.id()
        + " has no profile to compare traffic with; fit it with this library's Pipeline, which profiles the training part,"
        + " or pass a Profile with Monitor.builder(profile)"));
    return new Builder(profile, bundle.inputSchema().names(), bundle.pipeline().target(), bundle.id());
  }

  /** A builder watching every NUMERIC and CATEGORICAL column of {@code profile}, with no reference for answers. */
  public static Builder builder(Profile profile) {
    Objects.requireNonNull(profile, "the profile is null; pass the training profile to compare traffic with");
    requireOnClassPath("Apache DataSketches", SKETCH_CLASS, SKETCHES_DEPENDENCY);
    return new Builder(profile, profile.columns().stream().map(ColumnProfile::name).toList(), null, null);
  }

  /** The optional library a monitor needs, checked up front rather than failing later with a NoClassDefFoundError. */
  static void requireOnClassPath(String library, String className, String dependency) {
    try {
      Class.forName(className, false, Monitor.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("the monitor needs " + library + " (" + className + " is not on the class path), an"
          + " optional dependency of mlengine-serving; add " + dependency + " to the application's dependencies");
    }
  }

  /** Takes one request a deployment served (shadow answers are skipped: their inputs are the champion's). */
  @Override
  public void served(Served served) {
    if (served.shadow()) {
      return;
    }
    queue.offer(served.rawInput(), served.prediction().orElse(null), served.failure().isPresent(), served.latencyNanos(),
        served.epochMillis());
  }

  /**
   * What a deployment tells it directly: the same as {@link #served(Served)}, with no {@code
   * Served} made, stamped with the monitor thread's clock (see {@link #clock}).
   */
  @Override
  void told(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
      RuntimeException failure, long latencyNanos) {
    if (shadow) {
      return;
    }
    int mask = sampleMask;
    if (mask != 0 && (ThreadLocalRandom.current().nextInt() & mask) != 0) {
      sampledOut.increment();
      return;
    }
    queue.offer(input, prediction, failure != null, latencyNanos, clock.now());
  }

  /**
   * Takes one request a bare {@link Predictor} answered; only the monitored values are copied,
   * so the caller may reuse {@code inputs} afterwards.
   *
   * @param inputs the request's values by column name
   * @param prediction the answer
   * @param latencyNanos how long the answer took
   * @throws RuntimeException what reading {@code inputs} throws (a {@code HashMap} another thread
   *     changes meanwhile: a {@code ConcurrentModificationException}); counted in {@link #errors()}
   */
  public void record(Map<String, ?> inputs, Prediction prediction, long latencyNanos) {
    Objects.requireNonNull(inputs, "inputs is null; pass the request's values by column name");
    Objects.requireNonNull(prediction, "prediction is null; pass the answer, or use recordFailure for a refused request");
    queue.offer(inputs, prediction, false, latencyNanos, clock.now());
  }

  /** Takes one request a bare {@link Predictor} refused (it threw instead of answering); throws as {@link #record} does. */
  public void recordFailure(Map<String, ?> inputs, long latencyNanos) {
    Objects.requireNonNull(inputs, "inputs is null; pass the request's values by column name");
    queue.offer(inputs, null, true, latencyNanos, clock.now());
  }

  /**
   * Waits until every request handed to the monitor before this call is in its sketches (or was
   * dropped, or failed: {@link #errors()}); for tests, demos and a final snapshot before shutdown.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long[] target = queue.claimed();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!queue.reached(target) && !done) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** The last window judged, if any. */
  public Optional<MonitorSnapshot> lastWindow() {
    return Optional.ofNullable(state.last());
  }

  /** The alerts raised so far, oldest first (the last {@value MonitorState#ALERTS_KEPT}). */
  public List<Alert> alerts() {
    return state.alerts();
  }

  /**
   * The last window judged as a JSON document, for a monitoring page ({@code Report.monitoring}
   * in mlengine-eval reads it): format {@code mlengine-monitoring}, version 1. Keys, in order:
   * <ul>
   *   <li>{@code format}, {@code version}, {@code bundleId} (null for a monitor built from a profile);
   *   <li>{@code window}: {@code index, firstRequest, requests, start, end} (ISO-8601),
   *       {@code reference, failures, dropped};
   *   <li>{@code latencyMillis}: {@code p50, p90, p99};
   *   <li>{@code estimate}: {@code method} ({@code CBPE}), {@code accuracy, rocAuc};
   *   <li>{@code columns}, one per monitored column as in {@link MonitorSnapshot#columns()}:
   *       {@code column, type, statistic, measure, value, threshold, driftBelow, drifted, count},
   *       {@code quality} ({@code missingShare, nanShare, unseenShare, outOfRangeShare}),
   *       {@code statistics} (by name), {@code unseenValues}, {@code quantiles} (NUMERIC:
   *       {@code level, reference, window}) and {@code shares} (CATEGORICAL:
   *       {@code value, reference, window});
   *   <li>{@code alerts}: every alert kept so far, oldest first, as {@link Alert} with its
   *       {@code message}, {@code at} as ISO-8601;
   *   <li>{@code metrics}: {@code model, metric, requests, value, lower, upper, confidence, method}.
   * </ul>
   * NaN and infinite figures are {@code null}. A reader must refuse another format and a newer
   * version; a later version 1 may add keys, never change or remove one.
   *
   * <pre>{@code
   * Files.writeString(dir.resolve("monitoring.json"), monitor.windowJson(feedback.metrics("champion")));
   * }</pre>
   *
   * @param metrics the live metrics to show beside the window, e.g. {@code feedback.metrics(model)}
   *     (may be empty)
   * @throws IllegalStateException if no window was judged yet
   */
  public String windowJson(List<OnlineMetric> metrics) {
    Objects.requireNonNull(metrics, "metrics is null; pass feedback.metrics(model), or List.of() for none");
    MonitorSnapshot last = state.last();
    if (last == null) {
      throw new IllegalStateException("no window judged yet: the monitor has processed " + processed()
          + " requests; a window is judged every slide of requests. Call windowJson after the first window (flush() first"
          + " in a test or demo)");
    }
    return MonitorJson.render(bundleId, last, alerts(), metrics);
  }

  /** Requests dropped because the queue was full (or the monitor closed). */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * A deployment's requests left out because they came faster than the monitor samples above
   * ({@link Builder#sampleAbove(long)}): neither processed nor dropped. The windows are windows
   * of the requests taken.
   */
  public long sampledOut() {
    return sampledOut.sum();
  }

  /** Requests added to the sketches. */
  public long processed() {
    return view.processed();
  }

  /**
   * Requests the monitor failed on: adding them to its sketches threw (an input whose {@code
   * toString} throws, say), or copying their inputs on the request's thread threw (a map another
   * thread changed while it was read; {@link #record} then throws that exception, and a deployment
   * counts it in {@link Deployment#observerFailures()}). Neither processed nor dropped; the
   * monitor goes on.
   */
  public long errors() {
    return view.errors() + queue.copyFailures();
  }

  /**
   * Stops the monitor's thread and waits for it (up to 10 s, for the request or alert listener it
   * is running), so no listener runs after this returns unless one blocks that long; requests
   * still queued are dropped. Removes the monitor's meters from the registry, so a new monitor
   * may publish under the same name.
   */
  @Override
  public void close() {
    stopped = true;
    queue.close();
    LockSupport.unpark(thread);
    try {
      if (Thread.currentThread() != thread) {   // a listener closing its monitor ends with its task
        thread.join(CLOSE_WAIT_SECONDS * 1000L);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MonitorMeters m = meters;
    if (m != null) {
      m.remove();
    }
  }

  /** The monitor's engine, to feed it on the calling thread (simulations and benchmarks in this package). */
  MonitorState state() {
    return state;
  }

  @Override
  public String toString() {
    return "Monitor[" + String.join(", ", inputs) + "; processed " + processed() + ", dropped " + dropped() + ", sampled out "
        + sampledOut() + "]";
  }

  /**
   * Configures a {@link Monitor}: setters check their own argument; {@link #build()} checks the
   * rest and reports every problem at once.
   *
   * <pre>{@code
   * Monitor monitor = Monitor.builder(bundle).columns("Income", "Amount").window(2000).build();
   * }</pre>
   */
  public static final class Builder {
    private final Profile profile;
    private final List<String> inputs;
    private final String target;
    private final String bundleId;
    private List<String> columns;
    private int window = 500;
    private int slide = -1;
    private int debounce = 2;
    private double qualityTolerance = 0.1;
    private int referencePeriod;
    private Table referenceTable;
    private int queue = DEFAULT_QUEUE;
    private long sampleAbove = DEFAULT_SAMPLE_ABOVE;
    private String name = "monitor";
    private MeterRegistry meters;
    private final Map<String, Statistic> statistics = new LinkedHashMap<>();
    private final Map<Statistic, Double> thresholds = new EnumMap<>(Statistic.class);
    private final List<Consumer<Alert>> listeners = new ArrayList<>();

    private Builder(Profile profile, List<String> inputs, String target, String bundleId) {
      this.profile = profile;
      this.inputs = inputs;
      this.target = target;
      this.bundleId = bundleId;
    }

    /** Watches only these columns (default: every NUMERIC and CATEGORICAL input the profile describes). */
    public Builder columns(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("columns() needs at least one column name; leave it out to watch every input");
      }
      this.columns = List.of(names);
      return this;
    }

    /** Judges windows of this many requests (default 500). */
    public Builder window(int requests) {
      check(requests >= 1, "window is %d requests; expected at least 1 (500 is the default)", requests);
      this.window = requests;
      return this;
    }

    /**
     * Judges the window every {@code requests} requests: a sliding window (default: the window's
     * size, tumbling); must divide the window into at most 64 panes.
     */
    public Builder slide(int requests) {
      check(requests >= 1, "slide is %d requests; expected at least 1 (the window's size makes tumbling windows)", requests);
      this.slide = requests;
      return this;
    }

    /** Alerts when a figure crossed its threshold in this many consecutive windows (default 2). */
    public Builder debounce(int windows) {
      check(windows >= 1, "debounce is %d windows; expected at least 1 (1 alerts on the first drifted window)", windows);
      this.debounce = windows;
      return this;
    }

    /** Judges these columns with {@code statistic} instead of the default for their type. */
    public Builder statistic(Statistic statistic, String... columnNames) {
      Objects.requireNonNull(statistic, "statistic is null; pass one of " + List.of(Statistic.values()));
      check(columnNames.length > 0, "statistic(%s) names no column; name the columns it judges", statistic);
      for (String c : columnNames) {
        statistics.put(c, statistic);
      }
      return this;
    }

    /** A fixed threshold for {@code statistic} (default: its {@link Statistic#defaultThreshold()}); ignored with a reference period. */
    public Builder threshold(Statistic statistic, double threshold) {
      Objects.requireNonNull(statistic, "statistic is null; pass one of " + List.of(Statistic.values()));
      check(statistic.isTest() ? threshold > 0 && threshold < 1 : threshold > 0 && Double.isFinite(threshold),
          "threshold for %s is %s; expected %s", statistic, threshold,
          statistic.isTest() ? "a p-value strictly between 0 and 1" : "a finite distance above 0");
      thresholds.put(statistic, threshold);
      return this;
    }

    /** Alerts when a missing, NaN, unseen or out-of-range share exceeds the reference's by more than this (default 0.1). */
    public Builder qualityTolerance(double share) {
      check(share > 0 && share <= 1, "quality tolerance is %s; expected a share in (0, 1]", share);
      this.qualityTolerance = share;
      return this;
    }

    /**
     * Sets each column's threshold from the first {@code requests} requests instead of a fixed
     * value: the mean + 3 standard deviations of its statistic over the windows they fill (at
     * least 2; NannyML warns below 6). Those windows raise no drift alerts.
     */
    public Builder referencePeriod(int requests) {
      check(requests >= 1, "reference period is %d requests; expected at least two windows' worth", requests);
      this.referencePeriod = requests;
      return this;
    }

    /**
     * Sets thresholds as {@link #referencePeriod(int)} does, from the rows of {@code table} (data
     * known to be fine, e.g. a held-out part), fed in order before any request; they count as the
     * monitor's first requests. The rows carry no answers: the {@code prediction} column is shown
     * but not judged.
     */
    public Builder referenceTable(Table table) {
      this.referenceTable = Objects.requireNonNull(table, "the reference table is null; pass rows known to be fine");
      return this;
    }

    /** Registers every figure on {@code registry} (gauges, counters), tagged {@code monitor=<name>}. */
    public Builder meters(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "the meter registry is null; pass the registry to publish to");
      return this;
    }

    /** The {@code monitor} tag of the meters (default {@code monitor}). */
    public Builder name(String name) {
      check(name != null && !name.isBlank(), "monitor name is '%s'; expected a non-blank name for the meters' tag", name);
      this.name = name;
      return this;
    }

    /** Calls {@code listener} with each alert, on the monitor's thread; what it throws is ignored. */
    public Builder onAlert(Consumer<Alert> listener) {
      listeners.add(Objects.requireNonNull(listener, "the alert listener is null; pass the code that handles an alert"));
      return this;
    }

    /**
     * The queue's capacity in requests a lane (default {@value Monitor#DEFAULT_QUEUE}); more
     * waiting in a lane are dropped, and once a lane was found full so are up to 16 requests
     * after it, without looking at the monitor's progress again (a dropped request then costs no
     * read of the monitor thread's memory). The request threads hand requests over in four lanes, by
     * thread id, each of this many preallocated slots (made when a thread first uses it: about
     * 170 bytes a request for the credit model's 13 inputs, 1.4 MB a lane by default).
     */
    public Builder queue(int requests) {
      check(requests >= 1, "queue is %d requests; expected at least 1", requests);
      this.queue = requests;
      return this;
    }

    /**
     * Past this many requests a second (default {@value Monitor#DEFAULT_SAMPLE_ABOVE}), a
     * deployment's requests are sampled: the monitor measures the rate every 100 ms (a 100 ms with
     * no request keeps the sample as it was) and takes
     * one request in the smallest power of two that brings it under this, chosen at random on
     * the request's thread, the others counted in
     * {@link Monitor#sampledOut()}. The monitor's thread then uses a bounded share of a core
     * (about 1 µs a request taken) however fast the requests come, and a request left out costs
     * its thread a counter. {@code Long.MAX_VALUE} takes every request (past the monitor's speed
     * they are dropped instead, in bursts). A batch's rows and requests given to {@link
     * Monitor#record} are never sampled. Windows, and the request numbers of snapshots and
     * alerts, count the requests taken.
     */
    public Builder sampleAbove(long requestsPerSecond) {
      check(requestsPerSecond >= 1, "sampleAbove is %d requests a second; expected at least 1 (Long.MAX_VALUE: never sample)",
          requestsPerSecond);
      this.sampleAbove = requestsPerSecond;
      return this;
    }

    /**
     * The monitor, started.
     *
     * @throws IllegalArgumentException listing every problem: an unknown column or one of a type
     *     the monitor cannot watch, a statistic that does not fit a column's type, a slide that
     *     does not divide the window or cuts it into more than 64 panes, a reference period
     *     shorter than two windows
     */
    public Monitor build() {
      List<String> problems = new ArrayList<>();
      int step = slide < 0 ? window : slide;
      if (window % step != 0) {
        problems.add("slide " + step + " does not divide window " + window + "; use a divisor such as " + largestDivisor(window, step));
      } else if (window / step > MonitorState.MAX_PANES) {
        int least = (window + MonitorState.MAX_PANES - 1) / MonitorState.MAX_PANES;
        problems.add("slide " + step + " cuts window " + window + " into " + window / step + " panes, over the cap of "
            + MonitorState.MAX_PANES + " (every slide merges them all); use a slide of at least " + least
            + " that divides the window, such as " + smallestDivisor(window, least));
      }
      List<String> wanted = columns != null ? columns : inputs.stream().filter(c -> !c.equals(target)).toList();
      List<ColumnWatch> watches = watches(wanted, problems);
      ColumnWatch prediction = predictionWatch(problems);
      if (watches.isEmpty() && problems.isEmpty()) {
        problems.add("no column to watch: the profile has no NUMERIC or CATEGORICAL input; name columns with columns(...)");
      }
      if (referencePeriod > 0 && referenceTable != null) {
        problems.add("both a reference period and a reference table are set; keep one");
      }
      int referenceRequests = referenceTable != null ? referenceTable.rowCount() : referencePeriod;
      if (referenceRequests > 0 && referenceRequests < 2 * window) {
        problems.add("the reference " + (referenceTable != null ? "table has " : "period is ") + referenceRequests
            + " requests, fewer than two windows of " + window + "; give at least " + 2 * window);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("cannot build the monitor: " + String.join("; ", problems));
      }
      MonitorState state = new MonitorState(watches, prediction, window, step, debounce, qualityTolerance, referenceRequests,
          thresholds, listeners);
      if (referenceTable != null) {
        String[] names = state.inputNames();
        for (int r = 0; r < referenceTable.rowCount(); r++) {
          Map<String, ?> row = referenceTable.row(r).toMap();
          state.accept(new MonitorState.Observation(Arrays.stream(names).map(row::get).toArray(), false, null, false, 0, 0));
        }
      }
      Monitor monitor = new Monitor(state, queue, bundleId, sampleAbove);
      if (meters != null) {
        monitor.meters = MonitorMeters.register(monitor, state, meters, name);
      }
      return monitor;
    }

    /** A watch for each wanted column the monitor can watch; what it cannot is added to {@code problems}. */
    private List<ColumnWatch> watches(List<String> wanted, List<String> problems) {
      List<ColumnWatch> watches = new ArrayList<>();
      for (String c : wanted) {
        Optional<ColumnProfile> p = profile.column(c);
        if (p.isEmpty()) {
          if (columns != null) {
            problems.add("column '" + c + "' is not in the profile; expected one of " + profile.columns().stream().map(ColumnProfile::name).toList());
          }
          continue;
        }
        if (!(p.get() instanceof ColumnProfile.Numeric) && !(p.get() instanceof ColumnProfile.Categorical)) {
          if (columns != null) {
            problems.add("column '" + c + "' is " + p.get().type() + "; the monitor watches NUMERIC and CATEGORICAL columns");
          }
          continue;
        }
        ColumnWatch w = watch(p.get(), statistics.get(c), problems);
        if (w != null) {
          watches.add(w);
        }
      }
      for (String c : statistics.keySet()) {
        if (!wanted.contains(c) && !c.equals(MonitorState.PREDICTION)) {
          problems.add("statistic " + statistics.get(c) + " is set for column '" + c + "', which is not watched; watched: " + wanted);
        }
      }
      return watches;
    }

    /** The watch of the model's answers against the target's training distribution; null without a profiled target. */
    private ColumnWatch predictionWatch(List<String> problems) {
      if (target != null && profile.column(target).isPresent()) {
        ColumnProfile t = profile.column(target).get();
        if (t instanceof ColumnProfile.Numeric || t instanceof ColumnProfile.Categorical) {
          return watch(rename(t), statistics.get(MonitorState.PREDICTION), problems);
        }
      }
      return null;
    }

    private ColumnWatch watch(ColumnProfile p, Statistic chosen, List<String> problems) {
      boolean numeric = p instanceof ColumnProfile.Numeric;
      long n = p.rows() - p.missing();
      Statistic s = chosen != null ? chosen : defaultStatistic(numeric, n);
      if (!numeric && (s == Statistic.KS || s == Statistic.WASSERSTEIN)) {
        problems.add("column '" + p.name() + "' is CATEGORICAL; " + s + " needs numbers: use CHI_SQUARE, JENSEN_SHANNON or PSI");
        return null;
      }
      return numeric ? new ColumnWatch.Numeric((ColumnProfile.Numeric) p, s) : new ColumnWatch.Categorical((ColumnProfile.Categorical) p, s);
    }

    /** KS for numbers, Evidently's choice for categories: see the class comment. */
    static Statistic defaultStatistic(boolean numeric, long referenceValues) {
      if (numeric) {
        return Statistic.KS;
      }
      return referenceValues <= 1000 ? Statistic.CHI_SQUARE : Statistic.JENSEN_SHANNON;
    }

    private static ColumnProfile rename(ColumnProfile p) {
      String n = MonitorState.PREDICTION;
      if (p instanceof ColumnProfile.Numeric x) {
        return new ColumnProfile.Numeric(n, x.rows(), x.missing(), x.distinct(), x.min(), x.max(), x.mean(), x.sd(), x.quantiles());
      }
      ColumnProfile.Categorical c = (ColumnProfile.Categorical) p;
      return new ColumnProfile.Categorical(n, c.rows(), c.missing(), c.distinct(), c.topValues());
    }

    private static int smallestDivisor(int window, int least) {
      for (int d = least; d < window; d++) {
        if (window % d == 0) {
          return d;
        }
      }
      return window;
    }

    private static int largestDivisor(int window, int step) {
      for (int d = Math.min(step, window); d > 1; d--) {
        if (window % d == 0) {
          return d;
        }
      }
      return 1;
    }

    private static void check(boolean ok, String format, Object... args) {
      if (!ok) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
      }
    }
  }
}
