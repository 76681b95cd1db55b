package org.mlengine.core;

import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.spi.TransformCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A minimal event step for core's own tests: each row gets the value of the latest row strictly
 * before its time ({@code <value>_previous}; 0 for the first), from the table offline and from a History online.
 */
public record PreviousValue(String value, String time) implements EventExtractor {

  @Override
  public String name() {
    return "previous";
  }

  @Override
  public List<String> columns() {
    return List.of(time);
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    if (schema.column(value).isEmpty()) {
      problems.add("previous reads column '" + value + "', which is not in the table");
    }
  }

  @Override
  public EventTransform fit(FitContext context) {
    return new Transform(value, time);
  }

  @Override
  public boolean readsOwnRows() {
    return true;
  }

  @Override
  public Map<String, Object> spec() {
    return Map.of("value", value, "time", time);
  }

  record Transform(String value, String time) implements EventTransform {
    String output() {
      return value + "_previous";
    }

    @Override
    public String tag() {
      return "test_previous";
    }

    @Override
    public List<String> inputColumns() {
      return List.of(time);
    }

    @Override
    public List<EventSource> sources() {
      return List.of(new EventSource(History.ROWS, Optional.empty(), time,
          List.of(new Schema.Field(value, ColumnType.NUMERIC, List.of())), Optional.empty(), 1));
    }

    @Override
    public List<String> pastColumns() {
      return List.of(value);
    }

    @Override
    public Table apply(Table table) {
      long[] t = table.timestampColumn(time);
      double[] v = table.numericColumn(value);
      List<Integer> order = new ArrayList<>(IntStream.range(0, t.length).boxed().toList());
      order.sort(Comparator.comparingLong(r -> t[r]));
      double[] out = new double[t.length];
      double latest = 0;
      int next = 0;
      for (int r : order) {
        while (t[order.get(next)] < t[r]) {
          latest = v[order.get(next++)];
        }
        out[r] = latest;
      }
      return table.withNumeric(output(), out);
    }

    @Override
    public Table apply(Table table, History history) {
      double[] out = new double[table.rowCount()];
      for (int r = 0; r < out.length; r++) {
        out[r] = previous(history, table.timestamp(time, r));
      }
      return table.withNumeric(output(), out);
    }

    private double previous(History history, long before) {
      Table events = history.events(new EventQuery(History.ROWS, Optional.empty(), Optional.empty(), time, Long.MIN_VALUE, before, 1));
      return events.rowCount() == 0 ? 0 : events.numeric(value, 0);
    }

    @Override
    public Optional<RowKernel> compile(Slots slots) {
      int in = slots.number(time);
      int out = slots.newNumber(output());
      return Optional.of(row -> {
        if (row.history() == null) {
          throw new IllegalStateException("previous needs a history");
        }
        row.setNumber(out, previous(row.history(), (long) row.number(in)));
      });
    }
  }

  /** Writes and reads the test step. */
  public static final class Codec implements TransformCodec {
    @Override
    public String tag() {
      return "test_previous";
    }

    @Override
    public ObjectNode write(FittedTransform transform) {
      Transform t = (Transform) transform;
      return JsonNodeFactory.instance.objectNode().put("value", t.value()).put("time", t.time());
    }

    @Override
    public FittedTransform read(JsonNode state) {
      return new Transform(state.get("value").asText(), state.get("time").asText());
    }
  }
}
