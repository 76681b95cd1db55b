package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableIntArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How a table is divided into the part a pipeline fits on and the parts it is judged on, so
 * that nothing learned ever sees a held-out row. Four kinds, each as a hold-out split and as k
 * folds: random, stratified by the target, by group (no group on two sides) and time-ordered
 * with a gap (every training time + gap &lt; every held-out time). All are seeded; each checks
 * its own invariant and says so when the data break it.
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
    RANDOM("random"),
    STRATIFIED("stratified"),
    GROUP("group"),
    TIME("time-ordered");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private final Kind kind;
  private final double trainFraction;
  private final double validationFraction;
  private final String column;
  private final Duration gap;
  private final int folds;
  private final boolean clampFolds;

  private Split(Kind kind, double trainFraction, double validationFraction, String column, Duration gap, int folds, boolean clampFolds) {
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

  /** Like {@link #random} but each target class keeps its share in every part. */
  public static Split stratified(double trainFraction) {
    return holdout(Kind.STRATIFIED, trainFraction, null);
  }

  /** Whole groups (rows sharing a value of {@code column}) go to one side; no group is on two. */
  public static Split group(String column, double trainFraction) {
    return holdout(Kind.GROUP, trainFraction, Objects.requireNonNull(column, "column"));
  }

  /**
   * The earliest {@code trainFraction} of rows by the TIMESTAMP {@code column} train, the latest
   * test; never shuffled. Rows at the boundary instant all go to test.
   */
  public static Split timeOrdered(String column, double trainFraction) {
    return holdout(Kind.TIME, trainFraction, Objects.requireNonNull(column, "column"));
  }

  /** k folds of random rows; each row is held out exactly once. */
  public static Split kFold(int k) {
    return kFolds(Kind.RANDOM, k, null);
  }

  /** k folds keeping each class's share in every fold. */
  public static Split stratifiedKFold(int k) {
    return kFolds(Kind.STRATIFIED, k, null);
  }

  /** k folds of whole groups of {@code column}; each group is held out exactly once. */
  public static Split groupKFold(String column, int k) {
    return kFolds(Kind.GROUP, k, Objects.requireNonNull(column, "column"));
  }

  /**
   * k expanding-window folds in time order, as scikit-learn's {@code TimeSeriesSplit}: the rows
   * are cut into k+1 blocks by time; fold j holds out block j+1 and trains on every earlier row
   * whose time + gap is before the block.
   */
  public static Split timeSeriesKFold(String column, int k) {
    return kFolds(Kind.TIME, k, Objects.requireNonNull(column, "column"));
  }

  private static Split holdout(Kind kind, double trainFraction, String column) {
    checkArgument(
        trainFraction > 0 && trainFraction < 1,
        "trainFraction %s is outside (0, 1); give the share of rows to train on, e.g. 0.8",
        trainFraction);
    return new Split(kind, trainFraction, 0, column, Duration.ZERO, 0, false);
  }

  private static Split kFolds(Kind kind, int k, String column) {
    checkArgument(k >= 2, "k = %s folds; k-fold splits need k >= 2", k);
    return new Split(kind, 0, 0, column, Duration.ZERO, k, false);
  }

  /**
   * The time that must pass between the last training row and the first held-out row (time
   * splits only): rows inside the gap are left out of both.
   */
  public Split gap(Duration gap) {
    Objects.requireNonNull(gap, "gap");
    checkArgument(kind == Kind.TIME, "gap() applies to time-ordered splits; this split is %s", kind.label);
    checkArgument(!gap.isNegative(), "gap %s is negative; give zero or a positive duration", gap);
    return new Split(kind, trainFraction, validationFraction, column, gap, folds, clampFolds);
  }

  /**
   * Also sets aside a validation part of this share of all rows, taken from the training side
   * (for time splits, the latest training rows). Hold-out splits only.
   */
  public Split validation(double fraction) {
    checkArgument(folds == 0, "validation() applies to hold-out splits; k-fold splits hold out every fold in turn");
    checkArgument(
        fraction > 0 && fraction < trainFraction,
        "validation fraction %s must be in (0, %s), the training share it is taken from",
        fraction,
        trainFraction);
    return new Split(kind, trainFraction, fraction, column, gap, folds, clampFolds);
  }

  /** Whether this is a k-fold split. */
  public boolean isKFold() {
    return folds > 0;
  }

  /** The column a group or time split reads, if any. */
  public java.util.Optional<String> column() {
    return java.util.Optional.ofNullable(column);
  }

  /** k folds of the same kind as this split, for cross-fitting target-aware steps. */
  Split crossFitFolds(int k) {
    checkArgument(k >= 2, "cross-fitting needs k >= 2 folds, got %s", k);
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
          + " Declare it with CsvOptions.timestamp(\"" + column + "\").");
    }
  }

  /** The one partition of a hold-out split. */
  public Partition partition(Table table, String target, long seed) {
    checkArgument(folds == 0, "partition() is for hold-out splits; this is a %s-fold split: use partitions()", folds);
    return partitions(table, target, seed).get(0);
  }

  /**
   * The partitions of the table: one for a hold-out split, k for a k-fold split.
   *
   * @param target the target column (stratified splits read it; others may pass any column)
   * @param seed the seed for every random choice
   */
  public List<Partition> partitions(Table table, String target, long seed) {
    List<String> problems = new ArrayList<>();
    check(table.schema(), problems);
    checkArgument(problems.isEmpty(), String.join("\n", problems));
    int n = table.rowCount();
    checkArgument(n >= 2, "the table has %s rows; a split needs at least 2", n);
    SplittableRandom random = new SplittableRandom(seed);
    List<Partition> out = switch (kind) {
      case RANDOM -> byUnits(singletons(n), n, random);
      case STRATIFIED -> stratify(Targets.labels(table, target), random);
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
      byGroup.computeIfAbsent(String.valueOf(table.value(column, r)), g -> new ArrayList<>()).add(r);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> rows : byGroup.values()) {
      out.add(rows.stream().mapToInt(Integer::intValue).toArray());
    }
    checkArgument(
        out.size() >= 2,
        "group column '%s' has %s distinct value(s); a group split needs at least 2 groups",
        column,
        out.size());
    return out;
  }

  private List<Partition> byUnits(List<int[]> units, int n, SplittableRandom random) {
    List<int[]> shuffled = new ArrayList<>(units);
    shuffle(shuffled, random);
    if (folds > 0) {
      int k = foldCount(shuffled.size(), kind == Kind.GROUP ? "groups" : "rows");
      List<List<int[]>> foldUnits = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        foldUnits.add(new ArrayList<>());
      }
      if (kind == Kind.GROUP) {
        // Largest groups first, each to the fold with the fewest rows (as GroupKFold), so folds balance.
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
    int testTarget = (int) Math.round((1 - trainFraction) * n);
    int validationTarget = (int) Math.round(validationFraction * n);
    List<int[]> test = new ArrayList<>();
    List<int[]> validation = new ArrayList<>();
    List<int[]> train = new ArrayList<>();
    int testRows = 0;
    int validationRows = 0;
    for (int[] unit : shuffled) {
      if (testRows < Math.max(1, testTarget)) {
        test.add(unit);
        testRows += unit.length;
      } else if (validationRows < validationTarget) {
        validation.add(unit);
        validationRows += unit.length;
      } else {
        train.add(unit);
      }
    }
    checkArgument(
        !train.isEmpty(),
        "the %s split left no %s to train on (%s rows); lower the held-out share or give more data",
        kind.label,
        kind == Kind.GROUP ? "group" : "row",
        n);
    return List.of(Partition.of(flatten(train), flatten(validation), flatten(test)));
  }

  // ---- stratified ----

  private List<Partition> stratify(String[] labels, SplittableRandom random) {
    Map<String, List<Integer>> byClass = new java.util.TreeMap<>();
    for (int r = 0; r < labels.length; r++) {
      byClass.computeIfAbsent(labels[r], c -> new ArrayList<>()).add(r);
    }
    if (folds > 0) {
      int k = foldCount(labels.length, "rows");
      List<List<Integer>> foldRows = new ArrayList<>();
      for (int f = 0; f < k; f++) {
        foldRows.add(new ArrayList<>());
      }
      int next = 0;
      for (List<Integer> rows : byClass.values()) {
        shuffle(rows, random);
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
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> rows : byClass.values()) {
      shuffle(rows, random);
      int nTest = (int) Math.round((1 - trainFraction) * rows.size());
      int nValidation = (int) Math.round(validationFraction * rows.size());
      for (int i = 0; i < rows.size(); i++) {
        (i < nTest ? test : i < nTest + nValidation ? validation : train).add(rows.get(i));
      }
    }
    checkArgument(!test.isEmpty(), "the stratified split held out no rows (%s rows); raise the held-out share or give more data", labels.length);
    checkArgument(!train.isEmpty(), "the stratified split left no rows to train on (%s rows)", labels.length);
    return List.of(Partition.of(sorted(train), sorted(validation), sorted(test)));
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
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
    long gapMillis = gap.toMillis();
    List<Partition> out = new ArrayList<>();
    if (folds > 0) {
      int k = foldCount(n - 1, "rows");
      int testSize = n / (k + 1);
      checkArgument(testSize >= 1, "%s rows are too few for %s time-series folds", n, k);
      for (int f = 0; f < k; f++) {
        int start = n - (k - f) * testSize;
        long from = time[order[start]];
        long until = f == k - 1 ? Long.MAX_VALUE : time[order[start + testSize]];
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          if (time[r] >= from && time[r] < until) {
            test.add(r);
          } else if (time[r] + gapMillis < from) {
            train.add(r);
          }
        }
        if (!clampFolds) {
          checkArgument(!train.isEmpty(), emptyTrain(from));
        }
        if (!test.isEmpty()) {
          out.add(Partition.of(sorted(train), sorted(test)));
        }
      }
      return out;
    }
    int cut = Math.min(n - 1, (int) Math.round(trainFraction * n));
    long testFrom = time[order[cut]];
    int validationRows = (int) Math.round(validationFraction * n);
    long validationFrom = validationRows > 0 ? time[order[Math.max(0, cut - validationRows)]] : testFrom;
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (time[r] >= testFrom) {
        test.add(r);
      } else if (validationRows > 0 && time[r] >= validationFrom) {
        if (time[r] + gapMillis < testFrom) {
          validation.add(r);
        }
      } else if (time[r] + gapMillis < validationFrom) {
        train.add(r);
      }
    }
    checkArgument(!train.isEmpty(), emptyTrain(validationFrom));
    return List.of(Partition.of(sorted(train), sorted(validation), sorted(test)));
  }

  private String emptyTrain(long heldOutFrom) {
    return "the time-ordered split on '" + column + "' left no rows to train on: none is earlier than "
        + java.time.Instant.ofEpochMilli(heldOutFrom) + " minus the gap " + gap
        + ". Lower the gap, raise the training share, or give data that spans more time.";
  }

  // ---- invariants ----

  private void checkGroups(Table table, List<Partition> parts) {
    for (Partition p : parts) {
      Set<String> held = new HashSet<>();
      p.test().forEach(r -> held.add(String.valueOf(table.value(column, r))));
      p.validation().forEach(r -> held.add(String.valueOf(table.value(column, r))));
      p.train().forEach(r -> {
        String g = String.valueOf(table.value(column, r));
        if (held.contains(g)) {
          throw new IllegalStateException(
              "group '" + g + "' of column '" + column + "' is on both sides of the split (row " + r + "); this is a bug in Split");
        }
      });
    }
  }

  private void checkTime(Table table, List<Partition> parts) {
    long[] time = table.timestampColumn(column);
    long gapMillis = gap.toMillis();
    for (Partition p : parts) {
      long trainMax = p.train().stream().mapToLong(r -> time[r]).max().orElse(Long.MIN_VALUE / 2);
      long heldMin = java.util.stream.IntStream.concat(p.validation().stream(), p.test().stream())
          .mapToLong(r -> time[r]).min().orElse(Long.MAX_VALUE);
      if (!(trainMax + gapMillis < heldMin)) {
        throw new IllegalStateException("time split invariant broken: a training time " + java.time.Instant.ofEpochMilli(trainMax)
            + " + gap " + gap + " is not before the held-out time " + java.time.Instant.ofEpochMilli(heldMin)
            + "; this is a bug in Split");
      }
    }
  }

  // ---- helpers ----

  private int foldCount(int units, String what) {
    if (clampFolds) {
      return Math.max(2, Math.min(folds, units));
    }
    checkArgument(
        folds <= units,
        "%s folds need at least %s %s, but there are %s; use fewer folds",
        folds,
        folds,
        what,
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
