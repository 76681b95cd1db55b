package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * The stored bytes of a recorded row: the same whether written from the event map or, when the
 * state is compacted, from the history's table, for every TIMESTAMP column (not only the time
 * column); values of the wrong type refused with the column's name; and the key of rows without
 * a key value apart from the category {@code ""}.
 */
class EventCodecTest {
  private static final List<Schema.Field> FIELDS = List.of(
      new Schema.Field("store", ColumnType.CATEGORICAL, List.of()),
      new Schema.Field("day", ColumnType.TIMESTAMP, List.of()),
      new Schema.Field("sales", ColumnType.NUMERIC, List.of()),
      new Schema.Field("opened", ColumnType.TIMESTAMP, List.of()));

  @Property(tries = 50)
  void aTablesRow_encodesAsItsEvent_everyTimestampColumnIncluded(@ForAll long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(20);
    String[] store = new String[n];
    Instant[] day = new Instant[n];
    double[] sales = new double[n];
    Instant[] opened = new Instant[n];
    for (int r = 0; r < n; r++) {
      store[r] = random.nextInt(5) == 0 ? "" : "s" + random.nextInt(3);
      day[r] = Instant.ofEpochMilli(random.nextLong() >> 20);
      sales[r] = random.nextInt(8) == 0 ? Double.NaN : random.nextGaussian() * 100;
      opened[r] = random.nextInt(4) == 0 ? null : Instant.ofEpochMilli(random.nextLong() >> 20);
    }
    Table table = Table.builder().categorical("store", store).timestamp("day", day).numeric("sales", sales)
        .timestamp("opened", opened).build();
    EventCodec codec = new EventCodec(FIELDS);
    Map<String, Object> scratch = new HashMap<>();
    for (int r = 0; r < n; r++) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("store", store[r]);
      event.put("day", day[r]);
      event.put("sales", Double.isNaN(sales[r]) ? null : sales[r]);
      event.put("opened", opened[r]);
      byte[] fromTable = codec.encode(table, r, scratch);
      assertArrayEquals(codec.encode(event), fromTable, "row " + r);
      assertEquals(event, codec.decode(fromTable));
    }
  }

  @Test
  void aValueOfTheWrongType_isRefusedWithItsColumn() {
    EventCodec codec = new EventCodec(FIELDS);
    Map<String, Object> event = new HashMap<>(Map.of("store", "s1", "day", Instant.EPOCH, "sales", 3.0));
    event.put("opened", 1_700_000_000_000L);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> codec.encode(event));
    assertEquals("opened", e.column());
    assertTrue(e.getMessage().contains("TIMESTAMP") && e.getMessage().contains("Instant"), e.getMessage());
    event.put("opened", null);
    event.put("sales", "lots");
    assertEquals("sales", assertThrows(InvalidInputException.class, () -> codec.encode(event)).column());
  }

  @Test
  void aRowWithoutAKeyValue_isNotKeyedWithTheCategoryEmpty() {
    EntityKey key = new EntityKey(0, new String[] {"store", "sales"});
    assertEquals("", key.getKey(Row.of("", 1.0)));
    assertEquals(EntityKey.MISSING, key.getKey(Row.of(null, 1.0)));
    assertNotEquals(key.getKey(Row.of("", 1.0)), key.getKey(Row.of(null, 1.0)));
    assertEquals("", new EntityKey(-1, new String[] {"sales"}).getKey(Row.of(2.0)));
  }
}
