package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * The V2 reader's shortcuts change nothing: a known category found by its bytes, an escaped or
 * unknown one decoded by the parser, values sized by a shape that comes before or after them.
 */
class V2CodecProperties {
  private static final List<String> KNOWN = List.of("rent", "owner", "own", "", "café", "日本", "a\"b", "tab\there", "x/y");
  private final V2Codec codec = new V2Codec("m", new Schema(List.of(new Schema.Field("Home", ColumnType.CATEGORICAL, KNOWN),
      new Schema.Field("Amount", ColumnType.NUMERIC, List.of()))), Task.CLASSIFICATION, List.of("bad", "good"));

  @Provide
  Arbitrary<String> category() {
    return Arbitraries.oneOf(Arbitraries.of(KNOWN), Arbitraries.strings().withCharRange('a', 'z').withChars('é', '"', '\\', '\t', '日', '/').ofMaxLength(6), Arbitraries.just(null));
  }

  @Property(tries = 300)
  void request_readsEveryValueAsWritten(@ForAll("rows") List<String> homes, @ForAll boolean shapeFirst,
      @ForAll boolean nameFirst, @ForAll boolean escapeAll) {
    List<Double> amounts = new ArrayList<>();
    for (int i = 0; i < homes.size(); i++) {
      amounts.add(i % 3 == 0 ? null : i * 1.5);
    }
    String body = "{\"inputs\":[" + input("Home", "BYTES", homes, shapeFirst, nameFirst, escapeAll) + ","
        + input("Amount", "FP64", amounts, shapeFirst, nameFirst, false) + "]}";
    Table rows = codec.request(body.getBytes(UTF_8)).rows();
    assertEquals(homes.size(), rows.rowCount());
    for (int i = 0; i < homes.size(); i++) {
      assertEquals(homes.get(i), rows.value("Home", i), body);
      assertEquals(amounts.get(i), rows.value("Amount", i), body);
    }
  }

  @Provide
  Arbitrary<List<String>> rows() {
    return category().list().ofMinSize(0).ofMaxSize(40);
  }

  @Property(tries = 50)
  void request_aShapeThatClaimsMoreThanTheBodyHolds_isRefusedWithoutTakingTheMemory(
      @ForAll @IntRange(min = 3, max = Integer.MAX_VALUE) int claimed) {
    String body = "{\"inputs\":[{\"name\":\"Home\",\"datatype\":\"BYTES\",\"shape\":[" + claimed + "],\"data\":[\"rent\"]},"
        + "{\"name\":\"Amount\",\"datatype\":\"FP64\",\"shape\":[" + claimed + "],\"data\":[1]}]}";
    HttpError e = org.junit.jupiter.api.Assertions.assertThrows(HttpError.class, () -> codec.request(body.getBytes(UTF_8)));
    assertEquals("input 'Home' has shape [" + claimed + "] but holds 1 values; send as many values as the shape says.",
        e.getMessage());
  }

  @Test
  void request_aKnownCategory_isTheSchemasOwnString() {
    Table rows = codec.request(("{\"inputs\":[{\"name\":\"Home\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"café\",\"caf\\u00e9\"]},"
        + "{\"name\":\"Amount\",\"datatype\":\"FP64\",\"shape\":[2],\"data\":[1,2]}]}").getBytes(UTF_8)).rows();
    assertEquals("café", rows.value("Home", 1));
    assertSame(rows.value("Home", 0), rows.value("Home", 1), "one dictionary entry, whichever way the value came");
  }

  private static String input(String name, String datatype, List<?> values, boolean shapeFirst, boolean nameFirst,
      boolean escapeAll) {
    StringBuilder data = new StringBuilder("\"data\":[");
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      data.append(i == 0 ? "" : ",").append(v == null ? "null" : v instanceof String s ? quote(s, escapeAll) : v.toString());
    }
    data.append(']');
    String shape = "\"shape\":[" + values.size() + "]";
    String named = "\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\"";
    List<String> parts = new ArrayList<>(List.of(shapeFirst ? shape : data.toString(), shapeFirst ? data.toString() : shape));
    parts.add(nameFirst ? 0 : 2, named);
    return "{" + String.join(",", parts) + "}";
  }

  /** A JSON string: the escapes JSON needs, and with {@code escapeAll} every character as {@code \\uXXXX}. */
  private static String quote(String s, boolean escapeAll) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (escapeAll || c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
