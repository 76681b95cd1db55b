package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Writes and reads {@code aggregate} transforms: the definition only, never the related table's
 * rows (they are data; a predictor reads them from a History). Found by
 * {@link java.util.ServiceLoader}, not called directly; public only because the service loader
 * needs it.
 *
 * <pre>{@code
 * {"version": 1, "source": "calls", "parentKey": "Customer", "childKey": "Customer", "time": "At",
 *  "cutoff": "Snapshot", "inclusive": false, "lookBackMillis": 7776000000,
 *  "values": [{"name": "Minutes", "type": "NUMERIC"}, {"name": "Kind", "type": "CATEGORICAL"}],
 *  "statistics": [{"kind": "count"}, {"kind": "mean", "column": "Minutes"},
 *                 {"kind": "mode", "column": "Kind"}, {"kind": "since_latest", "unitMillis": 86400000}]}
 * }</pre>
 *
 * <p>{@code lookBackMillis} is absent without a look-back. A transform read back computes values
 * only from a History ({@code apply(table, history)} or a predictor's row path); its
 * {@code apply(table)} says so.
 */
public final class AggregateCodec implements TransformCodec {
  private static final String TAG = AggregateTransform.TAG;

  /** Creates the codec (for the service loader). */
  public AggregateCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    AggregateDefinition d = StateJson.cast(AggregateTransform.class, transform, TAG).definition();
    ObjectNode state = StateJson.start();
    state.put("source", d.source());
    state.put("parentKey", d.parentKey());
    state.put("childKey", d.childKey());
    state.put("time", d.time());
    state.put("cutoff", d.cutoff());
    state.put("inclusive", d.inclusive());
    d.lookBack().ifPresent(b -> state.put("lookBackMillis", b.toMillis()));
    ArrayNode values = state.putArray("values");
    d.valueTypes().forEach((name, type) -> values.addObject().put("name", name).put("type", type.name()));
    ArrayNode statistics = state.putArray("statistics");
    for (AggregateDefinition.Statistic s : d.statistics()) {
      ObjectNode node = statistics.addObject().put("kind", s.kind().label);
      s.column().ifPresent(c -> node.put("column", c));
      s.unit().ifPresent(u -> node.put("unitMillis", u.toMillis()));
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String source = StateJson.text(state, "source", "", TAG);
    String parentKey = StateJson.text(state, "parentKey", "", TAG);
    String childKey = StateJson.text(state, "childKey", "", TAG);
    String time = StateJson.text(state, "time", "", TAG);
    String cutoff = StateJson.text(state, "cutoff", "", TAG);
    boolean inclusive = StateJson.bool(state, "inclusive", "", TAG);
    Optional<Duration> lookBack = state.has("lookBackMillis")
        ? Optional.of(Duration.ofMillis(millis(state.get("lookBackMillis"), "lookBackMillis")))
        : Optional.empty();
    ArrayNode valueArray = StateJson.arrayField(state, "values", "", TAG);
    Map<String, ColumnType> valueTypes = new LinkedHashMap<>();
    for (int i = 0; i < valueArray.size(); i++) {
      JsonNode v = StateJson.objectAt(valueArray, i, "values", TAG);
      String path = "values[" + i + "]";
      String name = StateJson.text(v, "name", path, TAG);
      String type = StateJson.text(v, "type", path, TAG);
      if (!type.equals("NUMERIC") && !type.equals("CATEGORICAL")) {
        throw new IllegalArgumentException(TAG + " state field '" + path + ".type' is '" + type + "'; expected NUMERIC or CATEGORICAL");
      }
      if (valueTypes.put(name, ColumnType.valueOf(type)) != null) {
        throw new IllegalArgumentException(TAG + " state field 'values' lists column '" + name + "' twice");
      }
    }
    ArrayNode statArray = StateJson.arrayField(state, "statistics", "", TAG);
    List<AggregateDefinition.Statistic> statistics = new ArrayList<>();
    for (int i = 0; i < statArray.size(); i++) {
      JsonNode s = StateJson.objectAt(statArray, i, "statistics", TAG);
      String path = "statistics[" + i + "]";
      String label = StateJson.text(s, "kind", path, TAG);
      AggregateDefinition.Kind kind = AggregateDefinition.Kind.of(label).orElseThrow(() -> new IllegalArgumentException(
          TAG + " state field '" + path + ".kind' is '" + label + "'; expected one of count, sum, mean, std, min, max, distinct,"
              + " mode, latest, since_latest"));
      Optional<String> column = s.has("column") ? Optional.of(StateJson.text(s, "column", path, TAG)) : Optional.empty();
      Optional<Duration> unit = s.has("unitMillis")
          ? Optional.of(Duration.ofMillis(millis(s.get("unitMillis"), path + ".unitMillis")))
          : Optional.empty();
      statistics.add(StateJson.build(TAG, () -> new AggregateDefinition.Statistic(kind, column, unit)));
    }
    AggregateDefinition definition = StateJson.build(TAG, () ->
        new AggregateDefinition(source, parentKey, childKey, time, cutoff, inclusive, lookBack, statistics, valueTypes));
    return new AggregateTransform(definition, null);
  }

  private static long millis(JsonNode value, String path) {
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
      throw new IllegalArgumentException(TAG + " state field '" + path + "' must be a positive whole number of milliseconds, found "
          + value.getNodeType() + " " + value);
    }
    return value.longValue();
  }
}
