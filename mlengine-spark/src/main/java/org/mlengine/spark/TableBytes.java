package org.mlengine.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * A table as bytes and back, to broadcast a tuner's table to the executors: every column in its
 * own typed form (numbers by their raw bits, categories as codes with the dictionary in its
 * order, timestamps as epoch milliseconds), so the executor's table is the driver's, value for
 * value and bit for bit, and every fit on it equals the local one. A transport between two JVMs
 * running the same mlengine version, not a file format: nothing keeps it. Its typed writers and
 * readers also carry the trials' answers back ({@link SparkTrials}).
 */
final class TableBytes {
  private static final int VERSION = 1;
  private static final int NUMERIC = 0;
  private static final int CATEGORICAL = 1;
  private static final int TEXT = 2;
  private static final int TIMESTAMP = 3;
  private static final int VECTOR = 4;

  private TableBytes() {}

  static byte[] write(Table table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      List<Column> columns = RuntimeAccess.tables().columns(table);
      out.writeInt(VERSION);
      out.writeInt(table.rowCount());
      out.writeInt(columns.size());
      for (Column c : columns) {
        column(c, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing a table to memory failed: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  private static void column(Column any, DataOutputStream out) throws IOException {
    Column column = Column.plain(any);
    if (column instanceof Column.Numeric c) {
      header(out, NUMERIC, c.name());
      doubles(out, c.values());
    } else if (column instanceof Column.Categorical c) {
      header(out, CATEGORICAL, c.name());
      ints(out, c.codes());
      strings(out, c.dictionary().toArray(String[]::new));
    } else if (column instanceof Column.Text c) {
      header(out, TEXT, c.name());
      strings(out, c.values());
    } else if (column instanceof Column.Timestamp c) {
      header(out, TIMESTAMP, c.name());
      out.writeInt(c.millis().length);
      for (long v : c.millis()) {
        out.writeLong(v);
      }
    } else if (column instanceof Column.Vector c) {
      header(out, VECTOR, c.name());
      strings(out, c.dimensions().toArray(String[]::new));
      out.writeInt(c.indices().length);
      for (int r = 0; r < c.indices().length; r++) {
        ints(out, c.indices()[r]);
        doubles(out, c.values()[r]);
      }
    } else {
      throw new IllegalStateException("column '" + column.name() + "' is a " + column.getClass().getName()
          + ", which this version of mlengine-spark cannot send; this is a bug in mlengine-spark");
    }
  }

  static Table read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalStateException("the broadcast table is of transport version " + version + ", this executor reads "
            + VERSION + "; run the driver and the executors on the same mlengine-spark version");
      }
      int rows = in.readInt();
      int count = in.readInt();
      List<Column> columns = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        columns.add(column(in));
      }
      Table table = RuntimeAccess.tables().of(columns);
      if (table.rowCount() != rows) {
        throw new IllegalStateException("the broadcast table has " + table.rowCount() + " rows but was sent with " + rows
            + "; the bytes changed on the way. Tune again.");
      }
      return table;
    } catch (IOException e) {
      throw new UncheckedIOException("the broadcast table does not read on this executor: " + e.getMessage(), e);
    }
  }

  private static Column column(DataInputStream in) throws IOException {
    int kind = in.readInt();
    String name = string(in);
    return switch (kind) {
      case NUMERIC -> new Column.Numeric(name, doubles(in));
      case CATEGORICAL -> new Column.Categorical(name, ints(in), List.of(strings(in)));
      case TEXT -> new Column.Text(name, strings(in));
      case TIMESTAMP -> {
        long[] millis = new long[in.readInt()];
        for (int r = 0; r < millis.length; r++) {
          millis[r] = in.readLong();
        }
        yield new Column.Timestamp(name, millis);
      }
      case VECTOR -> {
        List<String> dimensions = List.of(strings(in));
        int n = in.readInt();
        int[][] indices = new int[n][];
        double[][] values = new double[n][];
        for (int r = 0; r < n; r++) {
          indices[r] = ints(in);
          values[r] = doubles(in);
        }
        yield new Column.Vector(name, dimensions, indices, values);
      }
      default -> throw new IllegalStateException("the broadcast table has a column of kind " + kind + "; the bytes changed on the way."
          + " Tune again.");
    };
  }

  private static void header(DataOutputStream out, int kind, String name) throws IOException {
    out.writeInt(kind);
    string(out, name);
  }

  /** Raw bits: NaN payloads too, so a value reads back as the very same double. */
  static void doubles(DataOutputStream out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  static double[] doubles(DataInputStream in) throws IOException {
    double[] out = new double[in.readInt()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.longBitsToDouble(in.readLong());
    }
    return out;
  }

  static void ints(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  static int[] ints(DataInputStream in) throws IOException {
    int[] out = new int[in.readInt()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.readInt();
    }
    return out;
  }

  static void strings(DataOutputStream out, String[] values) throws IOException {
    out.writeInt(values.length);
    for (String v : values) {
      string(out, v);
    }
  }

  static String[] strings(DataInputStream in) throws IOException {
    String[] out = new String[in.readInt()];
    for (int i = 0; i < out.length; i++) {
      out[i] = string(in);
    }
    return out;
  }

  /**
   * The string's UTF-16 chars after their count, -1 for null: exact for any string, a lone
   * surrogate too (UTF-8 would replace it), and without writeUTF's 64 KB limit.
   */
  static void string(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(value.length());
    out.writeChars(value);
  }

  static String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = in.readChar();
    }
    return new String(chars);
  }
}
