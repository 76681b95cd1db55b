package org.mlengine.features;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.Table;

/**
 * Calendar features of TIMESTAMP columns, read in a fixed time zone. Each input column is
 * dropped and, per part in {@link Features.CalendarPart} order, {@code column_part} (the part as
 * a number) is appended, followed for a cyclical part by {@code column_part_sin} and
 * {@code column_part_cos} over the part's true period. A missing timestamp gives missing (NaN)
 * everywhere. Nothing is learned from data.
 *
 * @param zone the zone the hours and days are read in
 * @param parts the parts, in enum order, not empty
 * @param columns the TIMESTAMP columns, in order
 */
record CalendarTransform(ZoneId zone, List<Features.CalendarPart> parts, List<String> columns) implements FittedTransform {
  static final String TAG = "calendar";

  CalendarTransform {
    Objects.requireNonNull(zone, "zone");
    checkArgument(!parts.isEmpty(), "calendar needs at least one part");
    checkArgument(!columns.isEmpty(), "calendar needs at least one column");
    parts = ImmutableList.copyOf(EnumSet.copyOf(parts));
    columns = ImmutableList.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      checkArgument(seen.add(c), "column '%s' is listed twice; give each column once", c);
    }
  }

  /** The part's name in column names and in the state, e.g. {@code dayOfWeek}. */
  static String label(Features.CalendarPart part) {
    return switch (part) {
      case YEAR -> "year";
      case MONTH -> "month";
      case DAY_OF_MONTH -> "dayOfMonth";
      case DAY_OF_WEEK -> "dayOfWeek";
      case DAY_OF_YEAR -> "dayOfYear";
      case HOUR -> "hour";
    };
  }

  /** The part whose {@link #label} this is, or {@code null}. */
  static Features.CalendarPart part(String label) {
    for (Features.CalendarPart p : Features.CalendarPart.values()) {
      if (label(p).equals(label)) {
        return p;
      }
    }
    return null;
  }

  /** The names of the columns one input column becomes, in order. */
  List<String> outputColumns(String column) {
    List<String> out = new ArrayList<>();
    for (Features.CalendarPart p : parts) {
      String name = column + "_" + label(p);
      out.add(name);
      if (p != Features.CalendarPart.YEAR) {
        out.add(name + "_sin");
        out.add(name + "_cos");
      }
    }
    return out;
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return columns;
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (String column : columns) {
      long[] millis = Steps.timestamps(TAG, table, column);
      int n = millis.length;
      List<double[]> values = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        boolean cyclical = parts.get(i) != Features.CalendarPart.YEAR;
        for (int j = 0; j < (cyclical ? 3 : 1); j++) {
          double[] v = new double[n];
          java.util.Arrays.fill(v, Double.NaN);
          values.add(v);
        }
      }
      for (int r = 0; r < n; r++) {
        if (millis[r] == Long.MIN_VALUE) {
          continue;
        }
        ZonedDateTime time = Instant.ofEpochMilli(millis[r]).atZone(zone);
        int at = 0;
        for (Features.CalendarPart p : parts) {
          int value;
          int start;
          int period;
          switch (p) {
            case YEAR -> {
              values.get(at++)[r] = time.getYear();
              continue;
            }
            case MONTH -> {
              value = time.getMonthValue();
              start = 1;
              period = 12;
            }
            case DAY_OF_MONTH -> {
              value = time.getDayOfMonth();
              start = 1;
              period = time.toLocalDate().lengthOfMonth();
            }
            case DAY_OF_WEEK -> {
              value = time.getDayOfWeek().getValue();
              start = 1;
              period = 7;
            }
            case DAY_OF_YEAR -> {
              value = time.getDayOfYear();
              start = 1;
              period = time.toLocalDate().lengthOfYear();
            }
            case HOUR -> {
              value = time.getHour();
              start = 0;
              period = 24;
            }
            default -> throw new IllegalStateException("unknown part " + p);
          }
          double angle = 2 * Math.PI * (value - start) / period;
          values.get(at++)[r] = value;
          values.get(at++)[r] = Math.sin(angle);
          values.get(at++)[r] = Math.cos(angle);
        }
      }
      out = out.drop(column);
      List<String> names = outputColumns(column);
      for (int i = 0; i < names.size(); i++) {
        Steps.requireFree(TAG, out, names.get(i), column);
        out = out.withNumeric(names.get(i), values.get(i));
      }
    }
    return out;
  }
}
