package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/** {@link V2Codec}'s reading of values that JSON and doubles disagree on. */
class V2CodecTest {
  private final V2Codec codec = new V2Codec("m", new Schema(List.of(new Schema.Field("Branch", ColumnType.CATEGORICAL, List.of()),
      new Schema.Field("Amount", ColumnType.NUMERIC, List.of()))), Task.CLASSIFICATION, List.of("bad", "good"));

  @Test
  void request_wholeNumbersForACategory_keepTheirDigits_evenBeyondWhatADoubleHolds() {
    Table rows = codec.request(("{\"inputs\":[{\"name\":\"Branch\",\"datatype\":\"INT64\",\"shape\":[3],"
        + "\"data\":[9007199254740993,42,-9007199254740995]},"
        + "{\"name\":\"Amount\",\"datatype\":\"INT64\",\"shape\":[3],\"data\":[9007199254740993,1,2]}]}").getBytes(UTF_8)).rows();
    assertEquals(List.of("9007199254740993", "42", "-9007199254740995"),
        List.of(rows.value("Branch", 0), rows.value("Branch", 1), rows.value("Branch", 2)));
    assertEquals(9.007199254740992E15, rows.value("Amount", 0));
  }
}
