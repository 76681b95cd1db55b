package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;
import static org.mlengine.core.SplitRows.flatten;
import static org.mlengine.core.SplitRows.shuffle;
import static org.mlengine.core.SplitRows.take;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.mlengine.runtime.Table;

/** The random and group kinds of {@link Split}: partitions drawn from shuffled units of rows (a unit is a row or a group). */
final class UnitSplits {
  private final Split split;
  private final boolean byGroup;
  private final String column;
  private final int folds;
  private final boolean clampFolds;

  UnitSplits(Split split, boolean byGroup, String column, int folds, boolean clampFolds) {
    this.split = split;
    this.byGroup = byGroup;
    this.column = column;
    this.folds = folds;
    this.clampFolds = clampFolds;
  }

  List<int[]> groups(Table table) {
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

  /** The partitions of a random or group split: the units are shuffled once, then dealt to folds or drawn for the parts. */
  List<Partition> byUnits(List<int[]> units, int n, SplittableRandom random) {
    List<int[]> shuffled = new ArrayList<>(units);
    shuffle(shuffled, random);
    if (folds > 0) {
      return folds(shuffled);
    }
    return holdout(shuffled, n);
  }

  /** The k folds of the shuffled units; empty when clamped folds have fewer than 2 units. */
  private List<Partition> folds(List<int[]> shuffled) {
    String unitName = byGroup ? "groups" : "rows";
    if (clampFolds && shuffled.size() < 2) {
      return List.of();
    }
    int k = split.foldCount(shuffled.size(), unitName);
    List<List<int[]>> foldUnits = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      foldUnits.add(new ArrayList<>());
    }
    if (byGroup) {
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

  /** The one partition of a hold-out split: test units drawn first, then validation units, the rest train. */
  private List<Partition> holdout(List<int[]> shuffled, int n) {
    int testTarget = split.testCount(n);
    int validationTarget = split.validationCount(n);
    split.checkRoom(n, testTarget, validationTarget);
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

  void checkGroups(Table table, List<Partition> parts) {
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
}
