package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;

/**
 * A large body read on several threads ({@link V2Codec#request(byte[], BatchPool)}) and read in
 * order ({@link V2Codec#request(byte[])}) come to the same end, whatever is wrong with it: the
 * same table, or the same error with the same message. The bodies are a valid one with one byte
 * changed, dropped or added, mostly where the parts the scan cuts meet.
 */
class V2BatchProperties {
  private static final BatchPool POOL = new BatchPool(1);
  private static final V2Codec CODEC = new V2Codec("m", new Schema(List.of(
      new Schema.Field("Home", ColumnType.CATEGORICAL, List.of("rent", "owner", "café")),
      new Schema.Field("Amount", ColumnType.NUMERIC, List.of()))), Task.CLASSIFICATION, List.of("bad", "good"));
  private static final byte[] BODY = body(30_000);
  /** Where the parts meet: the start, the end, and the second input's start. */
  private static final int[] SEAMS = {0, BODY.length - 1, new String(BODY, UTF_8).indexOf(",{\"name\":\"Amount\"")};

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = 400)
  void request_onePlaceChanged_endsAsTheReaderInOrderEnds(@ForAll("places") int place, @ForAll("edits") int edit,
      @ForAll("bytes") byte b) {
    byte[] body = edited(place, edit, b);
    Object inOrder = outcome(() -> CODEC.request(body));
    List<Boolean> fallbacks = new ArrayList<>();
    Object onPool = outcome(() -> CODEC.request(body, POOL, fallbacks::add));
    // The read in parts may give up (then the body is read again in order), but never on a body the
    // reader in order accepts: that would be a bug, counted as outcome=read.
    assertTrue(fallbacks.isEmpty() || fallbacks.equals(List.of(true)) && !(inOrder instanceof V2Codec.Inference),
        () -> "fallbacks " + fallbacks + " when the reader in order gives " + inOrder + ": place " + place + ", edit "
            + edit + ", byte " + b);
    if (inOrder instanceof V2Codec.Inference expected && onPool instanceof V2Codec.Inference actual) {
      assertEquals(expected.id(), actual.id());
      V2BatchTest.assertSameTable(expected.rows(), actual.rows());
    } else {
      assertEquals(inOrder, onPool, "place " + place + ", edit " + edit + ", byte " + b);
    }
  }

  @org.junit.jupiter.api.Test
  void request_theUnchangedBody_isReadInPartsAsInOrder() {
    V2Layout layout = V2Layout.scan(BODY);
    assertNotNull(layout);
    V2Codec.Inference inParts = CODEC.inParts(BODY, layout, POOL);
    V2Codec.Inference inOrder = CODEC.request(BODY);
    assertEquals(inOrder.id(), inParts.id());
    V2BatchTest.assertSameTable(inOrder.rows(), inParts.rows());
  }

  @Provide
  Arbitrary<Integer> places() {
    Arbitrary<Integer> nearSeam = Arbitraries.of(0, 1, 2).flatMap(s -> Arbitraries.integers().between(-40, 40)
        .map(d -> Math.max(0, Math.min(BODY.length - 1, SEAMS[s] + d))));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, nearSeam),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, BODY.length - 1)));
  }

  @Provide
  Arbitrary<Integer> edits() {
    return Arbitraries.integers().between(0, 2);   // replace, drop, add
  }

  @Provide
  Arbitrary<Byte> bytes() {
    List<Byte> bytes = new java.util.ArrayList<>();
    for (byte b : "{}[],:\"\\ \t\n0-1.e5nultrufsa\u00ff".getBytes(UTF_8)) {
      bytes.add(b);
    }
    return Arbitraries.of(bytes);
  }

  private static byte[] edited(int place, int edit, byte b) {
    if (edit == 0) {
      byte[] out = BODY.clone();
      out[place] = b;
      return out;
    }
    byte[] out = new byte[BODY.length + (edit == 1 ? -1 : 1)];
    System.arraycopy(BODY, 0, out, 0, place);
    if (edit == 1) {
      System.arraycopy(BODY, place + 1, out, place, BODY.length - place - 1);
    } else {
      out[place] = b;
      System.arraycopy(BODY, place, out, place + 1, BODY.length - place);
    }
    return out;
  }

  /** The request read, or the error's kind and message. */
  private static Object outcome(java.util.function.Supplier<V2Codec.Inference> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return List.of(e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  /** A body of {@code rows} rows, over the size the pool reads: escapes, nulls, nested data and an id. */
  private static byte[] body(int rows) {
    StringBuilder home = new StringBuilder();
    StringBuilder amount = new StringBuilder();
    String[] homes = {"\"rent\"", "\"owner\"", "\"caf\\u00e9\"", "\"café\"", "null", "\"other\""};
    for (int r = 0; r < rows; r++) {
      home.append(r == 0 ? "" : ",").append(homes[r % homes.length]);
      amount.append(r == 0 ? "" : ",").append(r % 7 == 0 ? "null" : r % 5 == 0 ? "[" + r * 0.25 + "]" : Integer.toString(r));
    }
    return ("{\"id\":\"b\",\"inputs\":[{\"name\":\"Home\",\"datatype\":\"BYTES\",\"shape\":[" + rows + "],\"data\":[" + home
        + "]},{\"name\":\"Amount\",\"datatype\":\"FP64\",\"shape\":[" + rows + ",1],\"data\":[" + amount + "]}],"
        + "\"parameters\":{\"a\":[1,2,{\"b\":\"]\"}]}}").getBytes(UTF_8);
  }
}
