package org.mlengine.spark;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A read-only Spark column vector over one column of {@link CachedColumns}: the getter of the
 * column's physical type reads its array; a string is a view of the column's bytes.
 */
final class ArrayColumnVector extends ColumnVector {
  private final boolean[] booleans;
  private final byte[] bytes;
  private final short[] shorts;
  private final int[] ints;
  private final long[] longs;
  private final float[] floats;
  private final double[] doubles;
  private final int[] offsets;
  private final boolean[] nulls;
  private final int nullCount;

  /** {@code values} is the column's array, {@code offsets} a string or binary column's value offsets, {@code nulls} null when none is. */
  ArrayColumnVector(DataType type, Object values, int[] offsets, boolean[] nulls) {
    super(type);
    this.booleans = values instanceof boolean[] v ? v : null;
    this.bytes = values instanceof byte[] v ? v : null;
    this.shorts = values instanceof short[] v ? v : null;
    this.ints = values instanceof int[] v ? v : null;
    this.longs = values instanceof long[] v ? v : null;
    this.floats = values instanceof float[] v ? v : null;
    this.doubles = values instanceof double[] v ? v : null;
    this.offsets = offsets;
    this.nulls = nulls;
    int count = 0;
    if (nulls != null) {
      for (boolean isNull : nulls) {
        count += isNull ? 1 : 0;
      }
    }
    this.nullCount = count;
  }

  @Override
  public void close() {
    // the arrays belong to the cached batch, which Spark's block manager frees
  }

  @Override
  public boolean hasNull() {
    return nullCount > 0;
  }

  @Override
  public int numNulls() {
    return nullCount;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return nulls != null && nulls[rowId];
  }

  @Override
  public boolean getBoolean(int rowId) {
    return booleans[rowId];
  }

  @Override
  public byte getByte(int rowId) {
    return bytes[rowId];
  }

  @Override
  public short getShort(int rowId) {
    return shorts[rowId];
  }

  @Override
  public int getInt(int rowId) {
    return ints[rowId];
  }

  @Override
  public long getLong(int rowId) {
    return longs[rowId];
  }

  @Override
  public float getFloat(int rowId) {
    return floats[rowId];
  }

  @Override
  public double getDouble(int rowId) {
    return doubles[rowId];
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return isNullAt(rowId) ? null : UTF8String.fromBytes(bytes, offsets[rowId], offsets[rowId + 1] - offsets[rowId]);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return isNullAt(rowId) ? null : Arrays.copyOfRange(bytes, offsets[rowId], offsets[rowId + 1]);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    throw unsupported("arrays");
  }

  @Override
  public ColumnarMap getMap(int rowId) {
    throw unsupported("maps");
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    // Only decimals of up to 18 digits are kept, as their unscaled longs.
    return isNullAt(rowId) ? null : Decimal.createUnsafe(longs[rowId], precision, scale);
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    throw unsupported("nested values");
  }

  /** ColumnarCacheSerializer keeps no such column (it hands those schemas to Spark's own cache), so no reader asks. */
  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("a cached " + dataType().simpleString() + " column holds no " + what);
  }
}
