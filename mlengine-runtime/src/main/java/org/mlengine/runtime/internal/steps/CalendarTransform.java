package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;

/**
 * Calendar features of TIMESTAMP columns, read in a fixed time zone. Each input column is
 * dropped and, per part in {@link CalendarField} order, {@code column_part} (the part as
 * a number) is appended, followed for a cyclical part by {@code column_part_sin} and
 * {@code column_part_cos} over the part's true period. A missing timestamp gives missing (NaN)
 * everywhere. Nothing is learned from data.
 *
 * <pre>{@code
 * CalendarTransform calendar = new CalendarTransform(ZoneOffset.UTC,
 *     List.of(CalendarField.DAY_OF_WEEK, CalendarField.HOUR), List.of("OpenedAt"));
 * Table out = calendar.apply(table);   // OpenedAt_dayOfWeek, ..., OpenedAt_hour_cos
 * List<String> added = calendar.outputColumns("OpenedAt");
 * }</pre>
 *
 * @param zone the zone the hours and days are read in
 * @param parts the parts, in enum order, not empty
 * @param columns the TIMESTAMP columns, in order
 */
public record CalendarTransform(ZoneId zone, List<CalendarField> parts, List<String> columns) implements FittedTransform {
  public static final String TAG = "calendar";

  public CalendarTransform {
    Objects.requireNonNull(zone, "zone");
    checkArgument(!parts.isEmpty(), "calendar needs at least one part");
    checkArgument(!columns.isEmpty(), "calendar needs at least one column");
    parts = List.copyOf(EnumSet.copyOf(parts));
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      checkArgument(seen.add(c), "column '%s' is listed twice; give each column once", c);
    }
  }

  /** The part's name in column names and in the state, e.g. {@code dayOfWeek}. */
  public static String label(CalendarField part) {
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
  static CalendarField part(String label) {
    for (CalendarField p : CalendarField.values()) {
      if (label(p).equals(label)) {
        return p;
      }
    }
    return null;
  }

  /** The names of the columns one input column becomes, in order. */
  public List<String> outputColumns(String column) {
    List<String> out = new ArrayList<>();
    for (CalendarField p : parts) {
      String name = column + "_" + label(p);
      out.add(name);
      if (p != CalendarField.YEAR) {
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
    Outputs outputs = new Outputs(parts);
    ZoneReader reader = new ZoneReader(zone);
    Table out = table;
    for (String column : columns) {
      long[] millis = Inputs.timestamps(TAG, table, column);
      int n = millis.length;
      double[][] values = new double[outputs.size()][n];
      for (int r = 0; r < n; r++) {
        long fields = millis[r] == Long.MIN_VALUE ? MISSING : reader.fields(millis[r]);
        for (int k = 0; k < values.length; k++) {
          values[k][r] = outputs.value(k, fields);
        }
      }
      out = out.drop(column);
      List<String> names = outputColumns(column);
      for (int i = 0; i < names.size(); i++) {
        Inputs.requireFree(TAG, out, names.get(i), column);
        out = out.withNumeric(names.get(i), values[i]);
      }
    }
    return out;
  }

  /**
   * The row form: the TIMESTAMP slot holds epoch milliseconds as a double (NaN for missing);
   * each input column is unbound and its outputs appended in {@link #outputColumns} order, as
   * {@link #apply} drops and appends. Empty (the table path, which reports it) when a column is
   * not TIMESTAMP at this step or an output name is taken.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = columns.size();
    // Dry run of apply's drops and requireFree checks, so nothing is bound unless all of it is.
    Set<String> dropped = new HashSet<>();
    Set<String> made = new HashSet<>();
    for (String column : columns) {
      if (Inputs.typeAt(slots, column) != ColumnType.TIMESTAMP) {
        return Optional.empty();
      }
      dropped.add(column);
      for (String name : outputColumns(column)) {
        boolean taken = made.contains(name) || (!dropped.contains(name) && Inputs.typeAt(slots, name) != null);
        if (taken) {
          return Optional.empty();
        }
        made.add(name);
      }
    }
    int[] in = new int[n];
    for (int c = 0; c < n; c++) {
      in[c] = slots.number(columns.get(c));
    }
    int[][] out = new int[n][];
    for (int c = 0; c < n; c++) {
      String column = columns.get(c);
      slots.remove(column);
      List<String> names = outputColumns(column);
      out[c] = new int[names.size()];
      for (int k = 0; k < names.size(); k++) {
        out[c][k] = slots.newNumber(names.get(k));
      }
    }
    Outputs outputs = new Outputs(parts);
    ZoneReader reader = ZoneReader.tabulated(zone);
    return Optional.of(row -> {
      for (int c = 0; c < n; c++) {
        double millis = row.number(in[c]);
        long fields = Double.isNaN(millis) ? MISSING : reader.fields((long) millis);
        int[] slot = out[c];
        for (int k = 0; k < slot.length; k++) {
          row.setNumber(slot[k], outputs.value(k, fields));
        }
      }
    });
  }

  // ---- calendar arithmetic, shared by both forms ----

  /** The packed fields of a missing timestamp: every output is NaN. */
  static final long MISSING = Long.MIN_VALUE;

  /**
   * The outputs of one input column in {@link #outputColumns} order: per output, its part and
   * whether it is the part's value (0), sine (1) or cosine (2).
   */
  static final class Outputs {
    private final CalendarField[] part;
    private final int[] component;

    Outputs(List<CalendarField> parts) {
      List<CalendarField> p = new ArrayList<>();
      List<Integer> c = new ArrayList<>();
      for (CalendarField part : parts) {
        p.add(part);
        c.add(0);
        if (part != CalendarField.YEAR) {
          p.add(part);
          c.add(1);
          p.add(part);
          c.add(2);
        }
      }
      this.part = p.toArray(CalendarField[]::new);
      this.component = c.stream().mapToInt(Integer::intValue).toArray();
    }

    int size() {
      return part.length;
    }

    /**
     * Output {@code k} of a timestamp whose fields {@link ZoneReader#fields} packed: the part as a
     * number, or the sine or cosine of {@code 2π(value - first) / period} over the part's true
     * period (24 hours, 7 days, that month's length, 12 months, that year's length); NaN for
     * {@link #MISSING}.
     */
    double value(int k, long fields) {
      if (fields == MISSING) {
        return Double.NaN;
      }
      int value;
      int start = 1;
      int period;
      switch (part[k]) {
        case YEAR -> {
          return ZoneReader.year(fields);
        }
        case MONTH -> {
          value = ZoneReader.month(fields);
          period = 12;
        }
        case DAY_OF_MONTH -> {
          value = ZoneReader.dayOfMonth(fields);
          period = ZoneReader.lengthOfMonth(fields);
        }
        case DAY_OF_WEEK -> {
          value = ZoneReader.dayOfWeek(fields);
          period = 7;
        }
        case DAY_OF_YEAR -> {
          value = ZoneReader.dayOfYear(fields);
          period = ZoneReader.isLeap(fields) ? 366 : 365;
        }
        case HOUR -> {
          value = ZoneReader.hour(fields);
          start = 0;
          period = 24;
        }
        default -> throw new IllegalStateException("unknown part " + part[k]);
      }
      if (component[k] == 0) {
        return value;
      }
      double angle = 2 * Math.PI * (value - start) / period;
      return component[k] == 1 ? Math.sin(angle) : Math.cos(angle);
    }
  }

  /**
   * Reads an instant's local date and hour in one zone as {@link java.time.ZonedDateTime} would,
   * without allocating: the zone's offset at the instant gives the local second since
   * 1970-01-01T00:00, whose day is turned into a proleptic Gregorian date by Howard Hinnant's
   * {@code civil_from_days}. The fields come packed in a long: the year in the high 32 bits and,
   * from the lowest bit up, the hour (5 bits), ISO day of week (3), day of year (9), day of month
   * (5), month (4) and whether the year is a leap year (1).
   *
   * <p>A fixed-offset zone needs no lookup. For a zone with daylight saving, {@link
   * #tabulated} lists the zone's transitions from {@value #FIRST_YEAR} to {@value #LAST_YEAR}
   * once, so the row path finds the offset of an instant in those years by binary search instead
   * of {@link ZoneRules#getOffset(Instant)}, which allocates; both give the same offset.
   */
  static final class ZoneReader {
    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2100;

    private final ZoneRules rules;
    private final boolean fixed;
    private final int fixedOffset;
    // the transitions in [from, until): epoch second and wall offset after it; the offset at from
    private final long from;
    private final long until;
    private final long[] transitions;
    private final int[] offsetAfter;
    private final int offsetAtFrom;

    private ZoneReader(ZoneId zone, boolean tabulate) {
      this.rules = zone.getRules();
      this.fixed = rules.isFixedOffset();
      this.fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
      List<Long> at = new ArrayList<>();
      List<Integer> after = new ArrayList<>();
      if (tabulate && !fixed) {
        this.from = java.time.LocalDate.of(FIRST_YEAR, 1, 1).toEpochDay() * 86_400;
        this.until = java.time.LocalDate.of(LAST_YEAR + 1, 1, 1).toEpochDay() * 86_400;
        Instant t = Instant.ofEpochSecond(from);
        for (var next = rules.nextTransition(t); next != null && next.toEpochSecond() < until; ) {
          at.add(next.toEpochSecond());
          after.add(next.getOffsetAfter().getTotalSeconds());
          t = next.getInstant();
          next = rules.nextTransition(t);
        }
        this.offsetAtFrom = rules.getOffset(Instant.ofEpochSecond(from)).getTotalSeconds();
      } else {
        this.from = 0;
        this.until = 0; // nothing tabulated
        this.offsetAtFrom = 0;
      }
      this.transitions = at.stream().mapToLong(Long::longValue).toArray();
      this.offsetAfter = after.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A reader that asks the zone's rules for each instant's offset (the table path's). */
    ZoneReader(ZoneId zone) {
      this(zone, false);
    }

    /** A reader that looks offsets up in a table of the transitions it makes once (the row path's). */
    static ZoneReader tabulated(ZoneId zone) {
      return new ZoneReader(zone, true);
    }

    /** The zone's offset in seconds at an instant. */
    private int offset(long epochSecond, long millis) {
      if (fixed) {
        return fixedOffset;
      }
      if (epochSecond >= from && epochSecond < until) {
        int i = java.util.Arrays.binarySearch(transitions, epochSecond);
        int last = i >= 0 ? i : -i - 2; // the last transition at or before the instant
        return last < 0 ? offsetAtFrom : offsetAfter[last];
      }
      return rules.getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds();
    }

    /** The packed fields of an instant given in epoch milliseconds. */
    long fields(long millis) {
      long epochSecond = Math.floorDiv(millis, 1000L);
      long local = epochSecond + offset(epochSecond, millis);
      long epochDay = Math.floorDiv(local, 86_400L);
      int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
      int dayOfWeek = (int) Math.floorMod(epochDay + 3, 7L) + 1; // 1970-01-01 was a Thursday (4)
      // civil_from_days: eras of 400 years starting on March 1st, so the leap day ends a year
      long z = epochDay + 719_468;
      long era = Math.floorDiv(z, 146_097L);
      long dayOfEra = z - era * 146_097;
      long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
      long marchDay = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // 0 = March 1st
      int marchMonth = (int) ((5 * marchDay + 2) / 153); // 0 = March
      int day = (int) (marchDay - (153 * marchMonth + 2) / 5 + 1);
      int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
      int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
      boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
      // March 1st is day 60 of a common year; January and February close the March-based year
      int dayOfYear = month >= 3 ? (int) marchDay + 60 + (leap ? 1 : 0) : (int) marchDay - 305;
      return ((long) year << 32) | hour | dayOfWeek << 5 | dayOfYear << 8 | day << 17 | month << 22
          | (leap ? 1 : 0) << 26;
    }

    static int year(long fields) {
      return (int) (fields >> 32);
    }

    static int hour(long fields) {
      return (int) fields & 0x1f;
    }

    static int dayOfWeek(long fields) {
      return (int) (fields >>> 5) & 0x7;
    }

    static int dayOfYear(long fields) {
      return (int) (fields >>> 8) & 0x1ff;
    }

    static int dayOfMonth(long fields) {
      return (int) (fields >>> 17) & 0x1f;
    }

    static int month(long fields) {
      return (int) (fields >>> 22) & 0xf;
    }

    static boolean isLeap(long fields) {
      return ((fields >>> 26) & 1) != 0;
    }

    static int lengthOfMonth(long fields) {
      return switch (month(fields)) {
        case 2 -> isLeap(fields) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
      };
    }
  }
}
