package org.mlengine.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One batch of cached rows as plain Java arrays, one per column ({@link ColumnarCacheSerializer}):
 * numbers, booleans, dates and timestamps in an array of their Spark physical type (a decimal of
 * up to 18 digits as its unscaled long, as Spark's own vectors keep it), strings and
 * binaries as one byte array with each value's offsets, and a null mask where a column has nulls.
 * Read back as {@link ArrayColumnVector}s over the same arrays, so a scan copies no value.
 */
final class CachedColumns implements CachedBatch, Serializable {
  private static final long serialVersionUID = 1L;
  /** The most bytes of one string or binary column in one batch (the largest Java array, about 2 GiB). */
  private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  /** How a column is kept: the Spark types of one kind share one physical form. */
  enum Kind {
    BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL, STRING, BINARY;

    /** The kind that keeps {@code type}, null when none does. */
    static Kind of(DataType type) {
      if (type instanceof BooleanType) {
        return BOOLEAN;
      } else if (type instanceof ByteType) {
        return BYTE;
      } else if (type instanceof ShortType) {
        return SHORT;
      } else if (type instanceof IntegerType || type instanceof DateType) {
        return INT;
      } else if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
        return LONG;
      } else if (type instanceof FloatType) {
        return FLOAT;
      } else if (type instanceof DoubleType) {
        return DOUBLE;
      } else if (type instanceof DecimalType decimal && decimal.precision() <= Decimal.MAX_LONG_DIGITS()) {
        return DECIMAL;
      } else if (type instanceof StringType) {
        return STRING;
      } else if (type instanceof BinaryType) {
        return BINARY;
      }
      return null;
    }
  }

  private final int rows;
  /** Per column: a boolean[], byte[], short[], int[], long[], float[] or double[]; a string or binary column's bytes. */
  private final Object[] values;
  /** Per string or binary column: value r's bytes run from {@code offsets[r]} to {@code offsets[r + 1]}; null for others. */
  private final int[][] offsets;
  /** Per column: which rows are null, or null when none is. */
  private final boolean[][] nulls;

  private CachedColumns(int rows, Object[] values, int[][] offsets, boolean[][] nulls) {
    this.rows = rows;
    this.values = values;
    this.offsets = offsets;
    this.nulls = nulls;
  }

  @Override
  public int numRows() {
    return rows;
  }

  @Override
  public long sizeInBytes() {
    long size = 0;
    for (int c = 0; c < values.length; c++) {
      size += (nulls[c] == null ? 0 : rows) + (offsets[c] == null ? 0 : 4L * offsets[c].length);
      Object v = values[c];
      int width = v instanceof long[] || v instanceof double[] ? 8 : v instanceof int[] || v instanceof float[] ? 4
          : v instanceof short[] ? 2 : 1;
      size += (long) width * java.lang.reflect.Array.getLength(v);
    }
    return size;
  }

  /** The columns at {@code columns} (positions in the cached schema, of types {@code types}) as a batch; no value copied. */
  ColumnarBatch batch(int[] columns, DataType[] types) {
    ColumnVector[] vectors = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      int c = columns[i];
      vectors[i] = new ArrayColumnVector(types[c], values[c], offsets[c], nulls[c]);
    }
    return new ColumnarBatch(vectors, rows);
  }

  /** {@code rows} in batches of at most {@code batchRows}; each value is copied out of its row as it is read (Spark reuses rows). */
  static Iterator<CachedBatch> of(Iterator<InternalRow> rows, DataType[] types, int batchRows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public CachedBatch next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException("no more rows to cache");
        }
        Column[] columns = new Column[types.length];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = new Column(types[c], Math.min(batchRows, 1024));
        }
        int n = 0;
        while (n < batchRows && rows.hasNext()) {
          InternalRow row = rows.next();
          for (int c = 0; c < columns.length; c++) {
            columns[c].add(row, c, n, batchRows);
          }
          n++;
        }
        Object[] values = new Object[columns.length];
        int[][] offsets = new int[columns.length][];
        boolean[][] nulls = new boolean[columns.length][];
        for (int c = 0; c < columns.length; c++) {
          values[c] = columns[c].values(n);
          offsets[c] = columns[c].offsets(n);
          nulls[c] = columns[c].nulls(n);
        }
        return new CachedColumns(n, values, offsets, nulls);
      }
    };
  }

  /** One column of a batch being read: its array grown as rows come, cut to the row count at the end. */
  private static final class Column {
    private final Kind kind;
    private final DataType type;
    private Object values;
    private int[] offsets;
    private int used;
    private boolean[] nulls;
    private boolean anyNull;

    Column(DataType type, int capacity) {
      this.kind = Kind.of(type);
      this.type = type;
      this.values = switch (kind) {
        case BOOLEAN -> new boolean[capacity];
        case BYTE -> new byte[capacity];
        case SHORT -> new short[capacity];
        case INT -> new int[capacity];
        case LONG, DECIMAL -> new long[capacity];
        case FLOAT -> new float[capacity];
        case DOUBLE -> new double[capacity];
        case STRING, BINARY -> new byte[16 * capacity];
      };
      this.offsets = kind == Kind.STRING || kind == Kind.BINARY ? new int[capacity + 1] : null;
      this.nulls = new boolean[capacity];
    }

    void add(InternalRow row, int c, int r, int batchRows) {
      if (r == nulls.length) {
        int capacity = (int) Math.min(batchRows, 2L * r);
        nulls = Arrays.copyOf(nulls, capacity);
        if (offsets != null) {
          offsets = Arrays.copyOf(offsets, capacity + 1);
        } else {
          values = copy(values, capacity);
        }
      }
      if (row.isNullAt(c)) {
        nulls[r] = true;
        anyNull = true;
        if (offsets != null) {
          offsets[r + 1] = used;
        }
        return;
      }
      switch (kind) {
        case BOOLEAN -> ((boolean[]) values)[r] = row.getBoolean(c);
        case BYTE -> ((byte[]) values)[r] = row.getByte(c);
        case SHORT -> ((short[]) values)[r] = row.getShort(c);
        case INT -> ((int[]) values)[r] = row.getInt(c);
        case LONG -> ((long[]) values)[r] = row.getLong(c);
        case FLOAT -> ((float[]) values)[r] = row.getFloat(c);
        case DOUBLE -> ((double[]) values)[r] = row.getDouble(c);
        case DECIMAL -> {
          DecimalType decimal = (DecimalType) type;
          ((long[]) values)[r] = row.getDecimal(c, decimal.precision(), decimal.scale()).toUnscaledLong();
        }
        case STRING -> {
          UTF8String text = row.getUTF8String(c);
          text.writeToMemory(room(text.numBytes()), Platform.BYTE_ARRAY_OFFSET + used);
          used += text.numBytes();
        }
        case BINARY -> {
          byte[] bytes = row.getBinary(c);
          System.arraycopy(bytes, 0, room(bytes.length), used, bytes.length);
          used += bytes.length;
        }
      }
      if (offsets != null) {
        offsets[r + 1] = used;
      }
    }

    /** The byte array with room for {@code length} more bytes. */
    private byte[] room(int length) {
      byte[] bytes = (byte[]) values;
      long needed = (long) used + length;
      if (needed > MAX_BYTES) {
        throw new IllegalStateException("a batch of " + type.simpleString() + " values to cache would hold more than " + MAX_BYTES
            + " bytes in one column; cache fewer rows per batch: set spark.sql.inMemoryColumnarStorage.batchSize (rows per"
            + " cached batch, 10000 by default) lower before cache()");
      }
      if (needed > bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, Math.max(needed, 2L * bytes.length)));
        values = bytes;
      }
      return bytes;
    }

    Object values(int rows) {
      return copy(values, offsets == null ? rows : used);
    }

    int[] offsets(int rows) {
      return offsets == null ? null : Arrays.copyOf(offsets, rows + 1);
    }

    boolean[] nulls(int rows) {
      return anyNull ? Arrays.copyOf(nulls, rows) : null;
    }

    private static Object copy(Object array, int length) {
      if (array instanceof boolean[] v) {
        return Arrays.copyOf(v, length);
      } else if (array instanceof byte[] v) {
        return Arrays.copyOf(v, length);
      } else if (array instanceof short[] v) {
        return Arrays.copyOf(v, length);
      } else if (array instanceof int[] v) {
        return Arrays.copyOf(v, length);
      } else if (array instanceof long[] v) {
        return Arrays.copyOf(v, length);
      } else if (array instanceof float[] v) {
        return Arrays.copyOf(v, length);
      }
      return Arrays.copyOf((double[]) array, length);
    }
  }
}
