package org.mlengine.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The batch scorer on Spark's internal rows, for a classic (not Connect) session: each value is
 * read from the row in Spark's own form straight into the batch's column arrays, and each output
 * row is the input row joined to the prediction's values and projected into Spark's binary row
 * format; no external {@code Row} is made on either side. Reads every value as {@link Batches}
 * reads the external one (a timestamp's microseconds floored to milliseconds, as {@code
 * Instant.toEpochMilli} floors them), so both paths give the same tables. A category's text is
 * decoded once per distinct value and batch column: later rows with the same bytes share the
 * string, whose cached hash then speeds the table's dictionary encoding.
 */
final class InternalScoring implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final String bundleId;
  private final String bundleName;
  private final Broadcast<byte[]> bytes;
  private final ColumnPlan plan;
  private final Outputs outputs;
  private final int batchRows;

  InternalScoring(String bundleId, String bundleName, Broadcast<byte[]> bytes, ColumnPlan plan, Outputs outputs,
      int batchRows) {
    this.bundleId = bundleId;
    this.bundleName = bundleName;
    this.bytes = bytes;
    this.plan = plan;
    this.outputs = outputs;
    this.batchRows = batchRows;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    Predictor predictor = ExecutorPredictors.get(bundleId, bytes);
    Batch batch = new Batch(plan, batchRows);
    return new ScoredBatches<>() {
      private final JoinedRow joined = new JoinedRow();
      private List<Prediction> scored = Collections.emptyList();

      @Override
      int read() {
        batch.clear();
        while (batch.size < batchRows && rows.hasNext()) {
          batch.add(rows.next());
        }
        return batch.size;
      }

      @Override
      void score(long first) {
        scored = predict(predictor, batch, first);
      }

      @Override
      InternalRow output(int r) {
        // The scan over these rows projects each into Spark's binary format as it takes it, so the
        // joined row (one object, reused) is not projected here.
        return joined.apply(batch.rows[r], new GenericInternalRow(outputs.values(scored.get(r))));
      }
    };
  }

  private List<Prediction> predict(Predictor predictor, Batch batch, long first) {
    try {
      return predictor.predictAll(batch.table());
    } catch (InvalidInputException e) {
      throw PartitionScoring.refused(e, "bundle " + bundleName + " refused a row of the batch starting at row " + first
          + " of " + PartitionScoring.partition() + " (rows counted from 0 there): ");
    }
  }

  /** One batch: the rows (copied, as Spark reuses its row objects) and their values by column. */
  private static final class Batch {
    final ColumnPlan plan;
    final InternalRow[] rows;
    final Object[] columns;
    /** Per CATEGORICAL column read from strings: the distinct values seen so far, bytes to text. */
    final List<java.util.Map<UTF8String, String>> known = new ArrayList<>();
    int size;

    Batch(ColumnPlan plan, int capacity) {
      this.plan = plan;
      this.rows = new InternalRow[capacity];
      this.columns = new Object[plan.names.length];
      for (int c = 0; c < columns.length; c++) {
        known.add(new java.util.HashMap<>());
        columns[c] = switch (plan.types[c]) {
          case NUMERIC -> new double[capacity];
          case CATEGORICAL, TEXT -> new String[capacity];
          case TIMESTAMP -> new Instant[capacity];
          case VECTOR -> throw new IllegalStateException("column '" + plan.names[c] + "' is VECTOR; the plan refuses it");
        };
      }
    }

    void clear() {
      java.util.Arrays.fill(rows, 0, size, null);
      size = 0;
    }

    void add(InternalRow row) {
      rows[size] = row.copy();
      for (int c = 0; c < columns.length; c++) {
        int at = plan.positions[c];
        boolean missing = row.isNullAt(at);
        DataType type = plan.sparkTypes[c];
        switch (plan.types[c]) {
          case NUMERIC -> ((double[]) columns[c])[size] = missing ? Double.NaN : number(row, at, type);
          case CATEGORICAL -> ((String[]) columns[c])[size] = missing ? null : category(row, at, type, c);
          case TEXT -> ((String[]) columns[c])[size] = missing ? null : row.getUTF8String(at).toString();
          case TIMESTAMP -> ((Instant[]) columns[c])[size] = missing ? null : instant(row, at, type);
          case VECTOR -> throw new IllegalStateException("column '" + plan.names[c] + "' is VECTOR; the plan refuses it");
        }
      }
      size++;
    }

    Table table() {
      Table.Builder table = Table.builder();
      for (int c = 0; c < columns.length; c++) {
        String name = plan.names[c];
        switch (plan.types[c]) {
          case NUMERIC -> table.numeric(name, java.util.Arrays.copyOf((double[]) columns[c], size));
          case CATEGORICAL -> table.categorical(name, java.util.Arrays.copyOf((String[]) columns[c], size));
          case TEXT -> table.text(name, java.util.Arrays.copyOf((String[]) columns[c], size));
          case TIMESTAMP -> table.timestamp(name, java.util.Arrays.copyOf((Instant[]) columns[c], size));
          case VECTOR -> throw new IllegalStateException("column '" + name + "' is VECTOR; the plan refuses it");
        }
      }
      return table.build();
    }

    /** The category's text; a string column's through this column's map of the values seen. */
    private String category(InternalRow row, int at, DataType type, int column) {
      if (!(type instanceof StringType)) {
        return InternalScoring.category(row, at, type);
      }
      java.util.Map<UTF8String, String> seen = known.get(column);
      UTF8String bytes = row.getUTF8String(at);
      String text = seen.get(bytes);
      if (text == null) {
        text = bytes.toString();
        // Bounded: free-form values in a categorical column should not grow the map without end.
        if (seen.size() < 10_000) {
          seen.put(bytes.clone(), text);
        }
      }
      return text.isEmpty() ? null : text;
    }
  }

  static double number(InternalRow row, int at, DataType type) {
    if (type instanceof DoubleType) {
      return row.getDouble(at);
    }
    if (type instanceof FloatType) {
      return row.getFloat(at);
    }
    if (type instanceof LongType) {
      return row.getLong(at);
    }
    if (type instanceof IntegerType) {
      return row.getInt(at);
    }
    if (type instanceof ShortType) {
      return row.getShort(at);
    }
    if (type instanceof ByteType) {
      return row.getByte(at);
    }
    if (type instanceof DecimalType d) {
      return row.getDecimal(at, d.precision(), d.scale()).toJavaBigDecimal().doubleValue();
    }
    throw new IllegalStateException("a " + type.simpleString() + " column where the plan accepts numbers");
  }

  static String category(InternalRow row, int at, DataType type) {
    String text;
    if (type instanceof LongType) {
      text = Long.toString(row.getLong(at));
    } else if (type instanceof IntegerType) {
      text = Integer.toString(row.getInt(at));
    } else if (type instanceof ShortType) {
      text = Short.toString(row.getShort(at));
    } else if (type instanceof ByteType) {
      text = Byte.toString(row.getByte(at));
    } else if (type instanceof BooleanType) {
      text = Boolean.toString(row.getBoolean(at));
    } else {
      UTF8String s = row.getUTF8String(at);
      text = s.toString();
    }
    return text.isEmpty() ? null : text;
  }

  static Instant instant(InternalRow row, int at, DataType type) {
    if (type instanceof DateType) {
      return Instant.ofEpochMilli(row.getInt(at) * MILLIS_PER_DAY);
    }
    // timestamp and timestamp_ntz: microseconds since 1970 (UTC, or the wall time read as UTC)
    return Instant.ofEpochMilli(Math.floorDiv(row.getLong(at), 1000L));
  }
}
