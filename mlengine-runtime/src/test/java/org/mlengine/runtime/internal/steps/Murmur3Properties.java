package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.HashFunction;
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
 * The plain-Java murmur3 against Guava's {@code murmur3_32_fixed}, which the hashing step used
 * before: the same term must land in the same bucket, whatever its characters.
 */
class Murmur3Properties {
  private static final HashFunction GUAVA = Hashing.murmur3_32_fixed();

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> codePoints = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0x7f),
            Arbitraries.integers().between(0x80, 0x7ff),
            Arbitraries.integers().between(0x800, 0xffff),
            Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT))
        .list().ofMaxSize(24)
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(24);
    return Arbitraries.oneOf(codePoints, anyChars, Arbitraries.strings().ascii().ofMaxLength(40));
  }

  @Property(tries = 2000)
  void hash_anyString_matchesGuavaMurmur3Fixed(@ForAll("texts") String s) {
    assertEquals(GUAVA.hashString(s, StandardCharsets.UTF_8).asInt(), Murmur3.hash(s), s);
    assertEquals(GUAVA.hashString(s, StandardCharsets.UTF_8).asInt(), HashingTransform.hash(s), s);
  }

  @Property(tries = 1000)
  void hash_anyBytes_matchesGuavaMurmur3Fixed(@ForAll byte[] bytes) {
    assertEquals(GUAVA.hashBytes(bytes).asInt(), Murmur3.hash(bytes));
  }

  @Example
  void hash_surrogates_matchGuava() {
    for (String s : List.of("\uD83D\uDE00", "a\uD83D\uDE00b", "\uD83D", "x\uDE00", "\uDE00\uD83D", "é€😀", "")) {
      assertEquals(GUAVA.hashString(s, StandardCharsets.UTF_8).asInt(), Murmur3.hash(s), s);
    }
  }
}
