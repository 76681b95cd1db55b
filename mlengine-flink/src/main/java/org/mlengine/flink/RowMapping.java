package org.mlengine.flink;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.SqlTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;

/**
 * How a stream's {@link Row}s map to a bundle's input schema and back out: checked once, when the
 * job graph is built, so a field of the wrong type fails the job before it starts, naming the
 * field, what the bundle expects and how to fix it. Plain data, so it travels with the function.
 *
 * <pre>{@code
 * RowMapping mapping = RowMapping.of(rowType, bundle.inputSchema(), bundle.pipeline(), List.of());
 * Map<String, Object> request = mapping.request(row, reused);
 * }</pre>
 */
final class RowMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The refusals' extra column: why the row was not scored. */
  static final String ERROR = "error";

  private final String[] inputNames;
  private final String[] columns;          // the columns read (the schema's, then recorded-only ones)
  private final int[] positions;           // each column's position in the input row
  private final ColumnType[] types;        // each column's type in the bundle
  private final int schemaColumns;         // how many of `columns` the predictor reads
  private final String[] outputNames;      // the prediction columns after the input's
  private final boolean regression;
  private final String[] classes;          // the bundle's classes, in the p_ columns' order

  private RowMapping(String[] inputNames, String[] columns, int[] positions, ColumnType[] types, int schemaColumns,
      String[] outputNames, boolean regression, String[] classes) {
    this.inputNames = inputNames;
    this.columns = columns;
    this.positions = positions;
    this.types = types;
    this.schemaColumns = schemaColumns;
    this.outputNames = outputNames;
    this.regression = regression;
    this.classes = classes;
  }

  /**
   * Checks a row type against the columns the bundle reads ({@code schema}) and the columns its
   * history records from each row ({@code recorded}, empty without window steps).
   *
   * @throws IllegalArgumentException listing every field that is absent or of a type the bundle
   *     cannot read, with the fix
   */
  static RowMapping of(TypeInformation<Row> type, Schema schema, Task task, List<String> classes, List<Schema.Field> recorded) {
    if (!(type instanceof RowTypeInfo rowType)) {
      throw new IllegalArgumentException("the stream's type is " + type + "; scoring needs rows with named, typed fields."
          + " Give the stream a RowTypeInfo, e.g. .returns(Types.ROW_NAMED(new String[] {\"Income\", ...},"
          + " Types.DOUBLE, ...)) on the operator that makes the rows");
    }
    String[] names = rowType.getFieldNames();
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      byName.put(names[i], i);
    }
    List<Schema.Field> read = new ArrayList<>(schema.columns());
    Set<String> seen = new LinkedHashSet<>(schema.names());
    recorded.stream().filter(f -> seen.add(f.name())).forEach(read::add);
    List<String> problems = new ArrayList<>();
    int[] positions = new int[read.size()];
    ColumnType[] types = new ColumnType[read.size()];
    String[] columns = new String[read.size()];
    for (int c = 0; c < read.size(); c++) {
      Schema.Field field = read.get(c);
      columns[c] = field.name();
      types[c] = field.type();
      Integer at = byName.get(field.name());
      positions[c] = at == null ? -1 : at;
      if (at == null) {
        problems.add("field '" + field.name() + "' (" + field.type() + ") is missing; the stream's rows have " + List.of(names)
            + (c < schema.columns().size() ? "" : "; the history records it from each row after scoring it (a window reads it)")
            + ". Add it to the row type, with a null value where it is unknown");
      } else {
        problem(field, rowType.getTypeAt(at)).ifPresent(problems::add);
      }
    }
    String[] outputs = outputNames(task, classes);
    for (String out : outputs) {
      if (byName.containsKey(out)) {
        problems.add("field '" + out + "' of the input has the name of a prediction column " + List.of(outputs)
            + "; rename it before scoring");
      }
    }
    if (byName.containsKey(ERROR)) {
      problems.add("field '" + ERROR + "' of the input has the name of the refusals' reason column; rename it before scoring");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the stream's rows do not fit the bundle's input schema:\n- " + String.join("\n- ", problems));
    }
    return new RowMapping(names, columns, positions, types, schema.columns().size(), outputs, task == Task.REGRESSION,
        classes.toArray(new String[0]));
  }

  private static String[] outputNames(Task task, List<String> classes) {
    if (task == Task.REGRESSION) {
      return new String[] {"value"};
    }
    String[] out = new String[classes.size() + 1];
    out[0] = "label";
    for (int c = 0; c < classes.size(); c++) {
      out[c + 1] = "p_" + classes.get(c);
    }
    return out;
  }

  private static final Set<TypeInformation<?>> NUMBERS = Set.of(BasicTypeInfo.BYTE_TYPE_INFO, BasicTypeInfo.SHORT_TYPE_INFO,
      BasicTypeInfo.INT_TYPE_INFO, BasicTypeInfo.LONG_TYPE_INFO, BasicTypeInfo.FLOAT_TYPE_INFO, BasicTypeInfo.DOUBLE_TYPE_INFO,
      BasicTypeInfo.BIG_DEC_TYPE_INFO, BasicTypeInfo.BIG_INT_TYPE_INFO);
  private static final Set<TypeInformation<?>> CATEGORIES = Set.of(BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.INT_TYPE_INFO,
      BasicTypeInfo.LONG_TYPE_INFO, BasicTypeInfo.SHORT_TYPE_INFO, BasicTypeInfo.BYTE_TYPE_INFO, BasicTypeInfo.BOOLEAN_TYPE_INFO,
      BasicTypeInfo.CHAR_TYPE_INFO);
  private static final Set<TypeInformation<?>> TIMES = Set.of(BasicTypeInfo.INSTANT_TYPE_INFO, SqlTimeTypeInfo.TIMESTAMP,
      BasicTypeInfo.DATE_TYPE_INFO, BasicTypeInfo.LONG_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  private static java.util.Optional<String> problem(Schema.Field field, TypeInformation<?> given) {
    String name = field.name();
    boolean fits = switch (field.type()) {
      case NUMERIC -> NUMBERS.contains(given);
      case CATEGORICAL -> CATEGORIES.contains(given);
      case TEXT -> given.equals(Types.STRING);
      case TIMESTAMP -> TIMES.contains(given);
      case VECTOR -> false;
    };
    if (fits) {
      return java.util.Optional.empty();
    }
    String expected = switch (field.type()) {
      case NUMERIC -> "a number (Types.DOUBLE, FLOAT, INT, LONG, SHORT, BYTE, BIG_DEC or BIG_INT)";
      case CATEGORICAL -> "text or a whole number (Types.STRING, INT, LONG, SHORT, BYTE, BOOLEAN or CHAR)";
      case TEXT -> "text (Types.STRING)";
      case TIMESTAMP -> "an instant (Types.INSTANT, SQL_TIMESTAMP, java.util.Date, epoch milliseconds as Types.LONG, or"
          + " ISO-8601 text as Types.STRING; a LocalDateTime has no zone, so convert it with .toInstant(ZoneOffset.UTC))";
      case VECTOR -> "a VECTOR, which rows cannot carry; score such data with Predictor.predictAll(Table)";
    };
    return java.util.Optional.of("field '" + name + "' is " + given + " but the bundle reads it as " + field.type()
        + "; expected " + expected + ". Convert it in a map before scoring");
  }

  /** The input's field names. */
  String[] inputNames() {
    return inputNames.clone();
  }

  /** The prediction columns: label and one p_class per class, or value. */
  String[] outputNames() {
    return outputNames.clone();
  }

  /** How many columns the bundle reads and each row carries, beyond which the rest are recorded only. */
  int schemaColumns() {
    return schemaColumns;
  }

  /** The names of the columns read or recorded. */
  String column(int c) {
    return columns[c];
  }

  /** How many columns are read or recorded. */
  int columnCount() {
    return columns.length;
  }

  /** The type information of the scored rows: the input's fields, then the prediction columns. */
  static RowTypeInfo scoredType(RowTypeInfo input, String[] outputs, boolean regression) {
    List<TypeInformation<?>> types = new ArrayList<>(List.of(input.getFieldTypes()));
    List<String> names = new ArrayList<>(List.of(input.getFieldNames()));
    for (int i = 0; i < outputs.length; i++) {
      types.add(!regression && i == 0 ? Types.STRING : Types.DOUBLE);
      names.add(outputs[i]);
    }
    return new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
  }

  /** The type information of the refused rows: the input's fields, then {@value #ERROR}. */
  static RowTypeInfo refusedType(RowTypeInfo input) {
    List<TypeInformation<?>> types = new ArrayList<>(List.of(input.getFieldTypes()));
    List<String> names = new ArrayList<>(List.of(input.getFieldNames()));
    types.add(Types.STRING);
    names.add(ERROR);
    return new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
  }

  boolean regression() {
    return regression;
  }

  /** The scored row: the input's fields, then the prediction's columns. */
  Row scored(Row input, org.mlengine.serving.Prediction p) {
    Row out = new Row(inputNames.length + outputNames.length);
    for (int i = 0; i < inputNames.length; i++) {
      out.setField(i, field(input, i));
    }
    if (regression) {
      out.setField(inputNames.length, p.value());
    } else {
      out.setField(inputNames.length, p.label().orElse(null));
      for (int c = 0; c < classes.length; c++) {
        out.setField(inputNames.length + 1 + c, p.probability(classes[c]));
      }
    }
    return out;
  }

  /** The refused row: the input's fields, then the reason. */
  Row refused(Row input, String reason) {
    Row out = new Row(inputNames.length + 1);
    for (int i = 0; i < inputNames.length; i++) {
      out.setField(i, field(input, i));
    }
    out.setField(inputNames.length, reason);
    return out;
  }

  /** One input field's value, whether the row is positional or named. */
  Object field(Row row, int position) {
    java.util.Set<String> named = row.getFieldNames(false);
    return named == null ? row.getField(position) : row.getField(inputNames[position]);
  }

  /**
   * The row as the predictor's request: each column's value as the stream gives it, with
   * timestamps as {@link Instant}s (as the history records them).
   *
   * @throws IllegalArgumentException for ISO-8601 text that does not parse (the predictor's words)
   */
  Map<String, Object> request(Row row, Map<String, Object> into) {
    for (int c = 0; c < columns.length; c++) {
      Object value = field(row, positions[c]);
      into.put(columns[c], types[c] == ColumnType.TIMESTAMP ? instant(value) : value);
    }
    return into;
  }

  /**
   * The row as a history event: categories as text, numbers as doubles, times as instants, as the
   * in-memory history's {@code append(source, Map)} reads them.
   */
  Map<String, Object> event(Map<String, Object> request, Map<String, Object> into, List<String> recorded) {
    for (String column : recorded) {
      int c = indexOf(column);
      Object value = request.get(column);
      into.put(column, switch (types[c]) {
        case NUMERIC -> value == null ? null : number(value);
        case CATEGORICAL, TEXT -> value == null ? null : value.toString();
        default -> value;
      });
    }
    return into;
  }

  /** A number as the predictor reads it ({@link Number#doubleValue()}); anything else as given, for the history to refuse. */
  private static Object number(Object value) {
    return value instanceof Number n ? (Object) n.doubleValue() : value;
  }

  private int indexOf(String column) {
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].equals(column)) {
        return c;
      }
    }
    throw new IllegalStateException("column '" + column + "' is not mapped");
  }

  private static Object instant(Object value) {
    if (value instanceof Long millis) {
      return Instant.ofEpochMilli(millis);
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof String s && s.length() <= 64) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        return value; // the predictor refuses it with the column's name
      }
    }
    return value;
  }
}
