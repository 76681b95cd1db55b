package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * A one-hot column held as 0/1 bytes ({@link Column.Indicator}, issue #15) reads through every
 * public {@link Table} method as the NUMERIC column of the same doubles: values, row selections,
 * concatenation (with itself or a plain column), the text, the fingerprint and the profile.
 */
class IndicatorTableProperties {

  @Provide
  Arbitrary<byte[]> flags() {
    return Arbitraries.bytes().between((byte) 0, (byte) 1).array(byte[].class).ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 100)
  void indicatorColumn_readsAsThePlainColumn(@ForAll("flags") byte[] flags, @ForAll("flags") byte[] more) {
    Table compact = table(flags, false);
    Table plain = table(flags, true);

    assertEquals(ColumnType.NUMERIC, compact.type("f"));
    assertArrayEquals(plain.numericColumn("f"), compact.numericColumn("f"));
    for (int r = 0; r < flags.length; r++) {
      assertEquals(plain.numeric("f", r), compact.numeric("f", r));
      assertEquals(plain.value("f", r), compact.value("f", r));
      assertEquals(plain.isMissing("f", r), compact.isMissing("f", r));
      assertEquals(plain.row(r).toMap(), compact.row(r).toMap());
    }
    int[] backwards = java.util.stream.IntStream.range(0, flags.length).map(i -> flags.length - 1 - i).toArray();
    assertArrayEquals(plain.rows(backwards).numericColumn("f"), compact.rows(backwards).numericColumn("f"));
    assertInstanceOf(Column.Indicator.class, RuntimeAccess.tables().column(compact.rows(backwards), "f"));

    Table both = compact.concat(table(more, false));
    assertArrayEquals(plain.concat(table(more, true)).numericColumn("f"), both.numericColumn("f"));
    assertInstanceOf(Column.Indicator.class, RuntimeAccess.tables().column(both, "f"), "indicator + indicator stays bytes");
    assertArrayEquals(plain.concat(table(more, true)).numericColumn("f"), compact.concat(table(more, true)).numericColumn("f"));
    assertArrayEquals(plain.concat(table(more, true)).numericColumn("f"), plain.concat(table(more, false)).numericColumn("f"));

    assertEquals(plain.toString(), compact.toString());
    assertEquals(Fingerprint.of(plain), Fingerprint.of(compact));
    assertEquals(Profile.of(plain), Profile.of(compact));
  }

  /** A table of the flags as column {@code f} (bytes, or {@code asDoubles}) and a number per row. */
  private static Table table(byte[] flags, boolean asDoubles) {
    Column.Indicator f = new Column.Indicator("f", flags);
    double[] x = new double[flags.length];
    for (int r = 0; r < x.length; r++) {
      x[r] = r * 0.5 - flags[r];
    }
    return RuntimeAccess.tables().of(List.of(asDoubles ? Column.plain(f) : f, new Column.Numeric("x", x)));
  }
}
