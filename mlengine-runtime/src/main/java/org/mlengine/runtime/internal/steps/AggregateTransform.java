package org.mlengine.runtime.internal.steps;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;

/**
 * A fitted aggregate: per parent row, statistics of the related rows of its key before its
 * cutoff. Offline it reads the related table it was fitted with (kept in memory, never written
 * to a bundle); online it reads the events of source {@link AggregateDefinition#source()} that a
 * {@link History} holds. Both go through {@link AggregateValues}, so they agree bit for bit.
 * The parent's key and cutoff columns stay; one column per statistic is appended.
 *
 * <pre>{@code
 * AggregateTransform t = new AggregateTransform(definition, new AggregateEvents(definition, paymentRows));
 * Table offline = t.apply(customers);           // reads paymentRows
 * Table online = t.apply(requests, history);    // reads the history's "payments" events
 * }</pre>
 */
public final class AggregateTransform implements EventTransform {
  public static final String TAG = "aggregate";

  private final AggregateDefinition definition;
  /** The related rows, sorted; null for a transform read from a bundle. */
  private final AggregateEvents events;
  private final AggregateValues values;
  private final List<String> outputs;

  public AggregateTransform(AggregateDefinition definition, AggregateEvents events) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.events = events;
    this.values = new AggregateValues(definition);
    this.outputs = definition.outputNames();
  }

  /** The output column names of a definition, one per statistic, in order. */
  public static List<String> outputNames(AggregateDefinition definition) {
    return definition.outputNames();
  }

  public AggregateDefinition definition() {
    return definition;
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.of(definition.parentKey(), definition.cutoff());
  }

  @Override
  public List<EventSource> sources() {
    List<Schema.Field> fields = new ArrayList<>();
    definition.valueTypes().forEach((name, type) -> fields.add(new Schema.Field(name, type, List.of())));
    return List.of(new EventSource(definition.source(), Optional.of(definition.childKey()), definition.time(), List.copyOf(fields),
        definition.lookBack(), 0));
  }

  @Override
  public List<String> pastColumns() {
    return List.of();
  }

  /**
   * Each row's values from the related table this transform was fitted with.
   *
   * @throws IllegalStateException when the transform was read from a bundle, which holds no
   *     related rows
   */
  @Override
  public Table apply(Table table) {
    if (events == null) {
      throw new IllegalStateException("aggregate '" + definition.source() + "' was read from a bundle, and a bundle holds no rows of"
          + " the related table '" + definition.source() + "' (they are data, not fitted state). Score through a Predictor with a"
          + " History holding source '" + definition.source() + "' (predictor.withHistory(history)), or call"
          + " FittedPipeline.transform(table, history) or apply(table, history).");
    }
    return compute(table, (key, cutoff, numbersOut, stringsOut) ->
        events.compute(values, key, definition.from(cutoff), definition.until(cutoff), cutoff, numbersOut, stringsOut));
  }

  @Override
  public Table apply(Table table, History history) {
    Objects.requireNonNull(history, "history is null; give the History holding source '" + definition.source() + "'");
    return compute(table, (key, cutoff, numbersOut, stringsOut) -> fromHistory(history, key, cutoff, numbersOut, stringsOut));
  }

  /** One parent row's values, whatever the related rows come from. */
  private interface RowValues {
    void compute(String key, long cutoff, double[] numbersOut, String[] stringsOut);
  }

  private Table compute(Table table, RowValues rowValues) {
    String step = step();
    String[] keys = Inputs.strings(step, table, definition.parentKey());
    long[] cutoffs = Inputs.timestamps(step, table, definition.cutoff());
    for (String name : outputs) {
      Inputs.requireFree(step, table, name, definition.parentKey());
    }
    int n = table.rowCount();
    int k = outputs.size();
    double[][] numeric = new double[k][];
    String[][] categorical = new String[k][];
    for (int s = 0; s < k; s++) {
      if (definition.categoricalOutput(s)) {
        categorical[s] = new String[n];
      } else {
        numeric[s] = new double[n];
      }
    }
    double[] numbersOut = new double[k];
    String[] stringsOut = new String[k];
    for (int r = 0; r < n; r++) {
      requireKeyAndCutoff(keys[r], cutoffs[r] == Long.MIN_VALUE, r);
      rowValues.compute(keys[r], cutoffs[r], numbersOut, stringsOut);
      for (int s = 0; s < k; s++) {
        if (numeric[s] != null) {
          numeric[s][r] = numbersOut[s];
        } else {
          categorical[s][r] = stringsOut[s];
        }
      }
    }
    Table out = table;
    for (int s = 0; s < k; s++) {
      out = numeric[s] != null ? out.withNumeric(outputs.get(s), numeric[s]) : out.withCategorical(outputs.get(s), categorical[s]);
    }
    return out;
  }

  /** Reads the key's events before the cutoff from a history and computes the values from them. */
  private void fromHistory(History history, String key, long cutoff, double[] numbersOut, String[] stringsOut) {
    Table found = history.events(definition.query(key, cutoff));
    String step = step();
    long[] times = Inputs.timestamps(step, found, definition.time());
    List<String> numeric = definition.valueColumns(ColumnType.NUMERIC);
    double[][] numbers = new double[numeric.size()][];
    for (int c = 0; c < numbers.length; c++) {
      numbers[c] = Inputs.numbers(step, found, numeric.get(c));
    }
    List<String> categorical = definition.valueColumns(ColumnType.CATEGORICAL);
    String[][] strings = new String[categorical.size()][];
    for (int c = 0; c < strings.length; c++) {
      strings[c] = Inputs.strings(step, found, categorical.get(c));
    }
    values.compute(times, numbers, strings, 0, times.length, cutoff, numbersOut, stringsOut);
  }

  private void requireKeyAndCutoff(String key, boolean noCutoff, int row) {
    if (key == null) {
      throw new InvalidInputException(definition.parentKey(), step() + " needs the key '" + definition.parentKey() + "' of every row"
          + " to find its rows of '" + definition.source() + "', but row " + row + " has none; drop such rows or fill in the key");
    }
    if (noCutoff) {
      throw new InvalidInputException(definition.cutoff(), step() + " needs the cutoff time '" + definition.cutoff() + "' of every"
          + " row (only rows of '" + definition.source() + "' before it count), but row " + row + " has none; drop such rows or"
          + " fill in the time");
    }
  }

  /**
   * The row form: reads the key and cutoff slots, asks the buffer's history for the key's events
   * before the cutoff, and binds one slot per statistic (CATEGORICAL for the mode or latest value
   * of a CATEGORICAL column), appended as {@link #apply(Table)} appends. Empty when the key is not
   * CATEGORICAL or the cutoff not TIMESTAMP at this step, or an output name is taken (the table
   * path reports those).
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    if (Inputs.typeAt(slots, definition.parentKey()) != ColumnType.CATEGORICAL
        || Inputs.typeAt(slots, definition.cutoff()) != ColumnType.TIMESTAMP) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    for (String name : outputs) {
      if (Inputs.typeAt(slots, name) != null || !names.add(name)) {
        return Optional.empty();
      }
    }
    int keySlot = slots.string(definition.parentKey());
    int cutoffSlot = slots.number(definition.cutoff());
    int k = outputs.size();
    int[] out = new int[k];
    boolean[] categorical = new boolean[k];
    for (int s = 0; s < k; s++) {
      categorical[s] = definition.categoricalOutput(s);
      out[s] = categorical[s] ? slots.newCategory(outputs.get(s)) : slots.newNumber(outputs.get(s));
    }
    return Optional.of(row -> {
      History history = row.history();
      if (history == null) {
        throw new IllegalStateException(step() + " reads each row's past rows of '" + definition.source() + "' from a History, and"
            + " this row has none attached; score through predictor.withHistory(history), with the application appending each"
            + " event of '" + definition.source() + "' to the history, or attach one with RowBuffer.setHistory(history)");
      }
      String key = row.string(keySlot);
      double cutoff = row.number(cutoffSlot);
      requireKeyAndCutoff(key, Double.isNaN(cutoff), 0);
      double[] numbersOut = new double[k];
      String[] stringsOut = new String[k];
      fromHistory(history, key, (long) cutoff, numbersOut, stringsOut);
      for (int s = 0; s < k; s++) {
        if (categorical[s]) {
          row.setString(out[s], stringsOut[s]);
        } else {
          row.setNumber(out[s], numbersOut[s]);
        }
      }
    });
  }

  private String step() {
    return "aggregate '" + definition.source() + "'";
  }

  @Override
  public String toString() {
    return TAG + "(" + definition.source() + " -> " + outputs + ")";
  }
}
