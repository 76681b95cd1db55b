package org.mlengine.runtime.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.internal.RowScorer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slot plan a {@link RowScorer} is compiled with: which {@link RowBuffer} slot holds each
 * column at the current step. A step's {@link FittedTransform#compile(Slots)} looks up its input
 * columns and binds its output columns, mirroring how {@code apply(Table)} replaces, appends
 * and drops columns.
 *
 * <pre>{@code
 * int in = slots.string("Home");                       // a CATEGORICAL input
 * int rent = slots.newNumber("Home=rent");             // one output column per category
 * slots.remove("Home");                                // one-hot drops its input
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Slots {
  /**
   * Where a column lives: its type and slot number.
   *
   * <pre>{@code
   * Slots.Binding income = slots.bindings().get("Income");   // NUMERIC, the slot a RowKernel reads
   * }</pre>
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public record Binding(ColumnType type, int slot, List<String> dimensions) {}

  private final LinkedHashMap<String, Binding> bindings = new LinkedHashMap<>();
  private int numbers;
  private int strings;
  private int vectors;

  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Slots(Schema inputs) {
    for (Schema.Field f : inputs.columns()) {
      switch (f.type()) {
        case NUMERIC, TIMESTAMP -> bindings.put(f.name(), new Binding(f.type(), numbers++, List.of()));
        case CATEGORICAL, TEXT -> bindings.put(f.name(), new Binding(f.type(), strings++, List.of()));
        case VECTOR -> bindings.put(f.name(), new Binding(f.type(), vectors++, List.of()));
      }
    }
  }

  /**
   * The numeric slot of a NUMERIC column (or the epoch milliseconds of a TIMESTAMP column).
   *
   * @throws IllegalStateException when the column is absent or of another type
   */
  public int number(String column) {
    Binding b = binding(column);
    if (b.type() != ColumnType.NUMERIC && b.type() != ColumnType.TIMESTAMP) {
      throw new IllegalStateException("column '" + column + "' is " + b.type() + " at this step; expected NUMERIC or TIMESTAMP");
    }
    return b.slot();
  }

  /** The string slot of a CATEGORICAL or TEXT column. */
  public int string(String column) {
    Binding b = binding(column);
    if (b.type() != ColumnType.CATEGORICAL && b.type() != ColumnType.TEXT) {
      throw new IllegalStateException("column '" + column + "' is " + b.type() + " at this step; expected CATEGORICAL or TEXT");
    }
    return b.slot();
  }

  /** The type a column has at this step, or empty when no column of that name exists then. */
  public java.util.Optional<ColumnType> find(String column) {
    Binding b = bindings.get(column);
    return b == null ? java.util.Optional.empty() : java.util.Optional.of(b.type());
  }

  /** The type a column has at this step. */
  public ColumnType type(String column) {
    return binding(column).type();
  }

  /** Binds a column name to a fresh NUMERIC slot (replacing any earlier binding) and returns it. */
  public int newNumber(String column) {
    return bind(column, new Binding(ColumnType.NUMERIC, numbers++, List.of()));
  }

  /** Binds a column name to a fresh CATEGORICAL slot and returns it. */
  public int newCategory(String column) {
    return bind(column, new Binding(ColumnType.CATEGORICAL, strings++, List.of()));
  }

  /** Binds a column name to a fresh VECTOR slot with these dimension names and returns it. */
  public int newVector(String column, List<String> dimensions) {
    return bind(column, new Binding(ColumnType.VECTOR, vectors++, List.copyOf(dimensions)));
  }

  /** Unbinds a column, as a step that drops it. */
  public void remove(String column) {
    binding(column);
    bindings.remove(column);
  }

  private int bind(String column, Binding b) {
    // Keep the column's position when it is replaced, as Table.withNumeric does.
    bindings.put(column, b);
    return b.slot();
  }

  private Binding binding(String column) {
    Binding b = bindings.get(column);
    if (b == null) {
      throw new IllegalStateException("no column '" + column + "' at this step; the columns are " + bindings.keySet());
    }
    return b;
  }

  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Map<String, Binding> bindings() {
    return new HashMap<>(bindings);
  }

  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public RowBuffer newBuffer() {
    return new RowBuffer(numbers, strings, vectors);
  }
}
