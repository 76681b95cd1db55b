package org.mlengine.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * One recorded row of the history as bytes in Flink's keyed state: a format version, then each
 * recorded column in a fixed order, a presence flag and the value (a double's bits, a timestamp's
 * epoch milliseconds, or UTF-8 text). Bytes, so that the state needs no serializer of ours and a
 * checkpoint's copy of it is a plain array copy.
 *
 * <pre>{@code
 * EventCodec codec = new EventCodec(recordedFields);
 * byte[] stored = codec.encode(event);
 * Map<String, Object> again = codec.decode(stored);
 * }</pre>
 */
final class EventCodec implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int VERSION = 1;

  private final String[] names;
  private final ColumnType[] types;

  EventCodec(List<Schema.Field> fields) {
    this.names = fields.stream().map(Schema.Field::name).toArray(String[]::new);
    this.types = fields.stream().map(Schema.Field::type).toArray(ColumnType[]::new);
  }

  /** The recorded columns' names, in the stored order. */
  List<String> names() {
    return List.of(names);
  }

  /**
   * The bytes of an event whose values are as {@link RowMapping#event} makes them.
   *
   * @throws InvalidInputException when a NUMERIC column holds no number or a TIMESTAMP column no
   *     {@link Instant} (the history refuses such an event too); nothing is written then
   */
  byte[] encode(Map<String, ?> event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 12 * names.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      for (int c = 0; c < names.length; c++) {
        Object value = event.get(names[c]);
        out.writeBoolean(value != null);
        if (value != null) {
          switch (types[c]) {
            case NUMERIC -> out.writeLong(Double.doubleToRawLongBits(expect(c, value, Number.class, "a number").doubleValue()));
            case TIMESTAMP -> out.writeLong(expect(c, value, Instant.class, "an Instant").toEpochMilli());
            default -> {
              byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
              out.writeInt(text.length);
              out.write(text);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array's stream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The bytes of one row of a table the history returned ({@code History.events}), read by each
   * column's type: a TIMESTAMP column's epoch milliseconds become an {@link Instant} whichever
   * recorded column it is, so that compacting the state re-encodes exactly what {@link
   * #encode(Map)} wrote.
   */
  byte[] encode(Table table, int row, Map<String, Object> scratch) {
    scratch.clear();
    for (int c = 0; c < names.length; c++) {
      String column = names[c];
      if (!table.hasColumn(column)) {
        throw new IllegalStateException("the history's events lack the recorded column '" + column + "' (they carry "
            + table.columnNames() + "); the bundle's history does not record what its event sources declare");
      }
      boolean missing = table.isMissing(column, row);
      scratch.put(column, missing ? null : types[c] == ColumnType.TIMESTAMP && table.type(column) == ColumnType.TIMESTAMP
          ? Instant.ofEpochMilli(table.timestamp(column, row)) : table.value(column, row));
    }
    return encode(scratch);
  }

  private <T> T expect(int c, Object value, Class<T> type, String expected) {
    if (!type.isInstance(value)) {
      throw new InvalidInputException(names[c], "recorded column '" + names[c] + "' is " + types[c] + " and holds "
          + value.getClass().getSimpleName() + " " + value + "; give " + expected + " (or null for a missing value)");
    }
    return type.cast(value);
  }

  /** The event again, in the stored column order, as the history's {@code append(source, Map)} reads it. */
  Map<String, Object> decode(byte[] stored) {
    Map<String, Object> event = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("a recorded event in Flink state has format " + version + "; this mlengine-flink reads"
            + " format " + VERSION + ". Restore the checkpoint with the mlengine version that wrote it");
      }
      for (int c = 0; c < names.length; c++) {
        Object value = null;
        if (in.readBoolean()) {
          value = switch (types[c]) {
            case NUMERIC -> Double.longBitsToDouble(in.readLong());
            case TIMESTAMP -> Instant.ofEpochMilli(in.readLong());
            default -> {
              byte[] text = new byte[in.readInt()];
              in.readFully(text);
              yield new String(text, StandardCharsets.UTF_8);
            }
          };
        }
        event.put(names[c], value);
      }
    } catch (IOException e) {
      throw new IllegalStateException("a recorded event in Flink state is cut short (" + stored.length + " bytes) for the columns "
          + List.of(names) + "; the checkpoint does not belong to this bundle's history", e);
    }
    return event;
  }
}
