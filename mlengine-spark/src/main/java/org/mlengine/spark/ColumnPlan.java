package org.mlengine.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.internal.steps.AggregateTransform;

/**
 * Which Spark column feeds each column of the bundle's table, and as what type: checked once on
 * the driver against the Dataset's schema, every problem reported at once, then shipped with the
 * scoring function. For a bundle with window steps it also names the entity column the rows are
 * grouped by (none: one series) and the past columns (the windows' values) read from earlier rows.
 */
final class ColumnPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The bundle's (and the past columns') names, in table order. */
  final String[] names;
  /** Their types in the bundle's schema. */
  final ColumnType[] types;
  /** Their positions in the Spark row. */
  final int[] positions;
  /** Their Spark types, which say how each value is read from an internal row. */
  final DataType[] sparkTypes;
  /** How many columns the Spark row has. */
  final int width;
  /** The position of the column rows are grouped by for window steps; -1 for one series or no windows. */
  final int entityPosition;
  /** Whether the bundle's steps read each row's past (window steps). */
  final boolean readsPast;

  private ColumnPlan(List<String> names, List<ColumnType> types, List<Integer> positions, List<DataType> sparkTypes,
      int width, int entityPosition, boolean readsPast) {
    this.names = names.toArray(String[]::new);
    this.types = types.toArray(ColumnType[]::new);
    this.positions = positions.stream().mapToInt(Integer::intValue).toArray();
    this.sparkTypes = sparkTypes.toArray(DataType[]::new);
    this.width = width;
    this.entityPosition = entityPosition;
    this.readsPast = readsPast;
  }

  /**
   * The plan for scoring rows of {@code spark} with {@code bundle}.
   *
   * @throws IllegalArgumentException listing every column that is missing or of a type the bundle
   *     cannot read, and what to do about each
   */
  static ColumnPlan of(ModelBundle bundle, StructType spark) {
    List<EventSource> sources = bundle.pipeline().eventSources();
    List<String> problems = new ArrayList<>();
    List<Schema.Field> wanted = new ArrayList<>(bundle.inputSchema().columns());
    Set<String> past = new LinkedHashSet<>();
    for (EventSource s : sources) {
      if (!s.name().equals(History.ROWS)) {
        continue;   // a related table's columns come with its own Dataset
      }
      s.values().stream().map(Schema.Field::name).filter(n -> bundle.inputSchema().column(n).isEmpty()).forEach(past::add);
    }
    for (String name : past) {
      wanted.add(new Schema.Field(name, ColumnType.NUMERIC, List.of()));
    }
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<DataType> sparkTypes = new ArrayList<>();
    for (Schema.Field field : wanted) {
      String reads = past.contains(field.name())
          ? "the bundle's window steps read '" + field.name() + "' from each row's earlier rows (NUMERIC)"
          : "the bundle reads '" + field.name() + "' as " + field.type();
      Optional<String> problem = check(field, spark, reads);
      if (problem.isPresent()) {
        problems.add(problem.get());
      } else {
        names.add(field.name());
        types.add(field.type());
        positions.add(spark.fieldIndex(field.name()));
        sparkTypes.add(spark.fields()[spark.fieldIndex(field.name())].dataType());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the Dataset does not fit bundle " + describe(bundle) + ":\n- "
          + String.join("\n- ", problems));
    }
    Optional<String> entity = entity(bundle, sources);
    return new ColumnPlan(names, types, positions, sparkTypes, spark.fields().length,
        entity.map(spark::fieldIndex).orElse(-1), !sources.isEmpty());
  }

  /**
   * The plan for reading the events of a related table (an aggregate step's source) from rows of
   * {@code spark}: its key, time and value columns.
   *
   * @throws IllegalArgumentException listing every column that is missing or of a type the step
   *     cannot read
   */
  static ColumnPlan events(EventSource source, StructType spark) {
    List<Schema.Field> wanted = new ArrayList<>();
    source.key().ifPresent(k -> wanted.add(new Schema.Field(k, ColumnType.CATEGORICAL, List.of())));
    wanted.add(new Schema.Field(source.time(), ColumnType.TIMESTAMP, List.of()));
    source.values().stream().filter(f -> !f.name().equals(source.time()) && !source.key().map(f.name()::equals).orElse(false))
        .map(f -> new Schema.Field(f.name(), f.type(), List.of())).forEach(wanted::add);
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<DataType> sparkTypes = new ArrayList<>();
    for (Schema.Field field : wanted) {
      String reads = "the bundle's aggregate step reads '" + field.name() + "' of table '" + source.name() + "' as " + field.type();
      Optional<String> problem = check(field, spark, reads);
      if (problem.isPresent()) {
        problems.add(problem.get());
      } else {
        names.add(field.name());
        types.add(field.type());
        positions.add(spark.fieldIndex(field.name()));
        sparkTypes.add(spark.fields()[spark.fieldIndex(field.name())].dataType());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the events Dataset of table '" + source.name() + "' does not fit the bundle:\n- "
          + String.join("\n- ", problems).replace("rows.with", "events.with"));
    }
    int key = source.key().map(spark::fieldIndex).orElse(-1);
    return new ColumnPlan(names, types, positions, sparkTypes, spark.fields().length, key, false);
  }

  /** "'label' (id 6d8b450d8590)", or the id alone for a bundle without a label. */
  static String describe(ModelBundle bundle) {
    String id = bundle.id().substring(0, Math.min(12, bundle.id().length()));
    return bundle.label().isEmpty() ? "(id " + id + ")" : "'" + bundle.label() + "' (id " + id + ")";
  }

  /**
   * The one column the rows are grouped by: the entity every window over the rows is computed by,
   * or the parent key of the aggregate steps, if they share one.
   */
  private static Optional<String> entity(ModelBundle bundle, List<EventSource> sources) {
    Set<Optional<String>> keys = new LinkedHashSet<>();
    sources.stream().filter(s -> s.name().equals(History.ROWS)).forEach(s -> keys.add(s.key()));
    bundle.pipeline().eventTransforms().stream().filter(t -> t instanceof AggregateTransform)
        .forEach(t -> keys.add(Optional.of(((AggregateTransform) t).definition().parentKey())));
    // Windows by different entities (or one without any) see one series: the rows stay together.
    return keys.size() == 1 ? keys.iterator().next() : Optional.empty();
  }

  private static Optional<String> check(Schema.Field field, StructType spark, String reads) {
    String name = field.name();
    if (field.type() == ColumnType.VECTOR) {
      return Optional.of(reads + ", which a Spark column cannot carry; score such a bundle with Predictor.predictAll(Table)");
    }
    Optional<StructField> found = List.of(spark.fields()).stream().filter(f -> f.name().equals(name)).findFirst();
    if (found.isEmpty()) {
      Optional<String> similar = List.of(spark.fields()).stream().map(StructField::name)
          .filter(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
      return Optional.of("missing column '" + name + "': " + reads + ". " + similar
          .map(n -> "The Dataset has '" + n + "'; rename it: rows.withColumnRenamed(\"" + n + "\", \"" + name + "\")")
          .orElse("Add it; nulls are missing values: rows.withColumn(\"" + name + "\", functions.lit(null).cast(\""
              + sparkType(field.type()) + "\"))"));
    }
    DataType type = found.get().dataType();
    if (accepts(field.type(), type)) {
      return Optional.empty();
    }
    return Optional.of("column '" + name + "' is " + type.simpleString() + ", but " + reads + " (Spark types "
        + accepted(field.type()) + "). " + fix(name, field.type(), type));
  }

  static boolean accepts(ColumnType want, DataType type) {
    return switch (want) {
      case NUMERIC -> type instanceof NumericType;
      case CATEGORICAL -> type instanceof StringType || isWhole(type) || type instanceof BooleanType;
      case TEXT -> type instanceof StringType;
      case TIMESTAMP -> type instanceof TimestampType || type instanceof TimestampNTZType || type instanceof DateType;
      case VECTOR -> false;
    };
  }

  private static boolean isWhole(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType;
  }

  private static String accepted(ColumnType want) {
    return switch (want) {
      case NUMERIC -> "byte, short, int, bigint, float, double, decimal";
      case CATEGORICAL -> "string, byte, short, int, bigint, boolean";
      case TEXT -> "string";
      case TIMESTAMP -> "timestamp, timestamp_ntz (read as UTC), date (midnight UTC)";
      case VECTOR -> "none";
    };
  }

  private static String sparkType(ColumnType want) {
    return switch (want) {
      case NUMERIC -> "double";
      case CATEGORICAL, TEXT, VECTOR -> "string";
      case TIMESTAMP -> "timestamp";
    };
  }

  private static String fix(String name, ColumnType want, DataType type) {
    if (want == ColumnType.TIMESTAMP && type instanceof StringType) {
      return "Parse it: rows.withColumn(\"" + name + "\", functions.to_timestamp(functions.col(\"" + name + "\")))";
    }
    if (want == ColumnType.TIMESTAMP && isWhole(type)) {
      return "If it holds epoch milliseconds: rows.withColumn(\"" + name + "\", functions.timestamp_millis(functions.col(\""
          + name + "\")))";
    }
    return "Cast it: rows.withColumn(\"" + name + "\", functions.col(\"" + name + "\").cast(\"" + sparkType(want) + "\"))";
  }
}
