package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.Immutables;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;

/**
 * Fitted one-hot encoding: per column, the sorted categories seen in training. Each input column
 * is dropped and its one-hot columns {@code Column=category} are appended, 1.0 where the row has
 * that category and 0.0 elsewhere. A missing value gives all zeros; an unknown category gives all
 * zeros or an error naming the row, as the policy says.
 *
 * <pre>{@code
 * OneHotTransform oneHot = new OneHotTransform(Map.of("Job", List.of("clerk", "nurse")), UnknownPolicy.IGNORE);
 * Table out = oneHot.apply(table);   // Job=clerk, Job=nurse; an unseen job gives zeros
 * }</pre>
 *
 * <p>A column in {@code sparse} is written as one VECTOR column named after the input column,
 * appended where the NUMERIC columns would be, whose dimensions are the same names {@code
 * Column=category} in the same order: the model sees the same features, and the column costs
 * memory for its non-zeros only (one per row at most) instead of one double per row and
 * category. A column not in {@code sparse} is written as NUMERIC columns, as bundles written
 * before sparse output always were.
 *
 * <p>With rare-category grouping, a column whose group is not empty also gets
 * {@code Column=other}, appended after its categories: 1.0 for a grouped training category and,
 * under the IGNORE policy, for an unknown category (scikit-learn's
 * {@code handle_unknown='infrequent_if_exist'}).
 *
 * @param categories the sorted categories of each input column that keep their own column, in
 *     column order
 * @param other per column, the sorted training categories grouped as {@code other}; a column
 *     without a group is absent
 * @param onUnknown what to do with a category not seen in training
 * @param sparse the input columns written as one VECTOR column each; the others are written as
 *     NUMERIC columns
 */
public record OneHotTransform(
    Map<String, List<String>> categories, Map<String, List<String>> other, UnknownPolicy onUnknown, Set<String> sparse)
    implements FittedTransform {
  public static final String TAG = "one_hot";

  /** How many known categories an unknown-category error lists before it says how many more there are. */
  static final int CATEGORIES_SHOWN = 20;

  private static final double[] ONE = {1.0};
  private static final int[] NO_INDEX = {};
  private static final double[] NO_VALUE = {};
  /** A code whose output position is not known yet (positions are -1 or more). */
  private static final int NOT_LOOKED_UP = Integer.MIN_VALUE;

  public OneHotTransform {
    Objects.requireNonNull(onUnknown, "onUnknown");
    checkArgument(!categories.isEmpty(), "one_hot needs at least one column");
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : other.entrySet()) {
      checkArgument(categories.containsKey(e.getKey()), "column '%s' has a group but is not encoded", e.getKey());
      checkSorted(e.getKey(), e.getValue());
      if (!e.getValue().isEmpty()) {
        groups.put(e.getKey(), List.copyOf(e.getValue()));
      }
    }
    other = Immutables.map(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      String column = e.getKey();
      List<String> values = e.getValue();
      List<String> grouped = other.getOrDefault(column, List.of());
      checkArgument(
          !values.isEmpty() || !grouped.isEmpty(), "column '%s' has no categories; one_hot needs at least one", column);
      checkSorted(column, values);
      if (!grouped.isEmpty()) {
        checkArgument(
            !values.contains(CategoryGrouping.OTHER),
            "column '%s' keeps a category named '%s' and also has a group of that name",
            column,
            CategoryGrouping.OTHER);
        for (String g : grouped) {
          checkArgument(
              Collections.binarySearch(values, g) < 0, "category '%s' of column '%s' is both kept and grouped", g, column);
        }
      }
      copy.put(column, List.copyOf(values));
    }
    categories = Immutables.map(copy);
    for (String column : sparse) {
      checkArgument(categories.containsKey(column), "column '%s' is marked sparse but is not encoded", column);
    }
    sparse = Immutables.set(sparse);
  }

  /** A one-hot encoding written as NUMERIC columns (the form of every bundle before sparse output). */
  public OneHotTransform(Map<String, List<String>> categories, Map<String, List<String>> other, UnknownPolicy onUnknown) {
    this(categories, other, onUnknown, Set.of());
  }

  /** A one-hot encoding without rare-category groups, written as NUMERIC columns. */
  public OneHotTransform(Map<String, List<String>> categories, UnknownPolicy onUnknown) {
    this(categories, Map.of(), onUnknown, Set.of());
  }

  private static void checkSorted(String column, List<String> values) {
    for (int i = 1; i < values.size(); i++) {
      checkArgument(
          values.get(i - 1).compareTo(values.get(i)) < 0,
          "the categories of column '%s' must be sorted and distinct, got %s",
          column,
          values);
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.copyOf(categories.keySet());
  }

  /**
   * The names of this transform's features, in order: the NUMERIC columns it appends or, for a
   * sparse column, its VECTOR column's dimensions.
   */
  List<String> outputColumns() {
    List<String> out = new ArrayList<>();
    categories.keySet().forEach(column -> out.addAll(names(column)));
    return List.copyOf(out);
  }

  /** A column's output names {@code Column=category}, then {@code Column=other} if it has a group; made on demand. */
  private List<String> names(String column) {
    List<String> known = categories.get(column);
    return other.containsKey(column)
        ? DimensionNames.of(column + "=", known, CategoryGrouping.OTHER)
        : DimensionNames.of(column + "=", known);
  }

  private int width(String column) {
    return categories.get(column).size() + (other.containsKey(column) ? 1 : 0);
  }

  @Override
  public Table apply(Table table) {
    return apply(table, false);
  }

  /**
   * {@link #apply}, with each one-hot column written as NUMERIC columns held a byte a row
   * ({@link Column.Indicator}) instead of eight: the same values, for the training rows of a fit,
   * whose feature table becomes the training matrix (issue #15: 17 one-hot columns of 3.2M rows
   * take 54 MB instead of 435). Only a pipeline's own fit calls it; tables a caller scores or reads,
   * including what {@code OneHot.applyToTraining} gives a caller's context, keep {@link #apply}'s
   * doubles, and a step that is not this library's reads the fit's table with doubles too.
   *
   * <pre>{@code
   * Table trainRows = oneHot.applyCompact(trainingPart);   // Job=clerk, Job=nurse as 0/1 bytes
   * }</pre>
   */
  public Table applyCompact(Table table) {
    return apply(table, true);
  }

  private Table apply(Table table, boolean compact) {
    Table out = table;
    for (String column : categories.keySet()) {
      int[] slots = slots(table, column);
      out = out.drop(column);
      out = sparse.contains(column) ? appendVector(out, column, slots) : appendNumbers(out, column, slots, compact);
    }
    return out;
  }

  /**
   * Each row's output position ({@link #slot}); for a dictionary-coded column each code's
   * position is found once, at the first row that has it, so an unknown category is refused at
   * the same row as when every row is looked up.
   */
  private int[] slots(Table table, String column) {
    Inputs.requirePresent(TAG, table, column);
    int n = table.rowCount();
    int[] out = new int[n];
    if (RuntimeAccess.tables().column(table, column) instanceof Column.Categorical c) {
      int[] codes = c.codes();
      List<String> dictionary = c.dictionary();
      int[] byCode = new int[dictionary.size()];
      java.util.Arrays.fill(byCode, NOT_LOOKED_UP);
      for (int r = 0; r < n; r++) {
        int code = codes[r];
        if (code < 0) {
          out[r] = -1;
        } else {
          if (byCode[code] == NOT_LOOKED_UP) {
            byCode[code] = slot(column, dictionary.get(code), r);
          }
          out[r] = byCode[code];
        }
      }
      return out;
    }
    String[] values = Inputs.strings(TAG, table, column);
    for (int r = 0; r < n; r++) {
      out[r] = slot(column, values[r], r);
    }
    return out;
  }

  /**
   * Appends one NUMERIC column per output name, as bundles without sparse output always did, of
   * doubles or ({@code compact}) of 0/1 bytes; the columns join the table at once rather than one
   * table per column.
   */
  private Table appendNumbers(Table out, String column, int[] slots, boolean compact) {
    int n = slots.length;
    List<String> names = names(column);
    double[][] numbers = compact ? null : new double[names.size()][n];
    byte[][] flags = compact ? new byte[names.size()][n] : null;
    for (int r = 0; r < n; r++) {
      int at = slots[r];
      if (at >= 0) {
        if (compact) {
          flags[at][r] = 1;
        } else {
          numbers[at][r] = 1.0;
        }
      }
    }
    List<Column> columns = new ArrayList<>(RuntimeAccess.tables().columns(out));
    for (int i = 0; i < names.size(); i++) {
      Inputs.requireFree(TAG, out, names.get(i), column);
      columns.add(compact ? new Column.Indicator(names.get(i), flags[i]) : new Column.Numeric(names.get(i), numbers[i]));
    }
    return RuntimeAccess.tables().of(columns);
  }

  /**
   * Appends one VECTOR column named {@code column}: a row holds at most one entry, so the column
   * takes a reference per row and one index array per category seen, shared by its rows.
   */
  private Table appendVector(Table out, String column, int[] slots) {
    int n = slots.length;
    int[][] single = new int[width(column)][];
    int[][] indices = new int[n][];
    double[][] weights = new double[n][];
    for (int r = 0; r < n; r++) {
      int at = slots[r];
      if (at < 0) {
        indices[r] = NO_INDEX;
        weights[r] = NO_VALUE;
      } else {
        if (single[at] == null) {
          single[at] = new int[] {at};
        }
        indices[r] = single[at];
        weights[r] = ONE;
      }
    }
    List<Column> columns = new ArrayList<>(RuntimeAccess.tables().columns(out));
    columns.add(new Column.Vector(column, names(column), indices, weights));
    return RuntimeAccess.tables().of(columns);
  }

  /**
   * The output position of a value of {@code column} at row {@code row}: its category's, the
   * {@code other} column's, or -1 for all zeros (missing, or unknown under IGNORE without a
   * group); an unknown value under ERROR is refused.
   */
  private int slot(String column, String value, int row) {
    if (value == null) {
      return -1;
    }
    List<String> known = categories.get(column);
    int at = Collections.binarySearch(known, value);
    if (at >= 0) {
      return at;
    }
    List<String> grouped = other.get(column);
    if (grouped != null && (onUnknown == UnknownPolicy.IGNORE || Collections.binarySearch(grouped, value) >= 0)) {
      return known.size();
    }
    if (onUnknown == UnknownPolicy.ERROR) {
      throw unknown(column, value, row);
    }
    return -1;
  }

  /**
   * {@code column 'Job' has unknown category 'pilot' at row 3; known categories are [...]. Use ...},
   * naming the row as the missing-value error of the feature matrix does; a long list of known
   * categories is cut after {@link #CATEGORIES_SHOWN}.
   */
  private InvalidInputException unknown(String column, String value, int row) {
    TreeSet<String> all = new TreeSet<>(categories.get(column));
    List<String> grouped = other.get(column);
    if (grouped != null) {
      all.addAll(grouped);
    }
    String known = all.size() <= CATEGORIES_SHOWN
        ? all.toString()
        : all.stream().limit(CATEGORIES_SHOWN).collect(Collectors.joining(", ", "[", ", ...]"))
            + " (" + all.size() + " in all)";
    return new InvalidInputException(
        column,
        "column '" + column + "' has unknown category '" + value + "' at row " + row + "; known categories are " + known
            + ". Use Features.oneHot(\"" + column + "\").onUnknown(Unknown.IGNORE) to encode it as "
            + (grouped == null ? "all zeros" : "'" + CategoryGrouping.OTHER + "'")
            + ", or retrain with data that has it.");
  }

  /**
   * The row form: per input column, 1.0 in the slot of the row's category (or of {@code other}),
   * 0.0 in the others, or for a sparse column one entry in its vector slot; the input is unbound
   * and the outputs appended, as {@link #apply} does. An unknown category under ERROR is refused
   * with the table form's message, at row 0 (the one row), as the row scorer names a missing value.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    List<RowKernel> parts = new ArrayList<>();
    for (String column : categories.keySet()) {
      int in = slots.string(column);
      slots.remove(column);
      List<String> known = categories.get(column);
      Map<String, Integer> position = new HashMap<>(known.size() * 2);
      for (int i = 0; i < known.size(); i++) {
        position.put(known.get(i), i);
      }
      Set<String> groupedSet = other.containsKey(column) ? Set.copyOf(other.get(column)) : null;
      ToIntFunction<String> slotOf = value -> {
        if (value == null) {
          return -1;
        }
        Integer at = position.get(value);
        if (at != null) {
          return at;
        }
        return groupedSet != null && (onUnknown == UnknownPolicy.IGNORE || groupedSet.contains(value))
            ? known.size()
            : slot(column, value, 0); // -1 under IGNORE; under ERROR, the table form's exact error
      };
      parts.add(sparse.contains(column) ? vectorKernel(slots, column, in, slotOf) : numberKernel(slots, column, in, slotOf));
    }
    RowKernel[] all = parts.toArray(RowKernel[]::new);
    return Optional.of(row -> {
      for (int i = 0; i < all.length; i++) { // indexed: an iterator would allocate per row
        all[i].apply(row);
      }
    });
  }

  private RowKernel numberKernel(Slots slots, String column, int in, ToIntFunction<String> slotOf) {
    List<String> names = names(column);
    int[] out = new int[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = slots.newNumber(names.get(i));
    }
    return row -> {
      for (int slot : out) {
        row.setNumber(slot, 0.0);
      }
      int at = slotOf.applyAsInt(row.string(in));
      if (at >= 0) {
        row.setNumber(out[at], 1.0);
      }
    };
  }

  private RowKernel vectorKernel(Slots slots, String column, int in, ToIntFunction<String> slotOf) {
    int out = slots.newVector(column, names(column));
    return row -> {
      row.clearVector(out);
      int at = slotOf.applyAsInt(row.string(in));
      if (at >= 0) {
        row.appendVector(out, at, 1.0);
      }
    };
  }
}
