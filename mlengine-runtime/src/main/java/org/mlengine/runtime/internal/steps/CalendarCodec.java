package org.mlengine.runtime.internal.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.ArrayList;

/**
 * Writes and reads {@code calendar} transforms; found by {@link java.util.ServiceLoader}, not
 * called directly. Public only because the service loader needs it.
 *
 * <pre>{@code
 * {"version": 1, "zone": "Europe/Paris", "parts": ["dayOfWeek", "hour"], "columns": ["OrderTime"]}
 * }</pre>
 */
public final class CalendarCodec implements TransformCodec {
  private static final String TAG = CalendarTransform.TAG;

  /** Creates the codec (for the service loader). */
  public CalendarCodec() {}

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode write(FittedTransform transform) {
    CalendarTransform t = StateJson.cast(CalendarTransform.class, transform, TAG);
    ObjectNode state = StateJson.start();
    state.put("zone", t.zone().getId());
    ArrayNode parts = state.putArray("parts");
    t.parts().forEach(p -> parts.add(CalendarTransform.label(p)));
    state.set("columns", StateJson.texts(t.columns()));
    return state;
  }

  @Override
  public FittedTransform read(JsonNode state) {
    StateJson.checkVersion(state, TAG);
    String zoneId = StateJson.text(state, "zone", "", TAG);
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneId);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          TAG + " state field 'zone' is '" + zoneId + "', which this Java runtime does not know as a time zone ("
              + e.getMessage() + "); update the runtime's time-zone data", e);
    }
    List<CalendarField> parts = new ArrayList<>();
    for (String label : StateJson.texts(state, "parts", "", TAG)) {
      CalendarField p = CalendarTransform.part(label);
      if (p == null) {
        throw new IllegalArgumentException(
            TAG + " state field 'parts' holds '" + label + "'; expected some of year, month, dayOfMonth, dayOfWeek,"
                + " dayOfYear, hour");
      }
      parts.add(p);
    }
    List<String> columns = StateJson.texts(state, "columns", "", TAG);
    List<CalendarField> chosen = List.copyOf(parts);
    return StateJson.build(TAG, () -> new CalendarTransform(zone, chosen, columns));
  }
}
