package org.mlengine.core;

import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.Arrays;

/**
 * The training part's rows as XGBoost trains on them, for walking a tree of the booster's model
 * (compiled to feature slots) on each row: a stored entry is present with its value as a float,
 * an absent one or a NaN (XGBoost's matrix has NaN for missing) takes the node's missing branch,
 * and a row without entries holds a 0 in slot 0 (the filler {@link XGBoostTraining#matrix} gives
 * such a row for training). Reads the feature matrix itself, so nothing is copied; in a dense
 * matrix every slot of every row is stored.
 *
 * <p>With at most 64 feature slots each row also keeps a bit mask of the slots it holds, so a node
 * finds its entry with one population count instead of a search of the row.
 */
final class BoostingRows {
  /** The most slots whose rows get a one-word bit mask. */
  private static final int MASK_SLOTS = Long.SIZE;

  private final FeatureMatrix m;
  /** Each row's slots as bits, or null for more than {@link #MASK_SLOTS} slots. */
  private final long[] present;

  BoostingRows(FeatureMatrix m, int slots) {
    this.m = m;
    this.present = slots <= MASK_SLOTS && !m.isDense() ? masks(m) : null;
  }

  int rows() {
    return m.rows;
  }

  /**
   * Adds to {@code margin[r * outputs + output]} the leaf value (as the float XGBoost's tree
   * holds) each row {@code r} of {@code [from, to)} reaches in {@code tree}. A dense matrix's rows
   * go down the tree as XGBoost's own partitions do: the rows of a node are split into those of
   * its two children, reading the node's one column, with no branch on the row's way (at 800k
   * rows a walk of each row through the tree node by node, or of all rows a level a pass reading
   * every node's arrays for each row, was a third of the trainer's time). A NaN takes the node's
   * missing branch, as XGBoost (whose matrix has NaN for missing) sends it. The leaves, and the
   * sums, are those of {@link #leaf}.
   */
  void addLeaves(BoostedModel.Tree tree, float[] margin, int outputs, int output, int from, int to) {
    if (!m.isDense()) {
      for (int r = from; r < to; r++) {
        margin[r * outputs + output] += leaf(tree, r);
      }
      return;
    }
    int[] feature = tree.feature();
    int[] rows = new int[to - from];
    int[] right = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    // (node, first row, end of rows) triples; a node pushes its two children, so the nodes bound the stack
    int[] stack = new int[3 * (feature.length + 1)];
    int top = push(stack, 0, 0, 0, rows.length);
    while (top > 0) {
      int end = stack[--top];
      int start = stack[--top];
      int node = stack[--top];
      if (start == end) {
        continue;
      }
      int slot = feature[node];
      if (slot < 0) {
        float value = (float) tree.leaf()[node];
        for (int i = start; i < end; i++) {
          margin[rows[i] * outputs + output] += value;
        }
        continue;
      }
      int yes = tree.yes()[node];
      int split = partition(m.columns[slot], tree.threshold()[node], tree.missing()[node] == yes, rows, right, start, end);
      top = push(stack, top, tree.no()[node], split, end);
      top = push(stack, top, yes, start, split);
    }
  }

  private static int push(int[] stack, int top, int node, int start, int end) {
    stack[top] = node;
    stack[top + 1] = start;
    stack[top + 2] = end;
    return top + 3;
  }

  /**
   * Reorders {@code rows[start, end)} so that those whose value (as a float) goes left of {@code
   * threshold} come first, in their order, and returns where the others begin. A NaN goes left
   * when {@code missingLeft}, else right. Every row is written both ways and only the count of
   * its side moves on, so no branch depends on the value.
   */
  private static int partition(double[] column, float threshold, boolean missingLeft, int[] rows, int[] right, int start,
      int end) {
    int left = start;
    int others = 0;
    if (missingLeft) {
      for (int i = start; i < end; i++) {
        int row = rows[i];
        int goesLeft = (float) column[row] >= threshold ? 0 : 1;  // NaN >= t is false: left
        rows[left] = row;
        right[others] = row;
        left += goesLeft;
        others += 1 - goesLeft;
      }
    } else {
      for (int i = start; i < end; i++) {
        int row = rows[i];
        int goesLeft = (float) column[row] < threshold ? 1 : 0;  // NaN < t is false: right
        rows[left] = row;
        right[others] = row;
        left += goesLeft;
        others += 1 - goesLeft;
      }
    }
    System.arraycopy(right, 0, rows, left, others);
    return left;
  }

  /** The leaf value row {@code r} reaches in {@code tree}, as the float XGBoost's tree holds. */
  float leaf(BoostedModel.Tree tree, int r) {
    int[] feature = tree.feature();
    float[] threshold = tree.threshold();
    boolean dense = m.isDense();
    int start = dense ? 0 : m.rowStart[r];
    int end = dense ? m.columns.length : m.rowStart[r + 1];
    long mask = present == null ? 0 : present[r];
    int node = 0;
    while (feature[node] >= 0) {
      int slot = feature[node];
      float x;
      boolean found;
      if (dense) {
        found = true;
        x = (float) m.columns[slot][r];
      } else if (start == end) {
        found = slot == 0;
        x = 0f;
      } else if (present != null) {
        found = (mask >>> slot & 1) != 0;
        x = found ? (float) m.value[start + Long.bitCount(mask & ((1L << slot) - 1))] : 0f;
      } else {
        int at = Arrays.binarySearch(m.index, start, end, slot);
        found = at >= 0;
        x = found ? (float) m.value[at] : 0f;
      }
      // XGBoost's matrix has NaN for missing: a stored NaN is missing too
      node = !found || Float.isNaN(x) ? tree.missing()[node] : x < threshold[node] ? tree.yes()[node] : tree.no()[node];
    }
    return (float) tree.leaf()[node];
  }

  private static long[] masks(FeatureMatrix m) {
    long[] masks = new long[m.rows];
    for (int r = 0; r < m.rows; r++) {
      long mask = 0;
      for (int k = m.rowStart[r]; k < m.rowStart[r + 1]; k++) {
        mask |= 1L << m.index[k];
      }
      masks[r] = mask;
    }
    return masks;
  }
}
