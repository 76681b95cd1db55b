package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Fingerprint#of}, which hashes each column type's arrays directly, against the definition
 * it must keep (every cell boxed, tagged and fed to Guava's SHA-256 one value at a time, as
 * training-data fingerprints in existing bundles were made): equal on any table.
 */
class FingerprintProperties {

  @Property(tries = 300)
  void of_anyTable_equalsTheCellByCellDefinition(@ForAll("tables") Table table) {
    assertEquals(definition(table), Fingerprint.of(table).sha256());
  }

  @Example
  void of_aTableLargerThanTheHashersBuffer_equalsTheDefinition() {
    int rows = 20_000;
    double[] numbers = new double[rows];
    String[] words = new String[rows];
    Instant[] times = new Instant[rows];
    for (int r = 0; r < rows; r++) {
      numbers[r] = r % 7 == 0 ? Double.NaN : r * 0.1;
      words[r] = r % 5 == 0 ? null : "wörd " + (r % 13);
      times[r] = r % 11 == 0 ? null : Instant.ofEpochMilli(1_700_000_000_000L + r);
    }
    Table table = Table.builder().numeric("x", numbers).categorical("w", words).text("t", words).timestamp("at", times).build();
    assertEquals(definition(table), Fingerprint.of(table).sha256());
  }

  @Example
  void of_aCategoryLongerThanTheHashersBuffer_equalsTheDefinition() {
    String[] words = new String[50];
    for (int r = 0; r < words.length; r++) {
      words[r] = r % 4 == 0 ? null : r % 4 == 1 ? "ä".repeat(9_000) : "short " + r % 3;
    }
    Table table = Table.builder().categorical("w", words).numeric("x", new double[50]).build();
    assertEquals(definition(table), Fingerprint.of(table).sha256());
  }

  @Provide
  Arbitrary<Table> tables() {
    return Arbitraries.integers().between(0, 40).flatMap(rows -> {
      Arbitrary<double[]> numbers = Arbitraries.oneOf(
          Arbitraries.doubles(), Arbitraries.of(Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE))
          .array(double[].class).ofSize(rows);
      Arbitrary<String[]> strings = Arbitraries.strings().all().ofMaxLength(6).injectNull(0.2)
          .array(String[].class).ofSize(rows);
      Arbitrary<String[]> categories = Arbitraries.of("a", "b", "ünï", "", " x ").injectNull(0.2)
          .array(String[].class).ofSize(rows);
      Arbitrary<Instant[]> instants = Arbitraries.longs().between(-10_000_000_000_000L, 10_000_000_000_000L)
          .map(Instant::ofEpochMilli).injectNull(0.2).array(Instant[].class).ofSize(rows);
      return Combinators.combine(numbers, strings, categories, instants).as((n, s, c, i) ->
          Table.builder().numeric("n", n).text("s", s).categorical("c", c).timestamp("i", i).build());
    });
  }

  /** The fingerprint as defined: every cell as an object, fed one value at a time. */
  private static String definition(Table table) {
    Hasher h = Hashing.sha256().newHasher();
    h.putInt(table.rowCount());
    for (String name : table.columnNames()) {
      h.putString(name, StandardCharsets.UTF_8).putInt(table.type(name).ordinal());
      for (int r = 0; r < table.rowCount(); r++) {
        Object v = table.value(name, r);
        if (v == null) {
          h.putByte((byte) 0);
        } else if (v instanceof Double d) {
          h.putByte((byte) 1).putDouble(d);
        } else if (v instanceof Instant i) {
          h.putByte((byte) 2).putLong(i.toEpochMilli());
        } else {
          String s = v.toString();
          h.putByte((byte) 3).putInt(s.length()).putString(s, StandardCharsets.UTF_8);
        }
      }
    }
    return h.hash().toString();
  }
}
