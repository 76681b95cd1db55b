package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.features.Features.CalendarPart;
import org.mlengine.runtime.internal.steps.CalendarTransform;

/**
 * The calendar step; see {@link Features#calendar(ZoneId, String...)}.
 *
 * <pre>{@code
 * Calendar when = Features.calendar(ZoneId.of("Europe/Paris"), "OrderTime")
 *     .parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK);
 * // OrderTime dropped; OrderTime_dayOfWeek, _sin, _cos, OrderTime_hour, _sin, _cos added
 * }</pre>
 *
 * <p>Each TIMESTAMP column is dropped and, per part in {@link CalendarPart} order (all parts by
 * default), {@code column_part} is appended, followed for every part but the year by
 * {@code column_part_sin} and {@code column_part_cos}. The period is the part's true one: 24
 * hours, 7 days, 12 months, and the length of that very month (28 to 31) and year (365 or
 * 366), so the last day of a month is always one step before the first. The parts are
 * whole numbers: the hour of 23:59 is 23. The zone is the factory's first argument, so it
 * cannot be forgotten; the same instant is a Monday in Tokyo and a Sunday in Los Angeles.
 * A missing timestamp gives NaN in every output. Nothing is learned from the training rows.
 */
public final class Calendar extends Step {
  private final ZoneId zone;
  private final ImmutableList<CalendarPart> parts;

  Calendar(ZoneId zone, ImmutableList<String> columns, ImmutableList<CalendarPart> parts) {
    super(CalendarTransform.TAG, columns, EnumSet.of(ColumnType.TIMESTAMP));
    this.zone = zone;
    this.parts = parts;
  }

  /** Only these parts (default: all), written in {@link CalendarPart} order. */
  public Calendar parts(CalendarPart... chosen) {
    if (chosen == null || chosen.length == 0 || Arrays.asList(chosen).contains(null)) {
      throw new IllegalArgumentException(
          "parts(...) needs at least one part and no null, e.g. parts(Features.CalendarPart.HOUR,"
              + " Features.CalendarPart.DAY_OF_WEEK)");
    }
    return new Calendar(zone, columns, ImmutableList.copyOf(EnumSet.copyOf(Arrays.asList(chosen))));
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return new CalendarTransform(zone, KernelValues.fields(parts), columns);
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("zone", zone.getId());
    spec.put("parts", parts.stream()
        .map(p -> CalendarTransform.label(KernelValues.field(p)))
        .collect(ImmutableList.toImmutableList()));
  }
}
