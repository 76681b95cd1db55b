package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The names and types of a table's columns, with the known categories of each categorical
 * column. A {@link ModelBundle} keeps the schema of the table it was trained on as its input
 * schema.
 *
 * <pre>{@code
 * Schema schema = table.schema();
 * schema.column("Home").ifPresent(c -> System.out.println(c.type() + " " + c.categories()));
 * }</pre>
 *
 * @param columns the columns in table order
 */
public record Schema(List<Field> columns) {

  /**
   * One column of a schema.
   *
   * <pre>{@code
   * for (Schema.Field field : table.schema().columns()) {
   *   System.out.println(field.name() + " " + field.type() + " " + field.categories());
   * }
   * }</pre>
   *
   * @param name the column name
   * @param type the column type
   * @param categories the sorted known categories of a CATEGORICAL column, empty otherwise
   */
  public record Field(String name, ColumnType type, List<String> categories) {
    /** Copies the categories into an immutable list. */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      categories = List.copyOf(categories);
      checkArgument(
          type == ColumnType.CATEGORICAL || categories.isEmpty(),
          "column '%s' is %s; only CATEGORICAL columns have categories",
          name,
          type);
    }
  }

  /** Copies the columns into an immutable list and checks that names are unique. */
  public Schema {
    columns = List.copyOf(columns);
    var seen = new java.util.HashSet<String>();
    for (Field f : columns) {
      checkArgument(seen.add(f.name()), "column '%s' appears twice; column names must be unique", f.name());
    }
  }

  /** The column of that name, if there is one. */
  public Optional<Field> column(String name) {
    return columns.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The column names in order. */
  public List<String> names() {
    return columns.stream().map(Field::name).collect(Collectors.toUnmodifiableList());
  }
}
