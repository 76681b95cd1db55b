package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;

/**
 * {@link PlainInput} reads an input object as the JSON parser reads it, or leaves it to the
 * parser: never a different value, flag or size, and never an input the parser refuses.
 */
class PlainInputProperties {
  private static final List<String> KNOWN = List.of("rent", "owner", "café", "日本", "");
  private static final V2Codec CODEC = new V2Codec("m", new Schema(List.of(new Schema.Field("Home", ColumnType.CATEGORICAL, KNOWN),
      new Schema.Field("Amount", ColumnType.NUMERIC, List.of()))), Task.CLASSIFICATION, List.of("bad", "good"));
  private static final Map<String, KnownStrings> KNOWN_HOME = Map.of("Home", KnownStrings.of(KNOWN));

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> numbers = Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1e6), java.math.BigDecimal.valueOf(1e6)).ofScale(3).map(d -> d.toPlainString()),
        Arbitraries.strings().withChars("0123456789-+.eE").ofMinLength(1).ofMaxLength(8),
        Arbitraries.of("0", "-0", "-0.0", "0.0", "01", "1.", ".5", "1e22", "1e23", "1e-22", "9007199254740993", "123456789012345",
            "1234567890123456", "0.1", "1E+2", "1e400", "NaN", "true", "false", "null", "nul", "[1]", "[]", "{}"));
    Arbitrary<String> strings = Arbitraries.oneOf(
        Arbitraries.of(KNOWN).map(s -> "\"" + s + "\""),
        Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\t', '日', '\u007f').ofMaxLength(5)
            .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
        Arbitraries.of("\"caf\\u00e9\"", "\"a\\\"b\"", "\"unterminated"));
    return Arbitraries.oneOf(numbers, strings);
  }

  @Provide
  Arbitrary<String> plainValues() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-100_000, 100_000).map(String::valueOf),
        Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1e4), java.math.BigDecimal.valueOf(1e4)).ofScale(4)
            .map(d -> d.stripTrailingZeros().toString()),
        Arbitraries.doubles().between(-1e30, 1e30).map(String::valueOf),
        Arbitraries.of(KNOWN).map(s -> "\"" + s + "\""),
        Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(4).map(s -> "\"" + s + "\""),
        Arbitraries.just("null"));
  }

  @Property(tries = 2000)
  void read_isTheParsersReadingOrNothing(@ForAll("objects") String object) {
    byte[] body = ("xx" + object + "yy").getBytes(UTF_8);
    int start = 2;
    int end = body.length - 2;
    V2Codec.Input plain = PlainInput.read(body, start, end, KNOWN_HOME);
    V2Codec.Input parsed;
    try {
      parsed = CODEC.jsonInput(body, start, end);
    } catch (RuntimeException e) {
      net.jqwik.api.statistics.Statistics.collect("refused by the parser");
      assertNull(plain, "the parser refuses " + object + " (" + e.getMessage() + "), the plain reader read it");
      return;
    }
    net.jqwik.api.statistics.Statistics.collect(plain == null ? "left to the parser" : "read plain");
    if (plain == null) {
      return;
    }
    assertEquals(parsed.name, plain.name, object);
    assertEquals(parsed.datatype, plain.datatype, object);
    assertArrayEquals(parsed.shape, plain.shape, object);
    assertEquals(parsed.data == null, plain.data == null, object);
    if (parsed.data != null) {
      V2Codec.Values p = parsed.data;
      V2Codec.Values q = plain.data;
      assertEquals(List.of(p.size, p.hasNumbers, p.hasText, p.hasBooleans, p.hasFractions),
          List.of(q.size, q.hasNumbers, q.hasText, q.hasBooleans, q.hasFractions), object);
      assertArrayEquals(p.numbers(), q.numbers(), object);   // bit for bit: -0.0 and 0.0 differ here
      for (int i = 0; i < p.size; i++) {
        assertEquals(p.strings == null ? null : p.strings[i], q.strings == null ? null : q.strings[i], object);
      }
    }
  }

  @Provide
  Arbitrary<String> objects() {
    Arbitrary<List<String>> data = Arbitraries.oneOf(values().list().ofMaxSize(12), plainValues().list().ofMaxSize(30));
    return net.jqwik.api.Combinators.combine(data, Arbitraries.of("Home", "Amount", "Other"), Arbitraries.of("", " ", "\n\t "),
        Arbitraries.randoms(), Arbitraries.integers().between(0, 9)).as((values, name, space, random, shapeKind) -> {
          List<String> parts = new ArrayList<>(List.of(
              "\"name\"" + space + ":" + space + "\"" + name + "\"",
              "\"datatype\":\"" + (name.equals("Amount") ? "FP64" : "BYTES") + "\"",
              "\"shape\":" + (shapeKind == 0 ? "[-1]" : shapeKind == 1 ? "[" + values.size() + ",1]" : shapeKind == 2 ? "[01]"
                  : "[" + space + values.size() + space + "]"),
              "\"data\":[" + space + String.join("," + space, values) + space + "]"));
          Collections.shuffle(parts, random);
          if (shapeKind == 9) {
            parts.add("\"parameters\":{}");
          }
          return "{" + space + String.join("," + space, parts) + space + "}";
        });
  }

  @Test
  void read_aKnownCategory_isTheSchemasOwnString_andCreditsRowsAreRead() {
    byte[] body = "{\"name\":\"Home\",\"datatype\":\"BYTES\",\"shape\":[3],\"data\":[\"café\",\"owner\",null]}".getBytes(UTF_8);
    V2Codec.Input plain = PlainInput.read(body, 0, body.length, KNOWN_HOME);
    assertNotNull(plain);
    assertSame(KNOWN.get(2), plain.data.strings[0]);
    assertEquals(3, plain.data.size);
    byte[] numbers = "{\"name\":\"Amount\",\"datatype\":\"FP64\",\"shape\":[4],\"data\":[800,1.5,-2e3,0.1]}".getBytes(UTF_8);
    V2Codec.Input read = PlainInput.read(numbers, 0, numbers.length, KNOWN_HOME);
    assertNotNull(read);
    assertArrayEquals(new double[] {800, 1.5, -2000, 0.1}, read.data.numbers());
  }
}
