package org.mlengine.core.internal;

import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

/**
 * The leakage audit's engine: each check of {@link Audit}, on a table and the partition of it a
 * fit used. Not API: {@code Pipeline.fit} runs it and records the findings in the bundle.
 *
 * <p>Cost: linear in the rows but for one sort of the held-out scores per column (and class).
 * Exact and near-duplicates come from {@link RowClasses}, which hashes each row's values and
 * compares the values of every pair of rows it joins; numbers are rounded by {@link
 * SignificantDigits}. The duplicates and the distinct counts read every row; the single-column
 * scores read at most {@link #SCORED_TRAINING_ROWS} training and {@link #SCORED_HELD_OUT_ROWS}
 * held-out rows, evenly spaced (a finding on a sample says so, with both counts).
 *
 * <pre>{@code
 * List<AuditFinding> findings = LeakageAudit.ordered(LeakageAudit.ofEventSteps(steps));
 * }</pre>
 */
public final class LeakageAudit {
  /** A single column with a held-out ROC AUC at least this high is flagged. */
  static final double AUC_THRESHOLD = 0.95;
  /** A single column with a held-out |Pearson correlation| at least this high is flagged (regression). */
  static final double CORRELATION_THRESHOLD = 0.95;
  /** A column whose distinct values number at least this share of the rows is ID-like. */
  static final double ID_SHARE = 0.95;
  /**
   * Unique whole numbers are ID-like only when they fill at least this share of the range from the
   * smallest to the largest, as row numbers and serial ids do (near-sequential); unique whole
   * numbers spread thinly over a wide range (a monthly pay rate: 1,427 values between 2,094 and
   * 26,999) are a measurement with order and scale, not an identifier.
   */
  static final double ID_MIN_DENSITY = 0.5;
  /** Tables with fewer rows are not checked for ID-like columns: in a few rows most columns are unique. */
  static final int ID_MIN_ROWS = 20;
  /** Single-column scores need at least this many held-out rows with a value. */
  static final int MIN_SCORED = 10;
  /**
   * Single-column scores learn category means from at most this many training rows, evenly
   * spaced, and are scored on at most {@link #SCORED_HELD_OUT_ROWS} held-out rows: an AUC or a
   * correlation on 50,000 rows is typically within about 0.002 of the whole part's, so only a
   * column whose whole-part score lies that close to its threshold can be called differently
   * (the finding says it was estimated on a sample), and the check costs the same at 1M rows as
   * at 250,000 (#15).
   */
  static final int SCORED_TRAINING_ROWS = 200_000;
  /** See {@link #SCORED_TRAINING_ROWS}. */
  static final int SCORED_HELD_OUT_ROWS = 50_000;
  /** Near-duplicate detection rounds numbers to this many significant digits. */
  static final int SIGNIFICANT_DIGITS = SignificantDigits.DIGITS;

  private static final int TRAIN = 0;
  private static final int VALIDATION = 1;
  private static final int TEST = 2;
  private static final String[] PART = {"training", "validation", "test"};

  private LeakageAudit() {}

  /**
   * Every data finding: duplicates, near-duplicates, group and time overlap, predictive single
   * columns and ID-like columns.
   *
   * @param table the table given to fit (group and time columns are read here, even when dropped)
   * @param data the table given to fit, after {@code drop}
   * @param features the columns the model's inputs come from (no target)
   * @param groups a column whose values belong together, besides a group split's column
   */
  public static List<AuditFinding> ofData(Table table, Table data, Partition partition, String target, Task task, List<String> features, Split split,
      Optional<String> groups) {
    List<AuditFinding> out = new ArrayList<>();
    int[] part = parts(data.rowCount(), partition);
    List<String> keyColumns = new ArrayList<>(features);
    keyColumns.add(target);
    int[] near = RowClasses.of(data, keyColumns, true, inParts(part));
    int[] shared = inSharedClasses(near, part);
    if (shared.length > 0) {   // else no held-out row repeats an earlier part's, exactly or nearly (a clean table)
      addDuplicates(out, data, keyColumns, part, near, shared);
    }
    Set<String> groupColumns = new TreeSet<>();
    if ("group".equals(split.spec().get("kind"))) {
      split.column().ifPresent(groupColumns::add);
    }
    groups.ifPresent(groupColumns::add);
    for (String g : groupColumns) {
      groupOverlap(table, g, part).ifPresent(out::add);
    }
    timeOverlap(table, split, part).forEach(out::add);
    Optional<TargetValues> y = features.stream().anyMatch(f -> scoreable(data.type(f)))
        ? Optional.of(TargetValues.of(data, target, task)) : Optional.empty();
    // One column at a time, the columns in parallel; findings in the columns' order.
    int[] train = evenlySpaced(partition.train().toArray(), SCORED_TRAINING_ROWS);
    int[] heldOut = evenlySpaced(java.util.stream.IntStream.concat(partition.validation().stream(), partition.test().stream()).toArray(),
        SCORED_HELD_OUT_ROWS);
    int heldOutRows = partition.validation().length() + partition.test().length();
    features.parallelStream().map(f -> y.flatMap(values -> predictive(data, f, target, values, train, partition.train().length(), heldOut,
        heldOutRows)))
        .toList().forEach(finding -> finding.ifPresent(out::add));
    features.parallelStream().map(f -> idLike(data, f, part)).toList().forEach(finding -> finding.ifPresent(out::add));
    return out;
  }

  /**
   * The exact- and near-duplicate findings, from the near-duplicate classes and the rows whose
   * class spans more than one part ({@code shared}, not empty).
   */
  private static void addDuplicates(List<AuditFinding> out, Table data, List<String> keyColumns, int[] part, int[] near, int[] shared) {
    // Rows equal exactly are equal after normalization too: the exact classes are only needed
    // among the rows whose near-duplicate class spans more than one part.
    int[] exact = RowClasses.of(data, keyColumns, false, shared);
    List<Integer> exactRows = repeatedHeldOutRows(exact, part);
    duplicates(exact, part, exactRows).ifPresent(d -> out.add(new AuditFinding(AuditFinding.Kind.EXACT_DUPLICATES, AuditFinding.Severity.WARNING,
        List.of(), d.count(), d.firstRows(), d.describe("is identical, in all " + keyColumns.size() + " columns (features and target), to",
            "are identical, in all " + keyColumns.size() + " columns (features and target), to"),
        "Identical rows in training and held-out parts make held-out metrics optimistic: remove duplicate rows before fitting"
            + " (keep one of each), or, if repeats are real (one entity seen several times), split by that entity with"
            + " Split.group(column, fraction).")));
    List<Integer> nearRows = new ArrayList<>(repeatedHeldOutRows(near, part));
    nearRows.removeAll(new HashSet<>(exactRows));
    if (!nearRows.isEmpty()) {
      out.add(new AuditFinding(AuditFinding.Kind.NEAR_DUPLICATES, AuditFinding.Severity.INFO, List.of(), nearRows.size(),
          first(nearRows), Words.plural(nearRows.size(), "held-out row equals", "held-out rows equal") + " a row of an earlier part after normalization (text and"
              + " categories trimmed, lower-cased, whitespace collapsed; numbers rounded to " + SIGNIFICANT_DIGITS
              + " significant digits) but are not identical.",
          "Check whether they are the same record entered twice; if so, clean them upstream and remove the copies."));
    }
  }

  /** A finding per window or aggregate step that counts events at a row's own cutoff instant. */
  public static List<AuditFinding> ofEventSteps(List<Extractor> steps) {
    List<AuditFinding> out = new ArrayList<>();
    for (int s = 0; s < steps.size(); s++) {
      if (steps.get(s) instanceof EventExtractor e && e.countsEventsAtTheCutoff()) {
        out.add(new AuditFinding(AuditFinding.Kind.INCLUSIVE_CUTOFF, AuditFinding.Severity.WARNING, e.columns(), 1, List.of(),
            "step " + s + " (" + e.name() + ") counts events at each row's own cutoff instant, so an event recorded together with"
                + " the label (a cancellation call at the churn snapshot) becomes a feature of its own outcome.",
            "Drop inclusive() unless every event at the cutoff instant is known before the label is."));
      }
    }
    return out;
  }

  /** A finding per fitted step whose recorded rows are not the training part (plus the rows augmenters added). */
  public static List<AuditFinding> ofFittedSteps(List<Audit.FittedOn> fittedOn, Fingerprint training, int firstStep) {
    int expectedRows = training.rows() + Math.max(0, training.augmentedRows());
    List<AuditFinding> out = new ArrayList<>();
    for (int s = 0; s < fittedOn.size(); s++) {
      Audit.FittedOn f = fittedOn.get(s);
      if (f.rows() != expectedRows || !f.sha256().equals(training.sha256())) {
        out.add(new AuditFinding(AuditFinding.Kind.FITTED_ON_OTHER_ROWS, AuditFinding.Severity.ERROR, List.of(), 1, List.of(),
            "step " + (firstStep + s) + " (" + f.step() + ") was fitted on " + f.rows() + " rows with SHA-256 " + f.sha256() + "; expected the "
                + expectedRows + " rows of the training part" + (training.augmentedRows() > 0 ? " and the rows augmenters added" : "")
                + ", SHA-256 " + training.sha256() + ".",
            "A step learned from rows other than the training part, so held-out rows may have shaped the features: fit"
                + " steps only through Pipeline.fit, which hands each step the training part."));
      }
    }
    return out;
  }

  /** The findings, most serious first; within a severity in the order the checks ran. */
  public static List<AuditFinding> ordered(List<AuditFinding> findings) {
    List<AuditFinding> out = new ArrayList<>(findings);
    out.sort(Comparator.comparing(AuditFinding::severity).reversed());
    return out;
  }

  // ---- duplicates ----

  /** The part of each row: TRAIN, VALIDATION, TEST, or -1 when in none. */
  static int[] parts(int rows, Partition partition) {
    int[] part = new int[rows];
    Arrays.fill(part, -1);
    partition.train().forEach(r -> part[r] = TRAIN);
    partition.validation().forEach(r -> part[r] = VALIDATION);
    partition.test().forEach(r -> part[r] = TEST);
    return part;
  }

  /** The rows whose class (-1: none) has rows in more than one part, in order. */
  static int[] inSharedClasses(int[] classes, int[] part) {
    int n = 0;
    for (int c : classes) {
      n = Math.max(n, c + 1);
    }
    int[] parts = new int[n];
    for (int r = 0; r < classes.length; r++) {
      if (classes[r] >= 0 && part[r] >= 0) {
        parts[classes[r]] |= 1 << part[r];
      }
    }
    int[] shared = new int[classes.length];
    int k = 0;
    for (int r = 0; r < classes.length; r++) {
      if (classes[r] >= 0 && part[r] >= 0 && Integer.bitCount(parts[classes[r]]) > 1) {
        shared[k++] = r;
      }
    }
    return Arrays.copyOf(shared, k);
  }

  /** The rows in some part, in order. */
  static int[] inParts(int[] part) {
    int n = 0;
    for (int p : part) {
      n += p >= 0 ? 1 : 0;
    }
    int[] out = new int[n];
    int i = 0;
    for (int r = 0; r < part.length; r++) {
      if (part[r] >= 0) {
        out[i++] = r;
      }
    }
    return out;
  }

  /**
   * The held-out rows whose class (-1: none, never repeated) is that of a row of an earlier part
   * (a validation row and a training row; a test row and a training or validation row), sorted.
   */
  static List<Integer> repeatedHeldOutRows(int[] classes, int[] part) {
    boolean[][] seen = seenIn(classes, part);
    boolean[] train = seen[TRAIN];
    boolean[] validation = seen[VALIDATION];
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < classes.length; r++) {
      boolean repeated = classes[r] >= 0 && ((part[r] == VALIDATION && train[classes[r]])
          || (part[r] == TEST && (train[classes[r]] || validation[classes[r]])));
      if (repeated) {
        out.add(r);
      }
    }
    return out;
  }

  /** Per part (training, validation), whether a row of that part has each class. */
  private static boolean[][] seenIn(int[] classes, int[] part) {
    int n = 0;
    for (int c : classes) {
      n = Math.max(n, c + 1);
    }
    boolean[][] out = new boolean[2][n];
    for (int r = 0; r < classes.length; r++) {
      if (classes[r] >= 0 && (part[r] == TRAIN || part[r] == VALIDATION)) {
        out[part[r]][classes[r]] = true;
      }
    }
    return out;
  }

  /** How many held-out rows repeat a row of an earlier part, by pair of parts. */
  record Duplicates(int count, List<Integer> firstRows, Map<String, Integer> byPair) {
    String describe(String one, String many) {
      List<String> pairs = new ArrayList<>();
      byPair.forEach((pair, n) -> pairs.add(Words.plural(n, pair.replace("rows repeat", "row repeats"), pair)));
      return Words.plural(count, "held-out row " + one, "held-out rows " + many) + " a row of an earlier part: " + String.join(", ", pairs) + ".";
    }
  }

  /** The duplicates of {@code rows}, the held-out rows {@link #repeatedHeldOutRows} found repeated in {@code classes}. */
  static Optional<Duplicates> duplicates(int[] classes, int[] part, List<Integer> rows) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    boolean[] train = seenIn(classes, part)[TRAIN];
    Map<String, Integer> byPair = new LinkedHashMap<>();
    for (int r : rows) {
      String pair = part[r] == VALIDATION ? "validation rows repeat training rows"
          : train[classes[r]] ? "test rows repeat training rows" : "test rows repeat validation rows";
      byPair.merge(pair, 1, Integer::sum);
    }
    return Optional.of(new Duplicates(rows.size(), first(rows), byPair));
  }

  private static List<Integer> first(List<Integer> rows) {
    return List.copyOf(rows.subList(0, Math.min(AuditFinding.ROWS_KEPT, rows.size())));
  }

  // ---- groups and time ----

  private static Optional<AuditFinding> groupOverlap(Table data, String column, int[] part) {
    if (!data.hasColumn(column)) {
      return Optional.empty();
    }
    Map<Object, Integer> seenIn = new HashMap<>();
    for (int r = 0; r < part.length; r++) {
      Object v = data.value(column, r);
      if (part[r] >= 0 && v != null) {
        seenIn.merge(v, 1 << part[r], (a, b) -> a | b);
      }
    }
    Set<Object> shared = new HashSet<>();
    seenIn.forEach((v, mask) -> {
      if (Integer.bitCount(mask) > 1) {
        shared.add(v);
      }
    });
    if (shared.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < part.length; r++) {
      if (part[r] > TRAIN && shared.contains(data.value(column, r))) {
        rows.add(r);
      }
    }
    List<String> examples = shared.stream().map(String::valueOf).sorted().limit(3).toList();
    return Optional.of(new AuditFinding(AuditFinding.Kind.GROUP_OVERLAP, AuditFinding.Severity.ERROR, List.of(column), shared.size(),
        first(rows), Words.plural(shared.size(), "value", "values") + " of group column '" + column + "' " + (shared.size() == 1 ? "occurs" : "occur") + " in more than one part (e.g. " + examples + "); "
            + Words.plural(rows.size(), "held-out row belongs", "held-out rows belong") + " to a group the training part also holds.",
        "Rows of one group must stay on one side: split with Split.group(\"" + column + "\", fraction)."));
  }

  private static List<AuditFinding> timeOverlap(Table data, Split split, int[] part) {
    List<AuditFinding> out = new ArrayList<>();
    boolean timeSplit = "time-ordered".equals(split.spec().get("kind"));
    for (String column : data.columnNames()) {
      if (data.type(column) != ColumnType.TIMESTAMP || (timeSplit && !split.column().orElse("").equals(column))) {
        continue;
      }
      long[] t = data.timestampColumn(column);
      long trainMax = Long.MIN_VALUE;
      for (int r = 0; r < t.length; r++) {
        if (part[r] == TRAIN && t[r] != Column.MISSING_TIME) {
          trainMax = Math.max(trainMax, t[r]);
        }
      }
      if (trainMax == Long.MIN_VALUE) {
        continue;
      }
      Duration gap = timeSplit ? Duration.parse((String) split.spec().get("gap")) : Duration.ZERO;
      long limit = trainMax + gap.toMillis();
      List<Integer> rows = new ArrayList<>();
      int heldOut = 0;
      for (int r = 0; r < t.length; r++) {
        if (part[r] > TRAIN && t[r] != Column.MISSING_TIME) {
          heldOut++;
          if (timeSplit ? t[r] <= limit : t[r] < trainMax) {
            rows.add(r);
          }
        }
      }
      if (rows.isEmpty()) {
        continue;
      }
      String last = Instant.ofEpochMilli(trainMax).toString();
      if (timeSplit) {
        out.add(new AuditFinding(AuditFinding.Kind.TIME_OVERLAP, AuditFinding.Severity.ERROR, List.of(column), rows.size(), first(rows),
            rows.size() + " of " + heldOut + " held-out rows " + (rows.size() == 1 ? "has" : "have") + " '" + column + "' at or before " + Instant.ofEpochMilli(limit)
                + " (the last training row, " + last + ", plus the gap " + gap + "); a time-ordered split puts every held-out row after it.",
            "The held-out part starts before the training part ends: make sure the split is Split.timeOrdered(\"" + column
                + "\", fraction) on this table, unaltered."));
      } else {
        out.add(new AuditFinding(AuditFinding.Kind.TIME_OVERLAP, AuditFinding.Severity.WARNING, List.of(column), rows.size(),
            first(rows), rows.size() + " of " + heldOut + " held-out rows " + (rows.size() == 1 ? "has" : "have") + " '" + column + "' before the last training row ("
                + last + "): the " + split.spec().get("kind") + " split lets the model learn from the future of the rows it is judged on.",
            "If the model will predict rows later than the data it learned from, split with Split.timeOrdered(\"" + column
                + "\", fraction) (and a gap if labels arrive late)."));
      }
    }
    return out;
  }

  // ---- single predictive columns ----

  private static boolean scoreable(ColumnType type) {
    return type == ColumnType.NUMERIC || type == ColumnType.CATEGORICAL || type == ColumnType.TIMESTAMP;
  }

  /** The target as the single-column checks read it, once per audit: class indices (classification) or numbers. */
  private static final class TargetValues {
    final Task task;
    final List<String> classes;
    final int[] classOf;
    final double[] numbers;

    private TargetValues(Task task, List<String> classes, int[] classOf, double[] numbers) {
      this.task = task;
      this.classes = classes;
      this.classOf = classOf;
      this.numbers = numbers;
    }

    static TargetValues of(Table data, String target, Task task) {
      if (task != Task.CLASSIFICATION) {
        return new TargetValues(task, List.of(), new int[0], data.numericColumn(target));
      }
      if (RuntimeAccess.tables().column(data, target) instanceof Column.Categorical c && Arrays.stream(c.codes()).allMatch(code -> code >= 0)) {
        return ofCodes(task, c);
      }
      String[] labels = Targets.labels(data, target);   // fails, saying so, at a missing label
      List<String> classes = new ArrayList<>(new TreeSet<>(Arrays.asList(labels)));
      Map<String, Integer> index = new HashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        index.put(classes.get(c), c);
      }
      int[] classOf = new int[labels.length];
      for (int r = 0; r < labels.length; r++) {
        classOf[r] = index.get(labels[r]);
      }
      return new TargetValues(task, List.copyOf(classes), classOf, new double[0]);
    }

    /** The classes of a categorical target without missing labels, read through its codes. */
    private static TargetValues ofCodes(Task task, Column.Categorical target) {
      List<String> classes = target.categories();
      Map<String, Integer> index = new HashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        index.put(classes.get(c), c);
      }
      int[] byCode = new int[target.dictionary().size()];
      for (int code = 0; code < byCode.length; code++) {
        byCode[code] = index.getOrDefault(target.dictionary().get(code), -1);
      }
      int[] codes = target.codes();
      int[] classOf = new int[codes.length];
      for (int r = 0; r < codes.length; r++) {
        classOf[r] = byCode[codes[r]];
      }
      return new TargetValues(task, classes, classOf, new double[0]);
    }

    /** 1 for the rows of class {@code c}, 0 for the others. */
    IntToDoubleFunction indicator(int c) {
      int[] of = classOf;
      return r -> of[r] == c ? 1 : 0;
    }
  }

  /**
   * The finding of a column whose single-column score on the held-out rows reaches the threshold;
   * {@code train} and {@code heldOut} may be samples of the {@code trainRows} and {@code
   * heldOutRows} rows of those parts, and the finding then says so.
   */
  private static Optional<AuditFinding> predictive(Table data, String column, String target, TargetValues values, int[] train,
      int trainRows, int[] heldOut, int heldOutRows) {
    ColumnType type = data.type(column);
    if (!scoreable(type)) {
      return Optional.empty();
    }
    double score;
    int scored;
    String what;
    double threshold;
    if (values.task == Task.CLASSIFICATION) {
      List<String> classes = values.classes;
      Column columnValues = RuntimeAccess.tables().column(data, column);
      double[] fixed = type == ColumnType.CATEGORICAL ? null : scores(columnValues, heldOut, train, null);
      double best = Double.NaN;
      int used = 0;
      for (int c = classes.size() == 2 ? 1 : 0; c < classes.size(); c++) {
        IntToDoubleFunction y = values.indicator(c);
        double[] s = fixed != null ? fixed : scores(columnValues, heldOut, train, y);
        List<double[]> pairs = present(s, heldOut, y);
        double auc = ColumnScores.auc(pairs.get(0), pairs.get(1));
        if (!Double.isNaN(auc)) {
          best = Double.isNaN(best) ? Math.max(auc, 1 - auc) : Math.max(best, Math.max(auc, 1 - auc));
          used = pairs.get(0).length;
        }
      }
      score = best;
      scored = used;
      what = "ROC AUC " + (classes.size() == 2 ? "" : "(best one-vs-rest) ");
      threshold = AUC_THRESHOLD;
    } else {
      double[] numbers = values.numbers;
      IntToDoubleFunction y = r -> numbers[r];
      double[] s = scores(RuntimeAccess.tables().column(data, column), heldOut, train, y);
      List<double[]> pairs = present(s, heldOut, y);
      scored = pairs.get(0).length;
      score = scored < MIN_SCORED ? Double.NaN : Math.abs(ColumnScores.pearson(pairs.get(0), pairs.get(1)));
      what = "|Pearson correlation| ";
      threshold = CORRELATION_THRESHOLD;
    }
    if (Double.isNaN(score) || score < threshold) {
      return Optional.empty();
    }
    String how = type == ColumnType.CATEGORICAL ? "each category scored by its training-part target mean" : "its values used as scores";
    // Each part is worded as it was read: whole, or an evenly spaced sample of it.
    boolean trainSampled = train.length != trainRows;
    boolean heldOutSampled = heldOut.length != heldOutRows;
    String rows = (trainSampled || heldOutSampled ? "estimated on an evenly spaced sample: " : "")
        + (trainSampled ? String.format(Locale.ROOT, "fitted on %d of the %d training rows", train.length, trainRows)
            : String.format(Locale.ROOT, "fitted on %d training rows", trainRows))
        + (heldOutSampled ? String.format(Locale.ROOT, ", scored on a sample of %d of the %d held-out rows, %d of them with a value",
            heldOut.length, heldOutRows, scored) : String.format(Locale.ROOT, ", scored on %d held-out rows", scored));
    return Optional.of(new AuditFinding(AuditFinding.Kind.PREDICTIVE_FEATURE, AuditFinding.Severity.ERROR, List.of(column), scored,
        List.of(), String.format(Locale.ROOT, "column '%s' alone reaches held-out %s%.4f against '%s' (%s, %s); the threshold is %.2f.",
            column, what, score, target, how, rows, threshold),
        "A single column this predictive is usually the target in disguise (recorded after the outcome, or derived from it):"
            + " check that '" + column + "' is known at prediction time, and drop it with .drop(\"" + column + "\") if not."));
  }

  /**
   * The held-out rows' scores for one column: numbers (and timestamps) as they are; categories by
   * the training rows' mean of {@code y} in that category (unseen or missing: the training mean).
   * Missing numbers are NaN.
   */
  private static double[] scores(Column c, int[] heldOut, int[] train, IntToDoubleFunction y) {
    double[] out = new double[heldOut.length];
    if (c instanceof Column.Indicator flags) {   // a caller's table may hold a one-hot column as 0/1 bytes
      for (int i = 0; i < out.length; i++) {
        out[i] = flags.number(heldOut[i]);
      }
      return out;
    }
    if (c instanceof Column.Numeric n) {
      double[] v = n.values();
      for (int i = 0; i < out.length; i++) {
        out[i] = v[heldOut[i]];
      }
      return out;
    }
    if (c instanceof Column.Timestamp t) {
      long[] millis = t.millis();
      for (int i = 0; i < out.length; i++) {
        long m = millis[heldOut[i]];
        out[i] = m == Column.MISSING_TIME ? Double.NaN : m;
      }
      return out;
    }
    Column.Categorical cat = (Column.Categorical) c;
    int[] codes = cat.codes();
    int[] ids = categoryIds(cat.dictionary());
    double[] sum = new double[cat.dictionary().size()];
    double[] count = new double[sum.length];
    double total = 0;
    for (int r : train) {
      double v = y.applyAsDouble(r);
      total += v;
      if (codes[r] >= 0) {
        sum[ids[codes[r]]] += v;
        count[ids[codes[r]]]++;
      }
    }
    double overall = train.length == 0 ? Double.NaN : total / train.length;
    for (int i = 0; i < out.length; i++) {
      int code = codes[heldOut[i]];
      int id = code < 0 ? -1 : ids[code];
      out[i] = id < 0 || count[id] == 0 ? overall : sum[id] / count[id];
    }
    return out;
  }

  /** {@code rows} itself when it has at most {@code most} rows, else {@code most} of them evenly spaced, in order. */
  static int[] evenlySpaced(int[] rows, int most) {
    if (rows.length <= most) {
      return rows;
    }
    int[] out = new int[most];
    for (int i = 0; i < most; i++) {
      out[i] = rows[(int) ((long) i * rows.length / most)];
    }
    return out;
  }

  /** Each dictionary entry's index among the distinct entries (a dictionary may name a value twice). */
  private static int[] categoryIds(List<String> dictionary) {
    Map<String, Integer> index = new HashMap<>();
    int[] out = new int[dictionary.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = index.computeIfAbsent(dictionary.get(i), k -> index.size());
    }
    return out;
  }

  /** The scores (one per held-out row) and targets of the held-out rows with a score. */
  private static List<double[]> present(double[] scores, int[] rows, IntToDoubleFunction y) {
    int n = 0;
    for (double v : scores) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    double[] s = new double[n];
    double[] t = new double[n];
    int j = 0;
    for (int i = 0; i < rows.length; i++) {
      if (!Double.isNaN(scores[i])) {
        s[j] = scores[i];
        t[j++] = y.applyAsDouble(rows[i]);
      }
    }
    return List.of(s, t);
  }

  // ---- ID-like columns ----

  private static Optional<AuditFinding> idLike(Table data, String column, int[] part) {
    ColumnType type = data.type(column);
    if (type != ColumnType.CATEGORICAL && type != ColumnType.NUMERIC) {
      return Optional.empty();
    }
    Column c = Column.plain(RuntimeAccess.tables().column(data, column));
    if (c instanceof Column.Numeric n && Distinct.tooFewWholeNumbers(n.values(), part)) {
      return Optional.empty();
    }
    Optional<Distinct> counted = c instanceof Column.Numeric n ? Distinct.wholeNumbers(n.values(), part)
        : Optional.of(Distinct.categories((Column.Categorical) c, part));
    if (counted.isEmpty()) {
      return Optional.empty(); // a measurement with decimals
    }
    Distinct distinct = counted.get();
    int rows = distinct.rows();
    double share = rows == 0 ? 0 : (double) distinct.size() / rows;
    if (rows < ID_MIN_ROWS || share < ID_SHARE) {
      return Optional.empty();
    }
    double min = distinct.min();
    double max = distinct.max();
    String range = "";
    if (type == ColumnType.NUMERIC) {
      double density = distinct.size() / (max - min + 1);
      if (density < ID_MIN_DENSITY) {
        return Optional.empty(); // unique but spread over a wide range: a measurement, not a serial number
      }
      range = String.format(Locale.ROOT, ", and they fill %.1f%% of the range from %.0f to %.0f (near-sequential)", 100 * density,
          min, max);
    }
    return Optional.of(new AuditFinding(AuditFinding.Kind.ID_LIKE_COLUMN, AuditFinding.Severity.WARNING, List.of(column), distinct.size(),
        List.of(), String.format(Locale.ROOT, "column '%s' (%s%s) has %d distinct values in %d rows (%.1f%%, the threshold is %.0f%%)%s:"
            + " it identifies rows rather than describing them.", column, type, type == ColumnType.NUMERIC ? ", whole numbers" : "",
            distinct.size(), rows, 100 * share, 100 * ID_SHARE, range),
        "An identifier lets a model memorize rows (and a row number leaks their order): leave it out with .drop(\"" + column
            + "\"), or split by it with Split.group(\"" + column + "\", fraction) if rows of one entity repeat."));
  }

  /**
   * The rows in some part, the distinct values among them (numbers equal as {@code Double.equals}
   * has it, so 0.0 and -0.0 count twice), and the smallest and largest number.
   */
  record Distinct(int rows, int size, double min, double max) {
    /** Counts whole numbers; empty at the first number with decimals. */
    static Optional<Distinct> wholeNumbers(double[] values, int[] part) {
      int rows = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < part.length; r++) {
        if (part[r] < 0) {
          continue;
        }
        rows++;
        double d = values[r];
        if (d != Math.rint(d) && !Double.isNaN(d)) {
          return Optional.empty();
        }
        if (!Double.isNaN(d)) {
          min = Math.min(min, d);
          max = Math.max(max, d);
        }
      }
      return Optional.of(new Distinct(rows, distinctBits(values, part, rows), min, max));
    }

    /**
     * Whether a numeric column cannot be ID-like, without counting its distinct values: it has a
     * number with decimals, or its whole numbers span too narrow a range to be distinct in {@link
     * #ID_SHARE} of the rows (at most {@code max - min + 2} distinct: every whole number in the
     * range, and -0.0 beside 0.0). Most columns are settled here, in one pass without a hash table.
     */
    static boolean tooFewWholeNumbers(double[] values, int[] part) {
      int rows = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < part.length; r++) {
        if (part[r] < 0) {
          continue;
        }
        rows++;
        double d = values[r];
        if (d != Math.rint(d) && !Double.isNaN(d)) {
          return true;
        }
        if (!Double.isNaN(d)) {
          min = Math.min(min, d);
          max = Math.max(max, d);
        }
      }
      double mostDistinct = Math.min(rows, Math.max(0, max - min + 2));
      return rows < ID_MIN_ROWS || mostDistinct / rows < ID_SHARE;
    }

    /** Open addressing on the numbers' bits; NaN (missing) is never stored, so its bits mark a free slot. */
    private static int distinctBits(double[] values, int[] part, int rows) {
      long free = Double.doubleToLongBits(Double.NaN);
      long[] slots = new long[Integer.highestOneBit(Math.max(2, rows) * 2 - 1) << 1];
      Arrays.fill(slots, free);
      int mask = slots.length - 1;
      int size = 0;
      for (int r = 0; r < part.length; r++) {
        if (part[r] < 0 || Double.isNaN(values[r])) {
          continue;
        }
        long bits = Double.doubleToLongBits(values[r]);
        int slot = (int) RowClasses.spread(bits) & mask;
        while (slots[slot] != free && slots[slot] != bits) {
          slot = (slot + 1) & mask;
        }
        if (slots[slot] == free) {
          slots[slot] = bits;
          size++;
        }
      }
      return size;
    }

    static Distinct categories(Column.Categorical column, int[] part) {
      int[] codes = column.codes();
      int[] ids = categoryIds(column.dictionary());
      boolean[] seen = new boolean[ids.length];
      int rows = 0;
      int size = 0;
      for (int r = 0; r < part.length; r++) {
        if (part[r] < 0) {
          continue;
        }
        rows++;
        if (codes[r] >= 0 && !seen[ids[codes[r]]]) {
          seen[ids[codes[r]]] = true;
          size++;
        }
      }
      return new Distinct(rows, size, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }
  }
}
