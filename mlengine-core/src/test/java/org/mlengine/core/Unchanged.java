package org.mlengine.core;

import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A fitted step for tests (core's, and eval's through the test jar) that reads a column and changes nothing. */
public record Unchanged(String column) implements Extractor, FittedTransform {

  @Override
  public String name() {
    return "unchanged";
  }

  @Override
  public List<String> columns() {
    return List.of(column);
  }

  @Override
  public void check(Schema schema, List<String> problems) {}

  @Override
  public FittedTransform fit(FitContext context) {
    return this;
  }

  @Override
  public Map<String, Object> spec() {
    return Map.of("column", column);
  }

  @Override
  public String tag() {
    return "test_unchanged";
  }

  @Override
  public List<String> inputColumns() {
    return List.of(column);
  }

  @Override
  public Table apply(Table table) {
    return table;
  }

  /** Writes and reads the test step. */
  public static final class Codec implements TransformCodec {
    @Override
    public String tag() {
      return "test_unchanged";
    }

    @Override
    public ObjectNode write(FittedTransform transform) {
      return JsonNodeFactory.instance.objectNode().put("column", ((Unchanged) transform).column());
    }

    @Override
    public FittedTransform read(JsonNode state) {
      return new Unchanged(state.get("column").asText());
    }
  }
}
