package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.Targets;
import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * What an {@link Extractor} sees when it is fitted: the training part (and nothing else), the
 * target column, the task, the seed, and the cross-fitting folds of the same kind as the outer
 * split.
 *
 * <pre>{@code
 * FitContext context = FitContext.of(train, "Status", Split.stratified(0.8), 42);
 * FittedTransform fitted = Features.meanEncoding("Job").fit(context);
 * }</pre>
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class FitContext {
  private final Table table;
  private final String target;
  private final Task task;
  private final Split split;
  private final long seed;
  private final List<Partition> explicitFolds;
  private final Table foldSource;
  private final IntArray augmentedSources;
  private final ImmutableList<String> classes;
  private final int[] classIndices;
  private final boolean ownsTable;

  private FitContext(Table table, String target, Task task, Split split, long seed, List<Partition> explicitFolds, Table foldSource,
      IntArray augmentedSources) {
    this(table, target, task, split, seed, explicitFolds, foldSource, augmentedSources, null, false);
  }

  /**
   * @param previous a context whose classes this one keeps when its table holds the very same
   *     target column (a step passed it through): the labels are then not read again; null to read them
   * @param ownsTable whether nothing but the fit reads the table's arrays ({@link #ownsTable()})
   */
  private FitContext(Table table, String target, Task task, Split split, long seed, List<Partition> explicitFolds, Table foldSource,
      IntArray augmentedSources, FitContext previous, boolean ownsTable) {
    this.ownsTable = ownsTable;
    this.table = Objects.requireNonNull(table, "table");
    this.target = Objects.requireNonNull(target, "target");
    this.task = Objects.requireNonNull(task, "task");
    this.split = Objects.requireNonNull(split, "split");
    this.seed = seed;
    this.explicitFolds = explicitFolds == null ? null : ImmutableList.copyOf(explicitFolds);
    this.foldSource = foldSource == null ? table : foldSource;
    this.augmentedSources = Objects.requireNonNull(augmentedSources, "augmentedSources");
    checkArgument(
        this.foldSource.rowCount() + augmentedSources.length() == table.rowCount(),
        "the fold source has %s rows and %s rows were added, but the training part has %s",
        this.foldSource.rowCount(),
        augmentedSources.length(),
        table.rowCount());
    for (int i = 0; i < augmentedSources.length(); i++) {
      int source = augmentedSources.get(i);
      checkArgument(
          source >= 0 && source < this.foldSource.rowCount(),
          "added row %s names source row %s, outside the %s original training rows",
          i,
          source,
          this.foldSource.rowCount());
    }
    if (task != Task.CLASSIFICATION) {
      this.classes = ImmutableList.of();
      this.classIndices = new int[0];
    } else if (previous != null && sameTarget(previous.table, table, target)) {
      this.classes = previous.classes;
      this.classIndices = previous.classIndices;
    } else {
      String[] labels = Targets.labels(table, target);
      // Each distinct label once (a HashMap, not a sorted set per row), then sorted: the same classes and indices.
      Map<String, Integer> firstSeen = new HashMap<>();
      int[] ids = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        Integer id = firstSeen.get(labels[i]);
        if (id == null) {
          id = firstSeen.size();
          firstSeen.put(labels[i], id);
        }
        ids[i] = id;
      }
      this.classes = ImmutableList.sortedCopyOf(firstSeen.keySet());
      int[] rank = new int[firstSeen.size()];
      firstSeen.forEach((label, id) -> rank[id] = classes.indexOf(label));
      this.classIndices = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        classIndices[i] = rank[ids[i]];
      }
    }
  }

  /** Whether two tables hold the very same target column object (so the same labels in the same rows). */
  private static boolean sameTarget(Table before, Table after, String target) {
    return before.rowCount() == after.rowCount() && before.hasColumn(target) && after.hasColumn(target)
        && RuntimeAccess.tables().column(before, target) == RuntimeAccess.tables().column(after, target);
  }

  /**
   * A context for fitting on {@code train}; the task follows from the target's type
   * (CATEGORICAL or TEXT: classification, NUMERIC: regression).
   *
   * @param split the outer split; its kind decides the kind of the cross-fitting folds
   */
  public static FitContext of(Table train, String target, Split split, long seed) {
    return of(train, target, Targets.inferTask(train, target), split, seed);
  }

  /** A context with an explicit task. */
  public static FitContext of(Table train, String target, Task task, Split split, long seed) {
    return new FitContext(train, target, task, split, seed, null, null, IntArray.of());
  }

  /**
   * This context over a transformed training part whose rows are those of {@code original}
   * followed by this context's added rows: cross-fitting folds are still drawn from the original
   * columns (the split's group or time column, the target), even after an earlier step dropped or
   * replaced them.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public FitContext withTable(Table transformed, Table original) {
    return new FitContext(transformed, target, task, split, seed, explicitFolds, original, augmentedSources, this, false);
  }

  /**
   * This context with the fit's word that nothing else reads its table's arrays: neither the
   * caller (the training part is a copy of the caller's rows) nor anything made before (an
   * earlier step's output that only the next step reads). A step's {@link
   * Extractor#applyToTraining} may then write its output over the arrays of the NUMERIC columns it
   * replaces instead of copying them, except for the columns of {@link #originalRows()}, which
   * cross-fitting still reads: at 3.2M training rows each such column is 26 MB the fit does not
   * hold twice (issue #15). A context made by {@code FitContext.of} never owns its table.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public FitContext owningTable() {
    return new FitContext(table, target, task, split, seed, explicitFolds, foldSource, augmentedSources, this, true);
  }

  /** Whether a step may overwrite this context's table's arrays; see {@link #owningTable()}. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public boolean ownsTable() {
    return ownsTable;
  }

  /**
   * This context over the training part with rows added by augmenters: {@code augmented} is this
   * context's rows followed by the added ones, and {@code sourceRows} gives, for each added row,
   * the index of the original row it was made from. Cross-fitting folds are drawn from the
   * original rows only, and each added row joins its source row's side of every fold.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public FitContext withAugmentedRows(Table augmented, IntArray sourceRows) {
    checkArgument(augmentedSources.isEmpty(), "this context already has added rows");
    return new FitContext(augmented, target, task, split, seed, explicitFolds, foldSource, sourceRows);
  }

  /**
   * This context with the cross-fitting folds given explicitly instead of drawn from the split,
   * for reproducing published values in tests.
   */
  public FitContext withCrossFitPartitions(List<Partition> folds) {
    return new FitContext(table, target, task, split, seed, folds, foldSource, augmentedSources, this, ownsTable);
  }

  /**
   * The original training rows this context's rows come from (before any step changed them and
   * without the rows augmenters added), for recording what each step was fitted on.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Table originalRows() {
    return foldSource;
  }

  /**
   * The training part, followed by any rows augmenters added to it. Steps fit on these rows and
   * no others.
   */
  public Table table() {
    return table;
  }

  /** The name of the target column. */
  public String target() {
    return target;
  }

  /** Classification or regression. */
  public Task task() {
    return task;
  }

  /** The seed for any randomness the step needs. */
  public long seed() {
    return seed;
  }

  /** The sorted class labels seen in training (classification only, empty for regression). */
  public List<String> classes() {
    return classes;
  }

  /** The index into {@link #classes()} of each training row's label (classification only). */
  public int[] classIndices() {
    checkArgument(task == Task.CLASSIFICATION, "classIndices() is for classification; the task is %s", task);
    return classIndices.clone();
  }

  /** The target value of each training row (regression only). */
  public double[] targetValues() {
    checkArgument(task == Task.REGRESSION, "targetValues() is for regression; the task is %s", task);
    return table.numericColumn(target);
  }

  /**
   * The folds to cross-fit target-aware steps on the training part: k partitions of the same
   * kind as the outer split (group folds for a group split, time-ordered folds for a time
   * split). Each row's out-of-fold value comes from the partition whose {@code test()} holds
   * it, fitted on that partition's {@code train()}. Rows in no test part (the earliest block of
   * a time-ordered split) have no earlier data and get the value of an unseen category.
   *
   * <p>When augmenters added rows to the training part, the folds are drawn from the original
   * rows and each added row is put on the same side of every fold as the row it was made from,
   * so no row is encoded with what was learned from a copy of itself.
   */
  public List<Partition> crossFitPartitions(int k) {
    if (explicitFolds != null) {
      return explicitFolds;
    }
    List<Partition> folds = split.crossFitFolds(k).partitions(foldSource, target, seed);
    if (augmentedSources.isEmpty()) {
      return folds;
    }
    List<Partition> out = new ArrayList<>(folds.size());
    for (Partition fold : folds) {
      out.add(new Partition(withAddedRows(fold.train()), withAddedRows(fold.validation()), withAddedRows(fold.test())));
    }
    return ImmutableList.copyOf(out);
  }

  /** The rows of one side of a fold, followed by the added rows whose source row is on that side. */
  private IntArray withAddedRows(IntArray side) {
    int n = foldSource.rowCount();
    boolean[] onSide = new boolean[n];
    side.forEach(r -> onSide[r] = true);
    IntStream.Builder out = IntStream.builder();
    side.forEach(out::add);
    for (int i = 0; i < augmentedSources.length(); i++) {
      if (onSide[augmentedSources.get(i)]) {
        out.add(n + i);
      }
    }
    return IntArray.copyOf(out.build().toArray());
  }
}
