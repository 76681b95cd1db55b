package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.WindowTransform.Kind;
import org.mlengine.runtime.internal.steps.WindowTransform.Span;
import org.mlengine.runtime.internal.steps.WindowTransform.Statistic;

/**
 * Writes and reads {@code window} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it. The window is its
 * definition only (nothing is learned), so a bundle computes served values with the same
 * definition that computed the training values.
 *
 * <pre>{@code
 * {"version": 1, "value": "ridership", "entity": "station", "time": "date", "span": "duration",
 *  "size": 604800000, "gapMillis": 0, "minObservations": 1, "prefix": "ridership",
 *  "statistics": [{"kind": "mean", "parameter": 0}, {"kind": "std", "parameter": 1},
 *                 {"kind": "slope", "parameter": 86400000}, {"kind": "lag", "parameter": 1}]}
 * }</pre>
 *
 * <p>{@code span} is {@code rows}, {@code duration}, {@code expanding} or {@code none}; {@code
 * size} is the row count or the milliseconds; a statistic's {@code parameter} is the ddof of
 * {@code std}, the unit in milliseconds of {@code slope}, the k of {@code lag}, and 0 otherwise.
 * {@code entity} is absent for a single series.
 */
public final class WindowCodec implements TransformCodec {
  private static final String TAG = WindowTransform.TAG;

  /** Creates the codec (for the service loader). */
  public WindowCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    WindowTransform t = StateJson.cast(WindowTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("value", t.value());
    t.entity().ifPresent(e -> state.put("entity", e));
    state.put("time", t.time());
    state.put("span", t.span().name().toLowerCase(Locale.ROOT));
    state.put("size", t.size());
    state.put("gapMillis", t.gapMillis());
    state.put("minObservations", t.minObservations());
    state.put("prefix", t.prefix());
    ArrayNode statistics = state.putArray("statistics");
    for (Statistic s : t.statistics()) {
      ObjectNode node = statistics.addObject();
      node.put("kind", s.kind().label());
      node.put("parameter", s.parameter());
    }
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String value = StateJson.text(state, "value", "", TAG);
    Optional<String> entity = state.hasNonNull("entity") ? Optional.of(StateJson.text(state, "entity", "", TAG)) : Optional.empty();
    String time = StateJson.text(state, "time", "", TAG);
    Span span = choice(Span.class, StateJson.text(state, "span", "", TAG), "span");
    long size = whole(state, "size", "");
    long gap = whole(state, "gapMillis", "");
    long minObservations = whole(state, "minObservations", "");
    String prefix = StateJson.text(state, "prefix", "", TAG);
    ArrayNode array = StateJson.arrayField(state, "statistics", "", TAG);
    List<Statistic> statistics = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "statistics[" + i + "]";
      JsonNode node = StateJson.objectAt(array, i, "statistics", TAG);
      Kind kind = choice(Kind.class, StateJson.text(node, "kind", path, TAG), path + ".kind");
      long parameter = whole(node, "parameter", path);
      statistics.add(StateJson.build(TAG, () -> new Statistic(kind, parameter)));
    }
    if (minObservations > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(TAG + " state field 'minObservations' is " + minObservations + "; it must fit an int");
    }
    int fewest = (int) minObservations;
    return StateJson.build(TAG, () -> new WindowTransform(value, entity, time, span, size, gap, statistics, fewest, prefix));
  }

  private static long whole(JsonNode node, String field, String path) {
    JsonNode v = StateJson.field(node, field, path, TAG);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(TAG + " state field '" + (path.isEmpty() ? field : path + "." + field)
          + "' must be a whole number, found " + v.getNodeType() + " " + v);
    }
    return v.longValue();
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String text, String field) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(TAG + " state field '" + field + "' is '" + text + "'; expected one of " + names);
  }
}
