package org.mlengine.core;

import org.apiguardian.api.API;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Targets;
import static com.google.common.base.Preconditions.checkArgument;
import static org.mlengine.core.SplitRows.apportion;
import static org.mlengine.core.SplitRows.share;
import static org.mlengine.core.SplitRows.shuffle;
import static org.mlengine.core.SplitRows.singletons;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How a table is divided into the part a pipeline fits on and the parts it is judged on, so
 * that nothing learned ever sees a held-out row. Four kinds, each as a hold-out split and as k
 * folds: random, stratified by the target, by group (no group on two sides) and time-ordered
 * with a gap (every training time + gap &lt; every held-out time). All are seeded; each checks
 * its own invariant and says so when the data break it.
 *
 * <p>A hold-out split holds out round((1 &minus; trainFraction) &times; n) rows for test (at least
 * one), rounding half up on the decimal fraction as written, and round(validation &times; n) rows
 * (at least one) for validation when {@link #validation} asks for them; the rest train. Group
 * splits move whole groups, so their parts come as close to these counts as the group sizes
 * allow; time splits move whole instants, so ties at a boundary can shift a few rows.
 *
 * <pre>{@code
 * Split.stratified(0.8)                                  // 80% train, 20% test, class shares kept
 * Split.group("customer", 0.8).validation(0.1)           // no customer on two sides
 * Split.timeOrdered("date", 0.8).gap(Duration.ofDays(14)) // train ends 14 days before test starts
 * Split.stratifiedKFold(5).partitions(table, "Status", 42)
 * }</pre>
 */
public final class Split {

  private enum Kind {
    RANDOM("random", "kFold"),
    STRATIFIED("stratified", "stratifiedKFold"),
    GROUP("group", "groupKFold"),
    TIME("time-ordered", "timeSeriesKFold");

    final String label;
    final String kFoldFactory;

    Kind(String label, String kFoldFactory) {
      this.label = label;
      this.kFoldFactory = kFoldFactory;
    }
  }

  private final Kind kind;
  private final double trainFraction;
  private final double validationFraction;
  private final String column;
  private final Duration gap;
  private final int folds;
  private final boolean clampFolds;

  private Split(
      Kind kind,
      double trainFraction,
      double validationFraction,
      String column,
      Duration gap,
      int folds,
      boolean clampFolds) {
    this.kind = kind;
    this.trainFraction = trainFraction;
    this.validationFraction = validationFraction;
    this.column = column;
    this.gap = gap;
    this.folds = folds;
    this.clampFolds = clampFolds;
  }

  /** Rows drawn at random: {@code trainFraction} of them to train, the rest to test. */
  public static Split random(double trainFraction) {
    return holdout(Kind.RANDOM, trainFraction, null);
  }

  /**
   * Like {@link #random} but each target class keeps its share in every part: each class holds
   * out within one row of its share, and the parts together hold out exactly the hold-out count.
   */
  public static Split stratified(double trainFraction) {
    return holdout(Kind.STRATIFIED, trainFraction, null);
  }

  /**
   * Whole groups (rows sharing a value of {@code column}) go to one side; no group is on two.
   * Groups are drawn at random until the held-out part is as close to its share of rows as the
   * group sizes allow.
   */
  public static Split group(String column, double trainFraction) {
    return holdout(Kind.GROUP, trainFraction, requireColumn(column, "group"));
  }

  /**
   * The earliest {@code trainFraction} of rows by the TIMESTAMP {@code column} train, the latest
   * test; never shuffled. Rows at a boundary instant all go to the later part, unless that
   * would leave the earlier part without rows; then the boundary moves to the nearest instant
   * that leaves it some.
   */
  public static Split timeOrdered(String column, double trainFraction) {
    return holdout(Kind.TIME, trainFraction, requireColumn(column, "timeOrdered"));
  }

  /** k folds of random rows; each row is held out exactly once. */
  public static Split kFold(int k) {
    return kFolds(Kind.RANDOM, k, null);
  }

  /** k folds keeping each class's share in every fold; each row is held out exactly once. */
  public static Split stratifiedKFold(int k) {
    return kFolds(Kind.STRATIFIED, k, null);
  }

  /** k folds of whole groups of {@code column}; each group is held out exactly once. */
  public static Split groupKFold(String column, int k) {
    return kFolds(Kind.GROUP, k, requireColumn(column, "groupKFold"));
  }

  /**
   * k expanding-window folds in time order, as scikit-learn's {@code TimeSeriesSplit}: the rows,
   * sorted by time, are cut into k+1 blocks of n/(k+1) rows (the first block takes the
   * remainder); fold j holds out block j+1 and trains on every earlier row whose time + gap is
   * before the block. Rows sharing an instant stay in one block: a block starts at an instant,
   * and where ties would leave a block no instant of its own its start moves to the nearest one
   * that does. The rows of the first block are never held out.
   */
  public static Split timeSeriesKFold(String column, int k) {
    return kFolds(Kind.TIME, k, requireColumn(column, "timeSeriesKFold"));
  }

  private static String requireColumn(String column, String factory) {
    if (column == null) {
      throw new NullPointerException(
          "Split." + factory + " was given a null column; pass the name of the column it splits by");
    }
    return column;
  }

  private static Split holdout(Kind kind, double trainFraction, String column) {
    checkArgument(
        trainFraction > 0 && trainFraction < 1,
        "trainFraction %s is outside (0, 1); give the share of rows to train on, e.g. 0.8",
        trainFraction);
    return new Split(kind, trainFraction, 0, column, Duration.ZERO, 0, false);
  }

  private static Split kFolds(Kind kind, int k, String column) {
    checkArgument(
        k >= 2,
        "%s(%s): a k-fold split needs k >= 2 folds; use e.g. 5, or a hold-out split for a single test part",
        kind.kFoldFactory,
        k);
    return new Split(kind, 0, 0, column, Duration.ZERO, k, false);
  }

  /**
   * The time that must pass between the last training row and the first held-out row (time
   * splits only): rows inside the gap are left out of both. With a validation part the gap also
   * separates validation from test.
   */
  public Split gap(Duration gap) {
    Objects.requireNonNull(gap, "gap() was given null; pass a duration such as Duration.ofDays(7), or Duration.ZERO");
    checkArgument(
        kind == Kind.TIME,
        "gap() applies to time-ordered splits; this split is %s. Use Split.timeOrdered or Split.timeSeriesKFold, or drop gap()",
        kind.label);
    checkArgument(!gap.isNegative(), "gap %s is negative; give zero or a positive duration", gap);
    return new Split(kind, trainFraction, validationFraction, column, gap, folds, clampFolds);
  }

  /**
   * Also sets aside a validation part of this share of all rows, taken from the training side
   * (for time splits, the latest training rows). Hold-out splits only.
   */
  public Split validation(double fraction) {
    checkArgument(
        folds == 0,
        "validation() applies to hold-out splits; this %s-fold split holds out every fold in turn. Drop validation() or use a hold-out split",
        folds);
    checkArgument(
        fraction > 0 && fraction < trainFraction,
        "validation fraction %s must be in (0, %s), the training share it is taken from; give a smaller share, e.g. 0.1",
        fraction,
        trainFraction);
    return new Split(kind, trainFraction, fraction, column, gap, folds, clampFolds);
  }

  /** Whether this split orders rows by time (held-out rows come after the training rows). */
  boolean isTimeOrdered() {
    return kind == Kind.TIME;
  }

  /** Whether this split sets aside a validation part. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public boolean hasValidation() {
    return validationFraction > 0;
  }

  /** Whether this is a k-fold split. */
  public boolean isKFold() {
    return folds > 0;
  }

  /** The column a group or time split reads, if any. */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /**
   * k folds of the same kind as this split, for cross-fitting target-aware steps. Unlike the
   * public k-fold forms these never fail for lack of data: k shrinks to the rows, groups or
   * instants there are, and time folds without earlier rows are left out (their rows, like the
   * first block, are in no test part). With fewer than 2 rows, groups or instants there are no
   * folds at all: the list is empty.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Split crossFitFolds(int k) {
    checkArgument(k >= 2, "cross-fitting needs k >= 2 folds, got %s; use e.g. 5", k);
    return new Split(kind, 0, 0, column, gap, k, true);
  }

  /** The split's settings as JSON-ready values, for the pipeline spec. */
  public Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.label);
    if (folds > 0) {
      out.put("folds", folds);
    } else {
      out.put("trainFraction", trainFraction);
      if (validationFraction > 0) {
        out.put("validationFraction", validationFraction);
      }
    }
    if (column != null) {
      out.put("column", column);
    }
    if (kind == Kind.TIME) {
      out.put("gap", gap.toString());
    }
    return out;
  }

  /** Adds a message for each way this split does not fit the schema. */
  void check(Schema schema, List<String> problems) {
    if (column == null) {
      return;
    }
    var field = schema.column(column);
    if (field.isEmpty()) {
      problems.add("split column '" + column + "' is not in the table; the table has " + schema.names()
          + ". Check the spelling.");
    } else if (kind == Kind.TIME && field.get().type() != ColumnType.TIMESTAMP) {
      problems.add("split column '" + column + "' is " + field.get().type() + "; a time-ordered split needs TIMESTAMP."
          + " Declare it with CsvOptions.defaults().timestamp(\"" + column + "\") or split by another column.");
    }
  }

  /** The one partition of a hold-out split. */
  public Partition partition(Table table, String target, long seed) {
    checkArgument(
        folds == 0,
        "partition() is for hold-out splits; this is a %s-fold split: use partitions()",
        folds);
    return partitions(table, target, seed).get(0);
  }

  /**
   * The partitions of the table: one for a hold-out split, k for a k-fold split. The row indices
   * in each part are sorted; the same table, target and seed always give the same partitions.
   *
   * @param target the target column (stratified splits read it; others may pass any column)
   * @param seed the seed for every random choice
   */
  public List<Partition> partitions(Table table, String target, long seed) {
    Objects.requireNonNull(table, "partitions() was given a null table");
    List<String> problems = new ArrayList<>();
    check(table.schema(), problems);
    checkArgument(problems.isEmpty(), "%s", String.join("\n", problems));
    int n = table.rowCount();
    if (clampFolds && n < 2) {
      return List.of();
    }
    checkArgument(n >= 2, "the table has %s row(s); a split needs at least 2 rows", n);
    SplittableRandom random = new SplittableRandom(seed);
    UnitSplits units = new UnitSplits(this, kind == Kind.GROUP, column, folds, clampFolds);
    TimeSplits times = new TimeSplits(this, column, gap, folds, clampFolds);
    List<Partition> out = switch (kind) {
      case RANDOM -> units.byUnits(singletons(n), n, random);
      case STRATIFIED -> stratify(labels(table, target), random);
      case GROUP -> units.byUnits(units.groups(table), n, random);
      case TIME -> times.byTime(table);
    };
    if (kind == Kind.GROUP) {
      units.checkGroups(table, out);
    }
    if (kind == Kind.TIME) {
      times.checkTime(table, out);
    }
    return out;
  }

  // ---- stratified ----

  private static String[] labels(Table table, String target) {
    if (target == null) {
      throw new NullPointerException(
          "a stratified split reads the target, but the target is null; pass the target column's name");
    }
    return Targets.labels(table, target);
  }

  private List<Partition> stratify(String[] labels, SplittableRandom random) {
    int n = labels.length;
    int[][] classes = rowsByClass(labels);
    for (int[] rows : classes) {
      shuffle(rows, random);
    }
    if (folds > 0) {
      // Each class dealt round-robin, continuing where the previous class stopped: every fold
      // differs from the others by at most one row overall and per class.
      int k = foldCount(n, "rows");
      int[] foldOf = new int[n];
      int[] foldSize = new int[k];
      int next = 0;
      for (int[] rows : classes) {
        for (int row : rows) {
          foldOf[row] = next;
          foldSize[next]++;
          next = (next + 1) % k;
        }
      }
      List<Partition> out = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        int[] train = new int[n - foldSize[f]];
        int[] held = new int[foldSize[f]];
        int t = 0;
        int h = 0;
        for (int row = 0; row < n; row++) {
          if (foldOf[row] == f) {
            held[h++] = row;
          } else {
            train[t++] = row;
          }
        }
        out.add(Partition.of(train, held));
      }
      return out;
    }
    int nTest = testCount(n);
    int nValidation = validationCount(n);
    checkRoom(n, nTest, nValidation);
    int[] counts = Arrays.stream(classes).mapToInt(rows -> rows.length).toArray();
    int[] testPerClass = apportion(counts, nTest, random);
    int[] left = new int[counts.length];
    Arrays.setAll(left, c -> counts[c] - testPerClass[c]);
    int[] validationPerClass = apportion(left, nValidation, random);
    // 0 train, 1 validation, 2 test: each class's first rows (in shuffled order) are held out.
    byte[] partOf = new byte[n];
    for (int c = 0; c < classes.length; c++) {
      int[] rows = classes[c];
      for (int i = 0; i < rows.length; i++) {
        partOf[rows[i]] = (byte) (i < testPerClass[c] ? 2 : i < testPerClass[c] + validationPerClass[c] ? 1 : 0);
      }
    }
    return List.of(Partition.of(rowsOf(partOf, (byte) 0), rowsOf(partOf, (byte) 1), rowsOf(partOf, (byte) 2)));
  }

  /** The rows of each class in ascending order, the classes in their labels' sorted order. */
  private static int[][] rowsByClass(String[] labels) {
    Map<String, Integer> idOf = new java.util.HashMap<>();
    int[] classOf = new int[labels.length];
    int[] size = new int[Math.min(labels.length, 16)];
    for (int r = 0; r < labels.length; r++) {
      Integer id = idOf.get(labels[r]);
      if (id == null) {
        id = idOf.size();
        idOf.put(labels[r], id);
        if (id == size.length) {
          size = Arrays.copyOf(size, size.length * 2);
        }
      }
      classOf[r] = id;
      size[id]++;
    }
    List<String> names = new ArrayList<>(new TreeMap<>(idOf).keySet());
    int[] rank = new int[idOf.size()];
    for (int k = 0; k < names.size(); k++) {
      rank[idOf.get(names.get(k))] = k;
    }
    int[][] rows = new int[names.size()][];
    for (Map.Entry<String, Integer> e : idOf.entrySet()) {
      rows[rank[e.getValue()]] = new int[size[e.getValue()]];
    }
    int[] filled = new int[names.size()];
    for (int r = 0; r < labels.length; r++) {
      int c = rank[classOf[r]];
      rows[c][filled[c]++] = r;
    }
    return rows;
  }

  /** The rows whose part is {@code part}, ascending. */
  private static int[] rowsOf(byte[] partOf, byte part) {
    int count = 0;
    for (byte p : partOf) {
      count += p == part ? 1 : 0;
    }
    int[] out = new int[count];
    int k = 0;
    for (int r = 0; r < partOf.length; r++) {
      if (partOf[r] == part) {
        out[k++] = r;
      }
    }
    return out;
  }

  // ---- helpers ----

  /** Rows held out for test: round-half-up of (1 - trainFraction) * n on the decimal fraction, at least 1. */
  int testCount(int n) {
    return Math.max(1, share(BigDecimal.ONE.subtract(BigDecimal.valueOf(trainFraction)), n));
  }

  /** Rows set aside for validation: 0 when not asked for, else round-half-up of fraction * n, at least 1. */
  int validationCount(int n) {
    return validationFraction > 0 ? Math.max(1, share(BigDecimal.valueOf(validationFraction), n)) : 0;
  }

  void checkRoom(int n, int nTest, int nValidation) {
    checkArgument(
        nTest + nValidation < n,
        "the %s split of %s rows holds out %s for test%s, which leaves no row to train on;"
            + " raise trainFraction%s or give more data",
        kind.label,
        n,
        nTest,
        nValidation > 0 ? " and " + nValidation + " for validation" : "",
        nValidation > 0 ? ", lower the validation share" : "");
  }

  int foldCount(int units, String what) {
    if (clampFolds) {
      return Math.max(2, Math.min(folds, units));
    }
    checkArgument(
        folds <= units,
        "%s(%s) needs at least %s %s, one per fold, but there are %s; use k <= %s",
        kind.kFoldFactory,
        folds,
        folds,
        what,
        units,
        units);
    return folds;
  }

  @Override
  public String toString() {
    return "Split" + spec();
  }
}
