package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Sha256} against Guava's {@code Hashing.sha256()}, which bundle ids and training-data
 * fingerprints were computed with: the same bytes, and the same values fed in the same order,
 * give the same hex.
 */
class Sha256Properties {

  @Property(tries = 500)
  void hex_anyBytes_matchesGuava(@ForAll byte[] bytes) {
    assertEquals(Hashing.sha256().hashBytes(bytes).toString(), Sha256.hex(bytes));
  }

  @Provide
  Arbitrary<List<Object>> values() {
    return Arbitraries.<Object>oneOf(
        Arbitraries.bytes(), Arbitraries.integers(), Arbitraries.longs(),
        Arbitraries.doubles(), Arbitraries.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY),
        Arbitraries.strings().all().ofMaxLength(12)).list().ofMaxSize(12);
  }

  @Property(tries = 500)
  void hasher_anyValues_matchesGuavasHasher(@ForAll("values") List<Object> values) {
    assertSameHash(values);
  }

  /** Runs long enough to fill the hasher's buffer, with strings longer than it. */
  @Provide
  Arbitrary<List<Object>> longRuns() {
    return Arbitraries.<Object>oneOf(
        Arbitraries.bytes(), Arbitraries.integers(), Arbitraries.longs(), Arbitraries.doubles(),
        Arbitraries.strings().all().ofMaxLength(12), Arbitraries.strings().ofMinLength(8000).ofMaxLength(12_000))
        .list().ofMinSize(500).ofMaxSize(1500);
  }

  @Property(tries = 40)
  void hasher_longRuns_acrossItsBuffer_matchGuavasHasher(@ForAll("longRuns") List<Object> values) {
    assertSameHash(values);
  }

  private static void assertSameHash(List<Object> values) {
    Hasher guava = Hashing.sha256().newHasher();
    Sha256 ours = Sha256.hasher();
    for (Object v : values) {
      if (v instanceof Byte b) {
        guava.putByte(b);
        ours.putByte(b);
      } else if (v instanceof Integer i) {
        guava.putInt(i);
        ours.putInt(i);
      } else if (v instanceof Long l) {
        guava.putLong(l);
        ours.putLong(l);
      } else if (v instanceof Double d) {
        guava.putDouble(d);
        ours.putDouble(d);
      } else {
        guava.putString((String) v, StandardCharsets.UTF_8);
        ours.putString((String) v);
      }
    }
    assertEquals(guava.hash().toString(), ours.hex(), () -> values.size() + " values");
  }

  @Example
  void hex_empty_isTheKnownDigest() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
  }
}
