package org.mlengine.serving;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.mlengine.runtime.ColumnType;

/**
 * A {@link Monitor}'s engine: the panes of the current window, the judgement of each window
 * against thresholds (fixed, or set from the reference windows), debouncing, alerts and the last
 * snapshot. Not thread-safe: one thread feeds it ({@link #accept}); {@link #last()} and
 * {@link #alerts()} may be read from any thread.
 */
final class MonitorState {
  /** The column name of the model's answers. */
  static final String PREDICTION = "prediction";
  /** How many alerts {@link #alerts()} keeps. */
  static final int ALERTS_KEPT = 1000;
  /** The probability bins of the ROC AUC estimate. */
  static final int AUC_BINS = 100;
  /** The most panes a window may have: each judgement merges them all, per column. */
  static final int MAX_PANES = 64;
  private static final String[] QUALITY = {"missing_share", "nan_share", "unseen_share", "out_of_range_share"};

  /**
   * One request as the state reads it: the monitored inputs' values (in {@link #inputNames()}
   * order), its answer or failure, its latency and time. The monitor's queue hands over a view of
   * its slots (numbers unboxed); {@link Observation} is the same as a record.
   */
  interface Values {
    /** Whether the request came without inputs (a batch refused as a whole). */
    boolean noInputs();

    /** Input {@code c}'s value, null when missing; a number may instead be read by {@link #number}. */
    Object value(int c);

    /** Whether input {@code c} is a number held unboxed, to be read by {@link #number}. */
    boolean isNumber(int c);

    /** Input {@code c}'s number, when {@link #isNumber} says so. */
    double number(int c);

    /** The answer, null when the request failed or had none. */
    Prediction prediction();

    boolean failed();

    long latencyNanos();

    long epochMillis();
  }

  /** One request: the monitored inputs' values (in {@link #inputNames()} order), its answer or failure, its latency and time. */
  record Observation(Object[] values, boolean noInputs, Prediction prediction, boolean failed, long latencyNanos,
      long epochMillis) implements Values {
    @Override
    public Object value(int c) {
      return values[c];
    }

    @Override
    public boolean isNumber(int c) {
      return false;
    }

    @Override
    public double number(int c) {
      throw new IllegalStateException("an observation holds its values as objects");
    }
  }

  private final ColumnWatch[] columns;   // the inputs, then the prediction when there is one
  private final int inputCount;
  private final int slide;
  private final int panesPerWindow;
  private final int debounce;
  private final double tolerance;
  private final long referenceRequests;
  private final String[] measure;
  private final double[] threshold;
  private final boolean[] below;
  private final double[] referenceMissing;
  private final List<List<Double>> referenceValues = new ArrayList<>();
  private final int[][] consecutive;
  private final ArrayDeque<Pane> panes = new ArrayDeque<>();
  private final List<Consumer<Alert>> listeners;
  private final ArrayDeque<Alert> alerts = new ArrayDeque<>();
  private Pane current;
  private volatile long requests;
  private long windows;
  private boolean thresholdsSet;
  private volatile long totalFailures;
  private volatile MonitorSnapshot last;
  private LongSupplier dropped = () -> 0;
  /** The clock request threads stamp with (the monitor's); one of its own when the state is used alone. */
  private StampClock clock = new StampClock();

  MonitorState(List<ColumnWatch> inputs, ColumnWatch prediction, int window, int slide, int debounce, double tolerance,
      long referenceRequests, Map<Monitor.Statistic, Double> thresholds, List<Consumer<Alert>> listeners) {
    List<ColumnWatch> all = new ArrayList<>(inputs);
    if (prediction != null) {
      all.add(prediction);
    }
    this.columns = all.toArray(new ColumnWatch[0]);
    this.inputCount = inputs.size();
    this.slide = slide;
    this.panesPerWindow = window / slide;
    this.debounce = debounce;
    this.tolerance = tolerance;
    this.referenceRequests = referenceRequests;
    this.listeners = new CopyOnWriteArrayList<>(listeners);
    int n = columns.length;
    measure = new String[n];
    threshold = new double[n];
    below = new boolean[n];
    referenceMissing = new double[n];
    consecutive = new int[n][1 + QUALITY.length];
    for (int c = 0; c < n; c++) {
      Monitor.Statistic s = columns[c].statistic;
      boolean fromReference = referenceRequests > 0;
      measure[c] = s.measure(fromReference);
      // The answers against the target's training shares show the model's own bias as much as
      // drift: shown always, judged only against a band from reference windows of answers.
      boolean answers = prediction != null && c == n - 1;
      threshold[c] = fromReference || answers ? Double.NaN : thresholds.getOrDefault(s, s.defaultThreshold());
      below[c] = !fromReference && s.isTest();
      referenceMissing[c] = columns[c].referenceMissing;
      referenceValues.add(new ArrayList<>());
    }
  }

  String[] inputNames() {
    String[] names = new String[inputCount];
    for (int i = 0; i < inputCount; i++) {
      names[i] = columns[i].name;
    }
    return names;
  }

  /** Whether each monitored input (in {@link #inputNames()} order) is a NUMERIC column, whose numbers the queue keeps unboxed. */
  boolean[] numericInputs() {
    boolean[] numeric = new boolean[inputCount];
    for (int i = 0; i < inputCount; i++) {
      numeric[i] = columns[i] instanceof ColumnWatch.Numeric;
    }
    return numeric;
  }

  /** Every monitored column's name, inputs first. */
  String[] columnNames() {
    String[] names = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      names[i] = columns[i].name;
    }
    return names;
  }

  MonitorSnapshot last() {
    return last;
  }

  synchronized List<Alert> alerts() {
    return List.copyOf(alerts);
  }

  void onAlert(Consumer<Alert> listener) {
    listeners.add(listener);
  }

  /** Where the snapshots read how many requests were dropped so far. */
  void droppedCounter(LongSupplier counter) {
    dropped = counter;
  }

  /** The clock request threads stamp with: marked slow while a window is judged, so that they read their own. */
  void stampClock(StampClock clock) {
    this.clock = clock;
  }

  /** Adds one request to the current pane; judges a window when a pane completes one. */
  void accept(Values o) {
    if (current == null) {
      current = new Pane(columns, requests);
    }
    try {
      current.add(o, inputCount);
    } finally {
      // counted even when a value could not be added, so that the pane and the window stay aligned
      requests++;
      if (o.failed()) {
        totalFailures++;   // one writer: this thread
      }
      if (current.requests == slide) {
        completePane();
      }
    }
  }

  private void completePane() {
    panes.addLast(current);
    current = null;
    if (panes.size() > panesPerWindow) {
      panes.removeFirst();
    }
    if (panes.size() == panesPerWindow) {
      clock.slow();   // a judgement merges every pane of every column: it may take long
      try {
        judge();
      } finally {
        clock.tick();
      }
    }
  }

  /** One slice of {@code slide} requests: a pane per column, latency, failures and the answers' probabilities. */
  static final class Pane {
    final ColumnWatch.Pane[] columns;
    final long firstRequest;
    final Histogram latency = new Histogram(3);
    long requests;
    long failures;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    double bestProbability;
    long scored;
    final long[] aucCount = new long[AUC_BINS];
    final double[] aucPositive = new double[AUC_BINS];

    Pane(ColumnWatch[] watches, long firstRequest) {
      this.firstRequest = firstRequest;
      columns = new ColumnWatch.Pane[watches.length];
      for (int c = 0; c < watches.length; c++) {
        columns[c] = watches[c].newPane();
      }
    }

    void add(Values o, int inputCount) {
      requests++;
      start = Math.min(start, o.epochMillis());
      end = Math.max(end, o.epochMillis());
      if (o.failed()) {
        failures++;
      }
      if (o.latencyNanos() > 0) {
        latency.recordValue(o.latencyNanos());
      }
      if (!o.noInputs()) {
        for (int c = 0; c < inputCount; c++) {
          if (o.isNumber(c)) {
            columns[c].addNumber(o.number(c));
            continue;
          }
          Object v = o.value(c);
          if (v == null) {
            columns[c].addMissing();
          } else {
            columns[c].add(v);
          }
        }
      }
      Prediction p = o.prediction();
      if (p != null && columns.length > inputCount) {
        ColumnWatch.Pane answers = columns[inputCount];
        if (p.label().isPresent()) {
          answers.add(p.label().get());
        } else if (!Double.isNaN(p.value())) {
          answers.add(p.value());
        } else {
          answers.addMissing();   // an abstention
        }
      }
      int classes = p == null ? 0 : p.classCount();
      if (classes > 0) {
        double best = 0;
        double positive = 0;
        for (int k = 0; k < classes; k++) {
          double q = p.probabilityAt(k);
          best = Math.max(best, q);
          positive = q;   // the last class in the bundle's (sorted) order
        }
        bestProbability += best;
        scored++;
        if (classes == 2) {
          int bin = Math.min(AUC_BINS - 1, (int) (positive * AUC_BINS));
          aucCount[bin]++;
          aucPositive[bin] += positive;
        }
      }
    }
  }

  private void judge() {
    List<Pane> window = new ArrayList<>(panes);
    long first = window.get(0).firstRequest;
    long lastRequest = requests - 1;
    boolean reference = lastRequest < referenceRequests;
    if (!reference && referenceRequests > 0 && !thresholdsSet) {
      setThresholds();
    }
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long requestsIn = 0;
    long failures = 0;
    Histogram latency = new Histogram(3);
    double best = 0;
    long scored = 0;
    long[] aucCount = new long[AUC_BINS];
    double[] aucPositive = new double[AUC_BINS];
    for (Pane p : window) {
      start = Math.min(start, p.start);
      end = Math.max(end, p.end);
      requestsIn += p.requests;
      failures += p.failures;
      latency.add(p.latency);
      best += p.bestProbability;
      scored += p.scored;
      for (int b = 0; b < AUC_BINS; b++) {
        aucCount[b] += p.aucCount[b];
        aucPositive[b] += p.aucPositive[b];
      }
    }
    Instant at = Instant.ofEpochMilli(end);
    List<MonitorSnapshot.ColumnDrift> drifts = new ArrayList<>();
    List<Alert> raised = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      drifts.add(drift(c, window, reference, first, lastRequest, at, raised));
    }
    last = new MonitorSnapshot(windows, first, requestsIn, Instant.ofEpochMilli(start), at, reference, drifts, failures,
        percentile(latency, 50), percentile(latency, 90), percentile(latency, 99),
        scored == 0 ? OptionalDouble.empty() : OptionalDouble.of(best / scored), rocAuc(aucCount, aucPositive), dropped.getAsLong());
    windows++;
    deliver(raised);
  }

  /** Column {@code c}'s figures over the window, its thresholds judged (or, in the reference period, its value kept). */
  private MonitorSnapshot.ColumnDrift drift(int c, List<Pane> window, boolean reference, long first, long lastRequest,
      Instant at, List<Alert> raised) {
    ColumnWatch.Figures f = columns[c].measure(window.stream().map(p -> p.columns[c]).toList());
    double value = f.statistics().getOrDefault(measure[c], Double.NaN);
    boolean drifted = false;
    if (reference) {
      if (!Double.isNaN(value)) {
        referenceValues.get(c).add(value);
      }
    } else {
      drifted = crossed(c, value);
      debounce(c, 0, drifted, measure[c], value, threshold[c], below[c], first, lastRequest, at, raised);
      double[] quality = {f.missingShare(), f.nanShare(), f.unseenShare(), f.outOfRangeShare()};
      double[] limit = {referenceMissing[c] + tolerance, tolerance, tolerance, tolerance};
      for (int q = 0; q < QUALITY.length; q++) {
        boolean over = !Double.isNaN(quality[q]) && quality[q] > limit[q];
        debounce(c, q + 1, over, QUALITY[q], quality[q], limit[q], false, first, lastRequest, at, raised);
      }
    }
    return new MonitorSnapshot.ColumnDrift(columns[c].name, columns[c].statistic, measure[c], value, threshold[c],
        drifted, f.count(), f.missingShare(), f.nanShare(), f.unseenShare(), f.outOfRangeShare(), f.statistics(),
        f.topValues(), columns[c] instanceof ColumnWatch.Numeric ? ColumnType.NUMERIC : ColumnType.CATEGORICAL, f.quantiles(),
        f.shares());
  }

  /** Keeps the alerts raised (the last {@value #ALERTS_KEPT}) and tells the listeners; a listener's failure is its own. */
  private void deliver(List<Alert> raised) {
    for (Alert a : raised) {
      synchronized (this) {
        alerts.addLast(a);
        if (alerts.size() > ALERTS_KEPT) {
          alerts.removeFirst();
        }
      }
      for (Consumer<Alert> l : listeners) {
        try {
          l.accept(a);
        } catch (RuntimeException e) {
          // a listener's failure is its own; the monitor goes on
        }
      }
    }
  }

  private boolean crossed(int c, double value) {
    if (Double.isNaN(value) || Double.isNaN(threshold[c])) {
      return false;
    }
    if (below[c]) {
      return columns[c].statistic == Monitor.Statistic.CHI_SQUARE ? value < threshold[c] : value <= threshold[c];
    }
    return thresholdsSet ? value > threshold[c] : value >= threshold[c];
  }

  private void debounce(int c, int slot, boolean over, String what, double value, double limit, boolean atOrBelow,
      long first, long lastRequest, Instant at, List<Alert> raised) {
    if (!over) {
      consecutive[c][slot] = 0;
      return;
    }
    consecutive[c][slot]++;
    if (consecutive[c][slot] == debounce) {
      raised.add(new Alert(columns[c].name, what, value, limit, atOrBelow, windows, first, lastRequest, debounce, at));
    }
  }

  /** NannyML's band: mean + 3 standard deviations (ddof 0) of each column's figure over the reference windows. */
  private void setThresholds() {
    thresholdsSet = true;
    for (int c = 0; c < columns.length; c++) {
      List<Double> values = referenceValues.get(c);
      if (values.size() < 2) {
        // never measured in the reference (answers, with a reference table): not judged
        measure[c] = columns[c].statistic.measure(false);
        continue;
      }
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      threshold[c] = mean + 3 * Math.sqrt(squares / values.size());
    }
  }

  private static double percentile(Histogram h, double p) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
  }

  /**
   * CBPE's expected ROC AUC: with calibrated probabilities, a row in bin b is positive with
   * probability p̂, so each bin holds Σp̂ expected positives and n − Σp̂ negatives; the AUC of
   * those expected counts, ranked by bin (ties within a bin count half).
   */
  static OptionalDouble rocAuc(long[] count, double[] positive) {
    double positives = 0;
    double negatives = 0;
    for (int b = 0; b < count.length; b++) {
      positives += positive[b];
      negatives += count[b] - positive[b];
    }
    if (positives <= 0 || negatives <= 0) {
      return OptionalDouble.empty();
    }
    double above = 0;
    double auc = 0;
    for (int b = count.length - 1; b >= 0; b--) {
      double neg = count[b] - positive[b];
      auc += neg * (above + positive[b] / 2);
      above += positive[b];
    }
    return OptionalDouble.of(auc / (positives * negatives));
  }

  long totalFailures() {
    return totalFailures;
  }

  long requests() {
    return requests;
  }
}
