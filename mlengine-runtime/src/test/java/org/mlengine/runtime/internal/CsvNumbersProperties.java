package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue #15: {@link CsvNumbers#parse} reads numbers from the characters without a String, and
 * must give bit for bit what {@code Double.parseDouble} gives (NaN for text that is not a number
 * by {@link CsvReader#isNumber}). Checked on plain decimals of every length around the fast
 * path's limits (18 digits, 2^53, 22 fraction digits), on leading zeros, signs and lone points,
 * and on text the fast path must hand over (exponents, blanks, NaN, Infinity, junk).
 */
class CsvNumbersProperties {

  @Property(tries = 20000)
  void parse_decimal_bitIdenticalToParseDouble(@ForAll("decimals") String text) {
    assertSame(text);
  }

  @Property(tries = 5000)
  void parse_anyShortText_bitIdenticalOrNaNWhenNotANumber(@ForAll("junk") String text) {
    assertSame(text);
  }

  @Property(tries = 1)
  void parse_edgeCases_bitIdenticalToParseDouble() {
    for (String text : List.of(
        "9007199254740992", "9007199254740993", "-9007199254740993", "900719925474099.3", "0.9007199254740993",
        "999999999999999999", "1000000000000000000", "0.0000000000000000000001", "0.00000000000000000000001",
        "1.7976931348623157", "4.9", "0.1", "0.2", "0.3", "-0", "-0.0", "+0", "+.5", "5.", ".5", ".", "-", "+",
        "", "1.2.3", "1e5", " 1", "1 ", "NaN", " NaN", "-NaN", "Infinity", "-Infinity", "0x10", "1d", "1f",
        "00000000000000000001.5", "123456789012345678.9", "12345678901234567.89", "2.2250738585072014")) {
      assertSame(text);
    }
  }

  private static void assertSame(String text) {
    char[] b = ("##" + text + "#").toCharArray();
    double expected = CsvReader.isNumber(text) ? Double.parseDouble(text) : Double.NaN;

    double actual = CsvNumbers.parse(b, 2, 2 + text.length());

    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), text);
    assertEquals(Double.isNaN(expected) && CsvReader.isNumber(text), CsvNumbers.isNaN(b, 2, 2 + text.length()), text);
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> whole = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(20);
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(24);
    Arbitrary<Boolean> point = Arbitraries.of(true, false);
    return Combinators.combine(sign, whole, point, fraction)
        .as((s, w, p, f) -> s + w + (p ? "." + f : ""));
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("0123456789.-+eE NaInfity").ofMaxLength(12);
  }
}
