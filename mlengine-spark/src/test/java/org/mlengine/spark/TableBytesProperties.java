package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * The tuner's table reaches the executors as it is on the driver: every column of every kind,
 * numbers by their raw bits (NaN payloads and -0.0 too), categories with the dictionary in its
 * order (codes, not values), missing values, any string (a lone surrogate, past 64 KB).
 */
class TableBytesProperties {

  @Property(tries = 200)
  void readOfWrite_isTheSameTable(@ForAll @IntRange(min = 0, max = 60) int rows, @ForAll long seed) {
    Table table = table(rows, new Random(seed));
    assertSameColumns(table, TableBytes.read(TableBytes.write(table)));
  }

  @Example
  void readOfWrite_keepsStringsUtf8WouldChange() {
    String long64k = "x".repeat(70_000);
    Table table = Table.builder().text("t", "a\uD800b", long64k, null).categorical("c", "\uDFFF", null, "\uDFFF").build();
    assertSameColumns(table, TableBytes.read(TableBytes.write(table)));
  }

  @Example
  void read_ofChangedBytes_failsSayingSo() {
    byte[] bytes = TableBytes.write(Table.builder().numeric("x", 1, 2).build());
    bytes[3] = 9;
    var e = assertThrows(IllegalStateException.class, () -> TableBytes.read(bytes));
    assertEquals("the broadcast table is of transport version 9, this executor reads 1; run the driver and the executors on"
        + " the same mlengine-spark version", e.getMessage());
  }

  private static Table table(int rows, Random random) {
    double[] numbers = new double[rows];
    String[] categories = new String[rows];
    String[] texts = new String[rows];
    long[] millis = new long[rows];
    int[][] indices = new int[rows][];
    double[][] values = new double[rows][];
    for (int r = 0; r < rows; r++) {
      numbers[r] = switch (random.nextInt(5)) {
        case 0 -> Double.longBitsToDouble(0x7ff8_0000_0000_0000L | random.nextInt(1 << 20));   // NaN with a payload
        case 1 -> -0.0;
        default -> random.nextGaussian() * 1e6;
      };
      categories[r] = random.nextInt(4) == 0 ? null : "c" + random.nextInt(5);
      texts[r] = random.nextInt(4) == 0 ? null : "word " + (char) random.nextInt(0x10000);
      millis[r] = random.nextInt(5) == 0 ? Column.MISSING_TIME : random.nextLong() >> 20;
      int k = random.nextInt(3);
      indices[r] = k == 0 ? new int[0] : k == 1 ? new int[] {random.nextInt(3)} : new int[] {0, 2};
      values[r] = new double[indices[r].length];
      for (int i = 0; i < values[r].length; i++) {
        values[r][i] = random.nextDouble();
      }
    }
    List<Column> columns = List.of(new Column.Numeric("n", numbers), Column.Categorical.of("c", categories),
        new Column.Text("t", texts), new Column.Timestamp("ts", millis),
        new Column.Vector("v", List.of("d0", "d1", "d2"), indices, values));
    return RuntimeAccess.tables().of(columns);
  }

  private static void assertSameColumns(Table expected, Table actual) {
    assertEquals(expected.rowCount(), actual.rowCount());
    List<Column> a = RuntimeAccess.tables().columns(expected);
    List<Column> b = RuntimeAccess.tables().columns(actual);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      Column x = a.get(i);
      Column y = b.get(i);
      assertEquals(x.getClass(), y.getClass());
      assertEquals(x.name(), y.name());
      if (x instanceof Column.Numeric n) {
        assertArrayEquals(bits(n.values()), bits(((Column.Numeric) y).values()));
      } else if (x instanceof Column.Categorical c) {
        assertArrayEquals(c.codes(), ((Column.Categorical) y).codes());
        assertEquals(c.dictionary(), ((Column.Categorical) y).dictionary());
      } else if (x instanceof Column.Text t) {
        assertArrayEquals(t.values(), ((Column.Text) y).values());
      } else if (x instanceof Column.Timestamp t) {
        assertArrayEquals(t.millis(), ((Column.Timestamp) y).millis());
      } else if (x instanceof Column.Vector v) {
        Column.Vector w = (Column.Vector) y;
        assertEquals(v.dimensions(), w.dimensions());
        for (int r = 0; r < v.indices().length; r++) {
          assertArrayEquals(v.indices()[r], w.indices()[r]);
          assertArrayEquals(bits(v.values()[r]), bits(w.values()[r]));
        }
      }
    }
  }

  private static long[] bits(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Double.doubleToRawLongBits(values[i]);
    }
    return out;
  }
}
