package org.mlengine.serving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.mlengine.runtime.Table;

/**
 * What came back after the answers: labels ({@link #feedback(String, String)}, or a value for
 * regression), and errors users reported ({@link #report}, {@link #undo}), joined by request id
 * with the requests served into a labelled {@link Table}, live metrics with intervals per model,
 * and the champion judged against its shadow on the same requests.
 *
 * <pre>{@code
 * Feedback feedback = Feedback.keeping(100_000);
 * deployment.observe(feedback);                        // and/or feedback.load(PredictionLog.read(dir, ...))
 * Prediction p = deployment.predict(request);
 * ...                                                  // later, when the truth is known:
 * feedback.feedback(p.requestId().orElseThrow(), "bad");
 * feedback.metrics("champion");                        // accuracy, log loss, Brier, each with its interval
 * Comparison c = feedback.compare("champion", "shadow");
 * Table labelled = feedback.table();                   // inputs + model + request id + label, for retraining
 * }</pre>
 *
 * <p><b>Joining rules.</b> A request is known once an observed deployment served it or
 * {@link #load} read it from a prediction log; the most recent {@code capacity} requests are
 * kept, older ones forgotten. A label may come before its request (it waits, and joins when the
 * request arrives) or for a request never seen ({@link #unmatched()} counts those, among them
 * labels for requests a {@link PredictionLog} left out of its sample when the requests are
 * loaded from its files; they are kept among the most recent {@code capacity} labels too). A request labelled twice keeps the later
 * label, a correction of the earlier one ({@link #relabelled()} counts these). A label is text
 * for a classifier and a number for a regression; a label of the other kind does not count.
 * Labels and reports are kept in memory only: persist them yourself if they must outlive the
 * process.
 *
 * <p><b>Reported errors</b> are the users' own signal, with no label: {@link #report} (the user
 * says the answer was wrong, and why) and {@link #undo} (the user reversed what the answer made
 * happen, the "undo" every automated action should offer). Each counts in the model's
 * {@code reported_share}.
 *
 * <p>Thread-safe. As an observer it copies the request's record under a lock on the request's
 * thread (about a microsecond); a deployment where that matters feeds it from the log instead.
 * {@link #metrics}, {@link #compare} and {@link #table} hold that lock only to copy the maps'
 * entries (a pass over them; a request's answers are never changed in place, only replaced), then
 * score the copy, so a request never waits for a verdict to be computed.
 */
public final class Feedback implements ServingObserver {
  /** The reason {@link #undo} records. */
  public static final String UNDONE = "undone by the user";

  private static final double DEFAULT_CONFIDENCE = 0.95;

  /** A label: text for a classifier, a number (and null text) for a regression. */
  private record Truth(String label, double value) {}

  private final int capacity;
  private final LinkedHashMap<String, List<LoggedPrediction>> requests;
  private final LinkedHashMap<String, Truth> labels;
  private final LinkedHashMap<String, String> reports;
  private long relabelled;

  private Feedback(int capacity) {
    this.capacity = capacity;
    this.requests = bounded();
    this.labels = bounded();
    this.reports = bounded();
  }

  private <V> LinkedHashMap<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Feedback remembering the most recent {@code capacity} requests, labels and reports each.
   *
   * @throws IllegalArgumentException when {@code capacity} is below 1
   */
  public static Feedback keeping(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity is " + capacity + "; keep 1 or more recent requests, e.g. 100_000");
    }
    return new Feedback(capacity);
  }

  /** Keeps the served request's record (every model's answer to it: champion and shadow). */
  @Override
  public void served(Served served) {
    add(LoggedPrediction.of(served, new LinkedHashMap<>(served.inputs())));
  }

  /**
   * Adds records read from a prediction log (e.g. {@code PredictionLog.read(dir, skipped)}), as
   * if they had been observed; closes the stream. Returns how many were read.
   */
  public long load(Stream<LoggedPrediction> records) {
    Objects.requireNonNull(records, "records is null; pass PredictionLog.read(directory, skipped)");
    long[] count = {0};
    try (records) {
      records.forEach(r -> {
        add(r);
        count[0]++;
      });
    }
    return count[0];
  }

  /** Keeps the record; a request's list of answers is replaced, never changed, so a snapshot may share it. */
  private synchronized void add(LoggedPrediction record) {
    List<LoggedPrediction> old = requests.get(record.requestId());
    List<LoggedPrediction> answers = new ArrayList<>(old == null ? 1 : old.size() + 1);
    if (old != null) {
      for (LoggedPrediction a : old) {
        if (!(a.model().equals(record.model()) && a.shadow() == record.shadow())) {   // read twice: once
          answers.add(a);
        }
      }
    }
    answers.add(record);
    requests.put(record.requestId(), Collections.unmodifiableList(answers));
  }

  /**
   * The requests, labels and reports as they are now, copied under the lock (a pass over the maps,
   * no scoring), so that the request threads adding records never wait for a scan.
   */
  private record Snapshot(String[] ids, List<List<LoggedPrediction>> answers, Map<String, Truth> labels,
      Set<String> reported) {}

  private synchronized Snapshot snapshot(boolean withReports) {
    String[] ids = new String[requests.size()];
    List<List<LoggedPrediction>> answers = new ArrayList<>(ids.length);
    int i = 0;
    for (Map.Entry<String, List<LoggedPrediction>> e : requests.entrySet()) {
      ids[i++] = e.getKey();
      answers.add(e.getValue());
    }
    return new Snapshot(ids, answers, new HashMap<>(labels), withReports ? new HashSet<>(reports.keySet()) : Set.of());
  }

  /**
   * The true class of a request a classifier answered; a later label for the same request
   * replaces this one.
   */
  public void feedback(String requestId, String label) {
    Objects.requireNonNull(label, "the label is null; pass the request's true class, e.g. \"bad\"");
    putLabel(requestId, new Truth(label, Double.NaN));
  }

  /**
   * The true value of a request a regression answered; a later value replaces this one.
   *
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   */
  public void feedback(String requestId, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("the true value of request '" + requestId + "' is " + value
          + "; pass a finite number, or no feedback when the truth is unknown");
    }
    putLabel(requestId, new Truth(null, value));
  }

  private synchronized void putLabel(String requestId, Truth truth) {
    requireId(requestId);
    if (labels.remove(requestId) != null) {   // a correction is new: it goes to the end, the last to be forgotten
      relabelled++;
    }
    labels.put(requestId, truth);
  }

  /** The user reported the answer to this request as wrong, saying why; a later report replaces the reason. */
  public synchronized void report(String requestId, String reason) {
    requireId(requestId);
    reports.put(requestId, Objects.requireNonNull(reason, "the reason is null; pass what the user said, or \"\""));
  }

  /** The user reversed what the answer to this request made happen: a reported error with reason {@value #UNDONE}. */
  public void undo(String requestId) {
    report(requestId, UNDONE);
  }

  private static void requireId(String requestId) {
    Objects.requireNonNull(requestId, "the request id is null; pass the id from the Prediction (p.requestId())");
  }

  /** How many labels are for requests not known (yet, or any longer). */
  public synchronized long unmatched() {
    return labels.keySet().stream().filter(id -> !requests.containsKey(id)).count();
  }

  /** How many labels replaced an earlier label for the same request. */
  public synchronized long relabelled() {
    return relabelled;
  }

  /**
   * The labelled requests as a table, one row per request in the order served, for the answer
   * the caller got (not the shadow's; not refused requests): {@code request_id}, {@code model},
   * the request's inputs, and {@code label} (categorical for a classifier, numeric for a
   * regression). Empty (no columns) when no request is labelled yet. A label of the other kind
   * does not count: a number for a classifier's answer, text for a regression's; an abstention,
   * of neither kind, takes the kind of the table's first classifier or regression answer (with
   * none, of its first label).
   *
   * @throws IllegalStateException when an input column is named {@code request_id}, {@code model}
   *     or {@code label}
   */
  public Table table() {
    Snapshot s = snapshot(false);
    Boolean textLabels = null;   // the table's kind: that of its first classifier or regression answer
    Boolean firstLabel = null;
    for (int i = 0; i < s.ids().length && textLabels == null; i++) {
      Truth truth = s.labels().get(s.ids()[i]);
      for (LoggedPrediction r : s.answers().get(i)) {
        if (truth != null && !r.shadow() && r.failure().isEmpty() && counts(truth, r)) {
          firstLabel = firstLabel == null ? truth.label() != null : firstLabel;
          if (kind(r) != null) {
            textLabels = kind(r);
            break;
          }
        }
      }
    }
    textLabels = textLabels == null ? firstLabel : textLabels;
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    for (int i = 0; i < s.ids().length; i++) {
      Truth truth = s.labels().get(s.ids()[i]);
      if (truth == null || (textLabels != null && textLabels != (truth.label() != null))) {
        continue;
      }
      for (LoggedPrediction r : s.answers().get(i)) {
        if (!r.shadow() && r.failure().isEmpty() && counts(truth, r)) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("request_id", r.requestId());
          row.put("model", r.model());
          for (Map.Entry<String, Object> in : r.inputs().entrySet()) {
            if (row.containsKey(in.getKey()) || in.getKey().equals("label")) {
              throw new IllegalStateException("the input column '" + in.getKey() + "' has the name of a column the"
                  + " labelled table adds (request_id, model, label); rename the input in the model's pipeline");
            }
            row.put(in.getKey(), in.getValue());
          }
          row.put("label", truth.label() != null ? truth.label() : truth.value());
          columns.addAll(row.keySet());
          rows.add(row);
        }
      }
    }
    if (rows.isEmpty()) {
      return Table.builder().build();
    }
    for (Map<String, Object> row : rows) {   // a request without some column: missing there
      for (String c : columns) {
        row.putIfAbsent(c, null);
      }
    }
    return Table.fromRows(rows);
  }

  /** Whether the answer is a classifier's (true), a regression's (false), or neither (null: abstained, refused). */
  private static Boolean kind(LoggedPrediction r) {
    if (r.label().isPresent() || !r.probabilities().isEmpty()) {
      return true;
    }
    return Double.isFinite(r.value()) ? false : null;
  }

  /** Whether the label is of the answer's kind (or the answer is of neither). */
  private static boolean counts(Truth truth, LoggedPrediction r) {
    Boolean kind = kind(r);
    return kind == null || kind == (truth.label() != null);
  }

  /** {@link #metrics(String, double)} at 95%. */
  public List<OnlineMetric> metrics(String model) {
    return metrics(model, DEFAULT_CONFIDENCE);
  }

  /**
   * The model's metrics on its labelled answers (those it made itself: not fallbacks, not
   * abstentions), with intervals at {@code confidence}: for a classifier accuracy, log loss
   * (probabilities clipped to [ε, 1 − ε] with ε = 2⁻⁵² and renormalised, as scikit-learn) and,
   * with two classes, the Brier score of the second class; for a regression MAE and RMSE; and
   * for every model that answered callers, the share of its answers users reported. A metric
   * with no request is left out.
   *
   * @throws IllegalArgumentException when {@code confidence} is not in (0, 1)
   */
  public List<OnlineMetric> metrics(String model, double confidence) {
    Objects.requireNonNull(model, "the model is null; pass the deployment's name for it, e.g. \"champion\"");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence is " + confidence + "; it must be in (0, 1), e.g. 0.95");
    }
    OnlineScores scores = new OnlineScores(model, confidence);
    long answered = 0;
    long reported = 0;
    Snapshot s = snapshot(true);
    for (int i = 0; i < s.ids().length; i++) {
      for (LoggedPrediction r : s.answers().get(i)) {
        if (!r.model().equals(model) || !r.modelAnswered()) {
          continue;
        }
        if (!r.shadow()) {
          answered++;
          reported += s.reported().contains(s.ids()[i]) ? 1 : 0;
        }
        Truth truth = s.labels().get(s.ids()[i]);
        if (truth != null) {
          scores.add(r, truth.label(), truth.value());
        }
      }
    }
    List<OnlineMetric> out = scores.metrics();
    if (answered > 0) {
      out.add(OnlineScores.share(model, "reported_share", reported, answered, confidence));
    }
    return out;
  }

  /**
   * The champion and the challenger (the shadow) on the same requests: those both answered
   * themselves, whose label came back. A classifier is compared on accuracy by McNemar's test:
   * the answers are paired (each request is judged by both models), so only the requests where
   * exactly one model was right say which is better. With b + c of those (b where only the
   * champion was right) below 25 the test is exact, b binomial with ½ under "no difference"
   * ({@code mcnemar_exact}: statsmodels' {@code mcnemar(exact=True)}); from 25 on
   * {@code (b − c)² / (b + c)} is χ²(1) ({@code mcnemar}: the square of the paired z;
   * statsmodels' {@code mcnemar(exact=False, correction=False)}). A G-test or two-proportion
   * z-test on the 2×2 table of right and wrong by model would treat the two models' answers as
   * independent samples, which they are not. A
   * regression is compared on MAE by the paired t-test of the absolute errors' differences
   * (SciPy's {@code ttest_rel}). The p-value is NaN when no request (a t-test: fewer than 2)
   * qualifies, which is always so for a canary, whose models answer different requests.
   *
   * <p>Every answer the challenger's slot made counts, whichever bundle was in it then (the
   * shadow slot may earlier have held a copy of the champion, or a refused candidate): to judge
   * one bundle, use {@link #compare(String, String, String)}.
   */
  public Comparison compare(String champion, String challenger) {
    Objects.requireNonNull(champion, "the champion is null; pass its name in the deployment, e.g. \"champion\"");
    Objects.requireNonNull(challenger, "the challenger is null; pass its name in the deployment, e.g. \"shadow\"");
    return paired(champion, challenger, null);
  }

  /**
   * {@link #compare(String, String)} on the requests the challenger answered with the bundle
   * {@code challengerBundleId} ({@link Prediction#bundleId()}), leaving out the answers of earlier
   * occupants of its slot.
   *
   * <pre>{@code
   * Comparison c = feedback.compare("champion", "shadow", candidate.id());
   * }</pre>
   */
  public Comparison compare(String champion, String challenger, String challengerBundleId) {
    Objects.requireNonNull(champion, "the champion is null; pass its name in the deployment, e.g. \"champion\"");
    Objects.requireNonNull(challenger, "the challenger is null; pass its name in the deployment, e.g. \"shadow\"");
    Objects.requireNonNull(challengerBundleId,
        "the challenger's bundle id is null; pass the id of the bundle in its slot, e.g. bundle.id()");
    return paired(champion, challenger, challengerBundleId);
  }

  private Comparison paired(String champion, String challenger, String challengerBundleId) {
    Snapshot s = snapshot(false);
    Paired paired = new Paired();
    for (int i = 0; i < s.ids().length; i++) {
      Truth truth = s.labels().get(s.ids()[i]);
      if (truth == null) {
        continue;
      }
      LoggedPrediction a = answerOf(s.answers().get(i), champion, null);
      LoggedPrediction b = answerOf(s.answers().get(i), challenger, challengerBundleId);
      if (a != null && b != null) {
        paired.add(a, b, truth.label(), truth.value());
      }
    }
    return paired.comparison(champion, challenger);
  }

  /** The model's own answer among a request's, made by the bundle {@code bundleId} unless that is null. */
  private static LoggedPrediction answerOf(List<LoggedPrediction> answers, String model, String bundleId) {
    for (LoggedPrediction r : answers) {
      if (r.model().equals(model) && r.modelAnswered()
          && (bundleId == null || bundleId.equals(r.bundleId().orElse(null)))) {
        return r;
      }
    }
    return null;
  }

  @Override
  public synchronized String toString() {
    return "Feedback[" + requests.size() + " requests, " + labels.size() + " labels, " + reports.size()
        + " reports, capacity " + capacity + "]";
  }
}
