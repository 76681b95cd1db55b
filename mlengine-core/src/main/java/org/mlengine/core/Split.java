package org.mlengine.core;

import org.apiguardian.api.API;
import org.mlengine.runtime.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Targets;
import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

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
    List<Partition> out = switch (kind) {
      case RANDOM -> byUnits(singletons(n), n, random);
      case STRATIFIED -> stratify(labels(table, target), random);
      case GROUP -> byUnits(groups(table), n, random);
      case TIME -> byTime(table);
    };
    if (kind == Kind.GROUP) {
      checkGroups(table, out);
    }
    if (kind == Kind.TIME) {
      checkTime(table, out);
    }
    return out;
  }

  // ---- random and group: units of rows (a unit is a row or a group) ----

  private static List<int[]> singletons(int n) {
    List<int[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new int[] {i});
    }
    return out;
  }

  private List<int[]> groups(Table table) {
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    for (int r = 0; r < table.rowCount(); r++) {
      checkArgument(
          !table.isMissing(column, r),
          "group column '%s' is missing at row %s; every row needs a group. Fill it or drop the row.",
          column,
          r);
      byGroup.computeIfAbsent(groupKey(table, r), g -> new ArrayList<>()).add(r);
    }
    checkArgument(
        byGroup.size() >= 2 || clampFolds,
        "group column '%s' has %s distinct value(s) in %s rows; a group split needs at least 2 groups."
            + " Split by a column with more groups, or use Split.random",
        column,
        byGroup.size(),
        table.rowCount());
    List<int[]> out = new ArrayList<>();
    for (List<Integer> rows : byGroup.values()) {
      out.add(rows.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  private String groupKey(Table table, int row) {
    return String.valueOf(table.value(column, row));
  }

  private List<Partition> byUnits(List<int[]> units, int n, SplittableRandom random) {
    List<int[]> shuffled = new ArrayList<>(units);
    shuffle(shuffled, random);
    String unitName = kind == Kind.GROUP ? "groups" : "rows";
    if (folds > 0) {
      if (clampFolds && shuffled.size() < 2) {
        return List.of();
      }
      int k = foldCount(shuffled.size(), unitName);
      List<List<int[]>> foldUnits = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        foldUnits.add(new ArrayList<>());
      }
      if (kind == Kind.GROUP) {
        // Largest groups first (ties in shuffled order), each to the fold with the fewest rows,
        // as GroupKFold does, so folds balance. The first k groups go to k empty folds.
        shuffled.sort((a, b) -> Integer.compare(b.length, a.length));
        int[] sizes = new int[k];
        for (int[] unit : shuffled) {
          int best = 0;
          for (int f = 1; f < k; f++) {
            if (sizes[f] < sizes[best]) {
              best = f;
            }
          }
          foldUnits.get(best).add(unit);
          sizes[best] += unit.length;
        }
      } else {
        for (int i = 0; i < shuffled.size(); i++) {
          foldUnits.get(i % k).add(shuffled.get(i));
        }
      }
      List<Partition> out = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        List<int[]> train = new ArrayList<>();
        for (int g = 0; g < k; g++) {
          if (g != f) {
            train.addAll(foldUnits.get(g));
          }
        }
        out.add(Partition.of(flatten(train), flatten(foldUnits.get(f))));
      }
      return out;
    }
    int testTarget = testCount(n);
    int validationTarget = validationCount(n);
    checkRoom(n, testTarget, validationTarget);
    checkArgument(
        validationTarget == 0 || shuffled.size() >= 3,
        "group column '%s' has %s groups; a group split with validation needs at least 3, one for each part."
            + " Drop validation() or split by a column with more groups",
        column,
        shuffled.size());
    boolean[] taken = new boolean[shuffled.size()];
    List<int[]> test = take(shuffled, taken, testTarget, validationTarget > 0 ? 2 : 1);
    List<int[]> validation = validationTarget > 0 ? take(shuffled, taken, validationTarget, 1) : List.of();
    List<int[]> train = new ArrayList<>();
    for (int i = 0; i < shuffled.size(); i++) {
      if (!taken[i]) {
        train.add(shuffled.get(i));
      }
    }
    return List.of(Partition.of(flatten(train), flatten(validation), flatten(test)));
  }

  /**
   * Takes units in order while that brings the taken rows no further from {@code target} than
   * they are; if none fits, the smallest unit, so that the part is never empty. Always leaves at
   * least {@code reserve} units for the parts still to fill.
   */
  private static List<int[]> take(List<int[]> units, boolean[] taken, int target, int reserve) {
    int left = 0;
    for (boolean t : taken) {
      left += t ? 0 : 1;
    }
    List<int[]> out = new ArrayList<>();
    int rows = 0;
    for (int i = 0; i < units.size() && rows < target && left > reserve; i++) {
      int size = units.get(i).length;
      if (!taken[i] && rows + size - target <= target - rows) {
        taken[i] = true;
        out.add(units.get(i));
        rows += size;
        left--;
      }
    }
    if (out.isEmpty()) {
      int smallest = -1;
      for (int i = 0; i < units.size(); i++) {
        if (!taken[i] && (smallest < 0 || units.get(i).length < units.get(smallest).length)) {
          smallest = i;
        }
      }
      if (smallest < 0 || left <= reserve) {
        throw new IllegalStateException("no unit left to hold out; this is a bug in Split");
      }
      taken[smallest] = true;
      out.add(units.get(smallest));
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
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int r = 0; r < n; r++) {
      byClass.computeIfAbsent(labels[r], c -> new ArrayList<>()).add(r);
    }
    List<List<Integer>> classes = new ArrayList<>(byClass.values());
    for (List<Integer> rows : classes) {
      shuffle(rows, random);
    }
    if (folds > 0) {
      // Each class dealt round-robin, continuing where the previous class stopped: every fold
      // differs from the others by at most one row overall and per class.
      int k = foldCount(n, "rows");
      List<List<Integer>> foldRows = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        foldRows.add(new ArrayList<>());
      }
      int next = 0;
      for (List<Integer> rows : classes) {
        for (int row : rows) {
          foldRows.get(next).add(row);
          next = (next + 1) % k;
        }
      }
      List<Partition> out = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        List<Integer> train = new ArrayList<>();
        for (int g = 0; g < k; g++) {
          if (g != f) {
            train.addAll(foldRows.get(g));
          }
        }
        out.add(Partition.of(sorted(train), sorted(foldRows.get(f))));
      }
      return out;
    }
    int nTest = testCount(n);
    int nValidation = validationCount(n);
    checkRoom(n, nTest, nValidation);
    int[] counts = classes.stream().mapToInt(List::size).toArray();
    int[] testPerClass = apportion(counts, nTest, random);
    int[] left = new int[counts.length];
    Arrays.setAll(left, c -> counts[c] - testPerClass[c]);
    int[] validationPerClass = apportion(left, nValidation, random);
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<Integer> rows = classes.get(c);
      for (int i = 0; i < rows.size(); i++) {
        (i < testPerClass[c] ? test : i < testPerClass[c] + validationPerClass[c] ? validation : train)
            .add(rows.get(i));
      }
    }
    return List.of(Partition.of(sorted(train), sorted(validation), sorted(test)));
  }

  /**
   * Shares {@code total} among classes in proportion to {@code counts} by largest remainder
   * (ties at random), so each class gets the floor or the ceiling of its exact share.
   */
  private static int[] apportion(int[] counts, int total, SplittableRandom random) {
    long sum = Arrays.stream(counts).asLongStream().sum();
    int[] out = new int[counts.length];
    long[] remainder = new long[counts.length];
    int assigned = 0;
    for (int c = 0; c < counts.length; c++) {
      long exact = (long) total * counts[c];
      out[c] = (int) (exact / sum);
      remainder[c] = exact % sum;
      assigned += out[c];
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      order.add(c);
    }
    shuffle(order, random);
    order.sort((a, b) -> Long.compare(remainder[b], remainder[a]));
    for (int i = 0; i < total - assigned; i++) {
      out[order.get(i)]++;
    }
    return out;
  }

  // ---- time ----

  private List<Partition> byTime(Table table) {
    long[] time = table.timestampColumn(column);
    int n = time.length;
    for (int r = 0; r < n; r++) {
      checkArgument(
          time[r] != Column.MISSING_TIME,
          "time column '%s' is missing at row %s; every row needs a time. Fill it or drop the row.",
          column,
          r);
    }
    long[] sorted = time.clone();
    Arrays.sort(sorted);
    long[] distinct = Arrays.stream(sorted).distinct().toArray();
    long gapMillis = gapMillis();
    if (folds > 0) {
      return timeFolds(time, sorted, distinct, gapMillis);
    }
    checkDistinctTimes(distinct, n);
    int nTest = testCount(n);
    int nValidation = validationCount(n);
    checkRoom(n, nTest, nValidation);
    // Boundaries at the times of the rows that start each part; rows tied with a boundary go to
    // the later part. A boundary that would leave an earlier part without an instant of its own
    // moves to the nearest time that leaves it one.
    long testFrom = sorted[n - nTest];
    long validationFrom;
    if (nValidation == 0) {
      testFrom = Math.max(testFrom, distinct[1]);
      validationFrom = testFrom;
    } else {
      checkArgument(
          distinct.length >= 3,
          "time column '%s' has %s distinct times; a time-ordered split with validation needs at least 3,"
              + " one for each part. Drop validation() or give data that spans more time",
          column,
          distinct.length);
      testFrom = Math.max(testFrom, distinct[2]);
      validationFrom = Math.min(Math.max(sorted[n - nTest - nValidation], distinct[1]), previousTime(distinct, testFrom));
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (time[r] >= testFrom) {
        test.add(r);
      } else if (time[r] >= validationFrom) {
        if (plus(time[r], gapMillis) < testFrom) {
          validation.add(r);
        }
      } else if (plus(time[r], gapMillis) < validationFrom) {
        train.add(r);
      }
    }
    checkArgument(!train.isEmpty(), "%s", emptyTrain(validationFrom));
    if (nValidation > 0) {
      checkArgument(
          !validation.isEmpty(),
          "the time-ordered split on '%s' left no rows for validation: none from %s is earlier than %s minus"
              + " the gap %s. Lower the gap, raise the validation share, or drop validation()",
          column,
          Instant.ofEpochMilli(validationFrom),
          Instant.ofEpochMilli(testFrom),
          gap);
    }
    return List.of(Partition.of(sorted(train), sorted(validation), sorted(test)));
  }

  private List<Partition> timeFolds(long[] time, long[] sorted, long[] distinct, long gapMillis) {
    int n = time.length;
    int k;
    if (clampFolds) {
      k = Math.min(folds, distinct.length - 1);
    } else {
      checkArgument(
          folds < n,
          "timeSeriesKFold(%s) cuts the rows into %s blocks and needs at least %s rows, but the table has %s;"
              + " use k <= %s",
          folds,
          folds + 1,
          folds + 1,
          n,
          n - 1);
      checkDistinctTimes(distinct, n);
      checkArgument(
          folds < distinct.length,
          "timeSeriesKFold(%s) on '%s' needs at least %s distinct times, one per block, but there are %s;"
              + " use k <= %s or data with more distinct times",
          folds,
          column,
          folds + 1,
          distinct.length,
          distinct.length - 1);
      k = folds;
    }
    List<Partition> out = new ArrayList<>();
    if (k < 1) {
      return out;
    }
    // Block f+1 starts at the time of row n - (k - f) * testSize in time order. Rows tied with a
    // start go to the later block; where ties would leave a block without an instant of its own,
    // its start moves to the nearest instant that leaves every block one.
    int testSize = n / (k + 1);
    long[] from = new long[k];
    for (int f = 0; f < k; f++) {
      from[f] = Math.min(sorted[n - (k - f) * testSize], distinct[distinct.length - (k - f)]);
      from[f] = Math.max(from[f], f == 0 ? distinct[1] : nextTime(distinct, from[f - 1]));
    }
    for (int f = 0; f < k; f++) {
      long until = f == k - 1 ? Long.MAX_VALUE : from[f + 1];
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        if (time[r] >= from[f] && time[r] < until) {
          test.add(r);
        } else if (plus(time[r], gapMillis) < from[f]) {
          train.add(r);
        }
      }
      if (train.isEmpty()) {
        if (clampFolds) {
          continue;
        }
        throw new IllegalArgumentException(emptyTrain(from[f]));
      }
      out.add(Partition.of(sorted(train), sorted(test)));
    }
    return out;
  }

  private void checkDistinctTimes(long[] distinct, int n) {
    checkArgument(
        distinct.length >= 2,
        "time column '%s' has the same time %s in all %s rows; a time-ordered split needs at least 2 distinct"
            + " times. Split by a column whose time varies, or use Split.random",
        column,
        Instant.ofEpochMilli(distinct[0]),
        n);
  }

  /** The smallest time after {@code t}; the input has one. */
  private static long nextTime(long[] distinct, long t) {
    for (long d : distinct) {
      if (d > t) {
        return d;
      }
    }
    throw new IllegalStateException("no time after " + Instant.ofEpochMilli(t) + "; this is a bug in Split");
  }

  /** The largest time before {@code t}; the input has one. */
  private static long previousTime(long[] sorted, long t) {
    for (int i = sorted.length - 1; i >= 0; i--) {
      if (sorted[i] < t) {
        return sorted[i];
      }
    }
    throw new IllegalStateException("no time before " + t + "; this is a bug in Split");
  }

  private long gapMillis() {
    try {
      return gap.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** t + gap, saturating instead of overflowing. */
  private static long plus(long t, long gapMillis) {
    return t > Long.MAX_VALUE - gapMillis ? Long.MAX_VALUE : t + gapMillis;
  }

  private String emptyTrain(long heldOutFrom) {
    return "the time-ordered split on '" + column + "' left no rows to train on: none is earlier than "
        + Instant.ofEpochMilli(heldOutFrom) + " minus the gap " + gap
        + ". Lower the gap, raise the training share, or give data that spans more time.";
  }

  // ---- invariants ----

  private void checkGroups(Table table, List<Partition> parts) {
    for (Partition p : parts) {
      Set<String> held = new HashSet<>();
      p.test().forEach(r -> held.add(groupKey(table, r)));
      Set<String> validation = new HashSet<>();
      p.validation().forEach(r -> validation.add(groupKey(table, r)));
      p.train().forEach(r -> {
        String g = groupKey(table, r);
        if (held.contains(g) || validation.contains(g)) {
          throw new IllegalStateException(
              "group '" + g + "' of column '" + column + "' is on both sides of the split (row " + r
                  + "); this is a bug in Split");
        }
      });
      validation.forEach(g -> {
        if (held.contains(g)) {
          throw new IllegalStateException(
              "group '" + g + "' of column '" + column + "' is in validation and test; this is a bug in Split");
        }
      });
    }
  }

  private void checkTime(Table table, List<Partition> parts) {
    long[] time = table.timestampColumn(column);
    long gapMillis = gapMillis();
    for (Partition p : parts) {
      checkBefore(p.train().stream(), IntStream.concat(p.validation().stream(), p.test().stream()), time, gapMillis);
      checkBefore(p.validation().stream(), p.test().stream(), time, gapMillis);
    }
  }

  private void checkBefore(IntStream earlier, IntStream later, long[] time, long gapMillis) {
    var last = earlier.mapToLong(r -> time[r]).max();
    var first = later.mapToLong(r -> time[r]).min();
    if (last.isPresent() && first.isPresent() && !(plus(last.getAsLong(), gapMillis) < first.getAsLong())) {
      throw new IllegalStateException("time split invariant broken: the time " + Instant.ofEpochMilli(last.getAsLong())
          + " + gap " + gap + " is not before the later part's time " + Instant.ofEpochMilli(first.getAsLong())
          + "; this is a bug in Split");
    }
  }

  // ---- helpers ----

  /** Rows held out for test: round-half-up of (1 - trainFraction) * n on the decimal fraction, at least 1. */
  private int testCount(int n) {
    return Math.max(1, share(BigDecimal.ONE.subtract(BigDecimal.valueOf(trainFraction)), n));
  }

  /** Rows set aside for validation: 0 when not asked for, else round-half-up of fraction * n, at least 1. */
  private int validationCount(int n) {
    return validationFraction > 0 ? Math.max(1, share(BigDecimal.valueOf(validationFraction), n)) : 0;
  }

  private static int share(BigDecimal fraction, int n) {
    return fraction.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  private void checkRoom(int n, int nTest, int nValidation) {
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

  private int foldCount(int units, String what) {
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

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  private static int[] flatten(List<int[]> units) {
    return units.stream().flatMapToInt(Arrays::stream).sorted().toArray();
  }

  private static int[] sorted(List<Integer> rows) {
    return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Override
  public String toString() {
    return "Split" + spec();
  }
}
