package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import java.util.stream.Collectors;
import org.mlengine.runtime.internal.Immutables;

/**
 * What an aggregate step computes, and all a bundle keeps of it: the related table's name, the
 * key and time columns on both sides, the cutoff rule, the look-back, the statistics in the order
 * they were asked for, and the types of the related table's columns they read. The related
 * table's rows are data, not part of the definition.
 *
 * <pre>{@code
 * AggregateDefinition.Statistic sum = AggregateDefinition.Statistic.of(AggregateDefinition.Kind.SUM, "Amount");
 * AggregateDefinition payments = new AggregateDefinition("payments", "Customer", "Customer", "PaidAt", "AsOf",
 *     false, Optional.of(Duration.ofDays(30)), List.of(sum), Map.of("Amount", ColumnType.NUMERIC));
 * String column = AggregateDefinition.outputName("payments", payments.lookBack(), sum);
 * }</pre>
 *
 * @param source the related table's name, also its {@link org.mlengine.runtime.History} source name
 * @param parentKey the parent table's key column (CATEGORICAL)
 * @param childKey the related table's key column (CATEGORICAL)
 * @param time the related table's TIMESTAMP column
 * @param cutoff the parent table's TIMESTAMP column holding each row's cutoff
 * @param inclusive whether related rows at the cutoff instant itself count (default: they do not)
 * @param lookBack how far before the cutoff related rows count; empty for no limit
 * @param statistics the statistics, in output order, none repeated
 * @param valueTypes the related table's columns the statistics read, NUMERIC or CATEGORICAL, in
 *     first-use order
 */
public record AggregateDefinition(String source, String parentKey, String childKey, String time, String cutoff, boolean inclusive,
    Optional<Duration> lookBack, List<Statistic> statistics, Map<String, ColumnType> valueTypes) {

  /** The statistics an aggregate computes. */
  public enum Kind {
    COUNT("count", false),
    SUM("sum", true),
    MEAN("mean", true),
    STD("std", true),
    MIN("min", true),
    MAX("max", true),
    DISTINCT("distinct", false),
    MODE("mode", false),
    LATEST("latest", false),
    SINCE_LATEST("since_latest", false);

    /** The statistic's name in output column names and in the bundle state. */
    final String label;
    /** Whether it reads a NUMERIC column only. */
    public final boolean numericOnly;

    Kind(String label, boolean numericOnly) {
      this.label = label;
      this.numericOnly = numericOnly;
    }

    /** Whether the statistic reads a column of the related table. */
    boolean readsColumn() {
      return this != COUNT && this != SINCE_LATEST;
    }

    public static Optional<Kind> of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One statistic.
   *
   * @param kind what it computes
   * @param column the related table's column it reads; empty for count and time since latest
   * @param unit the unit time since latest is given in; empty for the others
   */
  public record Statistic(Kind kind, Optional<String> column, Optional<Duration> unit) {
    public Statistic {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(unit, "unit");
      checkArgument(kind.readsColumn() == column.isPresent(), "statistic %s %s a column", kind.label,
          kind.readsColumn() ? "needs" : "takes no");
      checkArgument((kind == Kind.SINCE_LATEST) == unit.isPresent(), "only since_latest has a unit; %s got %s", kind.label, unit);
      unit.ifPresent(u -> checkArgument(isWholePositiveMillis(u), "the unit of time since latest is %s; give a positive whole"
          + " number of milliseconds, e.g. Duration.ofDays(1)", u));
    }

    public static Statistic of(Kind kind, String column) {
      return new Statistic(kind, Optional.of(column), Optional.empty());
    }
  }

  public AggregateDefinition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(parentKey, "parentKey");
    Objects.requireNonNull(childKey, "childKey");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(cutoff, "cutoff");
    Objects.requireNonNull(lookBack, "lookBack");
    statistics = List.copyOf(statistics);
    valueTypes = Immutables.map(valueTypes);
    checkArgument(!source.isBlank(), "an aggregate needs the related table's name, e.g. \"calls\"");
    checkArgument(!statistics.isEmpty(), "aggregate '%s' has no statistic", source);
    lookBack.ifPresent(b -> checkArgument(isWholePositiveMillis(b), "look-back is %s; give a positive whole number of"
        + " milliseconds, e.g. Duration.ofDays(90)", b));
    Set<String> names = new HashSet<>();
    for (Statistic s : statistics) {
      String name = outputName(source, lookBack, s);
      checkArgument(names.add(name), "aggregate '%s' asks for %s twice; ask for each statistic once", source, name);
      if (s.column().isPresent()) {
        ColumnType type = valueTypes.get(s.column().get());
        checkArgument(type != null, "statistic %s reads column '%s', which has no type among %s", s.kind().label, s.column().get(),
            valueTypes);
        checkArgument(type == ColumnType.NUMERIC || (type == ColumnType.CATEGORICAL && !s.kind().numericOnly),
            "statistic %s of column '%s' needs %s, but the column is %s", s.kind().label, s.column().get(),
            s.kind().numericOnly ? "NUMERIC" : "NUMERIC or CATEGORICAL", type);
      }
    }
    for (Map.Entry<String, ColumnType> v : valueTypes.entrySet()) {
      checkArgument(v.getValue() == ColumnType.NUMERIC || v.getValue() == ColumnType.CATEGORICAL,
          "column '%s' is %s; aggregates read NUMERIC or CATEGORICAL columns", v.getKey(), v.getValue());
      checkArgument(statistics.stream().anyMatch(s -> s.column().equals(Optional.of(v.getKey()))),
          "column '%s' is listed but no statistic reads it", v.getKey());
    }
  }

  /** The output column names, one per statistic, in order. */
  List<String> outputNames() {
    return statistics.stream().map(s -> outputName(source, lookBack, s)).collect(Collectors.toUnmodifiableList());
  }

  /** Whether statistic {@code s} writes a CATEGORICAL column (mode or latest of a CATEGORICAL column). */
  boolean categoricalOutput(int s) {
    Statistic st = statistics.get(s);
    return (st.kind() == Kind.MODE || st.kind() == Kind.LATEST) && valueTypes.get(st.column().get()) == ColumnType.CATEGORICAL;
  }

  /** The columns read, of one type, in {@link #valueTypes} order. */
  List<String> valueColumns(ColumnType type) {
    return valueTypes.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableList());
  }

  /** What to ask a history for: the key's events in the window before {@code cutoffMillis}. */
  EventQuery query(String key, long cutoffMillis) {
    return new EventQuery(source, Optional.of(childKey), Optional.of(key), time, from(cutoffMillis), until(cutoffMillis), 0);
  }

  /** The first related-row time that counts for a cutoff (inclusive bound). */
  long from(long cutoffMillis) {
    if (lookBack.isEmpty()) {
      return Long.MIN_VALUE;
    }
    long back = lookBack.get().toMillis();
    long r = cutoffMillis - back;
    return ((cutoffMillis ^ back) & (cutoffMillis ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  /** The first related-row time that no longer counts for a cutoff (exclusive bound). */
  long until(long cutoffMillis) {
    return inclusive && cutoffMillis != Long.MAX_VALUE ? cutoffMillis + 1 : cutoffMillis;
  }

  /**
   * The name of a statistic's output column: {@code calls_count}, {@code calls_mean_Minutes},
   * {@code calls_days_since_latest}, with the look-back after the source when there is one
   * ({@code calls_90d_mean_Minutes}).
   */
  public static String outputName(String source, Optional<Duration> lookBack, Statistic s) {
    StringBuilder name = new StringBuilder(source).append('_');
    lookBack.ifPresent(b -> name.append(label(b)).append('_'));
    if (s.kind() == Kind.SINCE_LATEST) {
      name.append(unitLabel(s.unit().get())).append("_since_latest");
    } else {
      name.append(s.kind().label);
      s.column().ifPresent(c -> name.append('_').append(c));
    }
    return name.toString();
  }

  /** {@code 90d}, {@code 36h}, {@code 15m}, {@code 30s} or {@code 1500ms}: the largest whole unit. */
  public static String label(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }

  /** {@code days}, {@code hours}, ... for one whole unit; {@code 12h_units} for others. */
  static String unitLabel(Duration unit) {
    return switch ((int) Math.min(Integer.MAX_VALUE, unit.toMillis())) {
      case 604_800_000 -> "weeks";
      case 86_400_000 -> "days";
      case 3_600_000 -> "hours";
      case 60_000 -> "minutes";
      case 1000 -> "seconds";
      case 1 -> "millis";
      default -> label(unit) + "_units";
    };
  }

  public static boolean isWholePositiveMillis(Duration d) {
    if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0) {
      return false;
    }
    try {
      d.toMillis();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
