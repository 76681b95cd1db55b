package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.AggregateDefinition;
import org.mlengine.runtime.internal.steps.AggregateEvents;
import org.mlengine.runtime.internal.steps.AggregateTransform;

/**
 * The relational aggregate step (see {@link Features#aggregate(String, Table)}): per parent row,
 * statistics of a related table's rows with the same key that happened strictly before the
 * row's cutoff time, such as the number of calls a customer made and their mean duration before
 * the snapshot the churn label was taken at.
 *
 * <pre>{@code
 * Aggregate calls = Features.aggregate("calls", callsTable)
 *     .on("Customer").timedBy("At").asOf("Snapshot")
 *     .count().mean("Minutes").std("Minutes").mode("Kind").timeSinceLatest(Duration.ofDays(1))
 *     .lookBack(Duration.ofDays(90));
 * // appends calls_90d_count, calls_90d_mean_Minutes, calls_90d_std_Minutes, calls_90d_mode_Kind,
 * // calls_90d_days_since_latest
 * }</pre>
 *
 * <p><b>Cutoff.</b> Only related rows with a time strictly before the parent row's cutoff count:
 * a related row at the cutoff instant itself is left out, because a label recorded at that very
 * instant (a cancellation call at the snapshot) would otherwise leak into its own features. This
 * is Featuretools' {@code include_cutoff_time=False}; Featuretools' default is inclusive, and
 * alteryx/compose issue #132 ("Exclusive Cutoff Times") describes the leak it causes: the same
 * data point computes both a feature and the label. {@link #inclusive()} counts rows at the
 * cutoff too. With {@link #lookBack(Duration)}, only rows at or after {@code cutoff - lookBack}
 * count.
 *
 * <p><b>Statistics.</b> Each appends one column named {@code <table>_[<look-back>_]<statistic>[_<column>]}
 * in the order asked for: {@code count} (related rows), {@code sum}, {@code mean}, {@code std}
 * (the sample standard deviation, ddof 1, as pandas), {@code min}, {@code max} of a NUMERIC
 * column; {@code distinct} (distinct values), {@code mode} (the most frequent value, ties to the
 * smallest, lexicographically for strings) and {@code latest} (the value of the latest row, ties
 * in related-table order) of a NUMERIC or CATEGORICAL column; and {@code <unit>_since_latest}
 * (the time from the latest related row to the cutoff). Mode and latest of a CATEGORICAL column
 * are CATEGORICAL, everything else NUMERIC. Missing values are skipped. A parent row without
 * earlier related rows gets count 0, sum 0, distinct 0 and missing values for the rest.
 *
 * <p><b>Offline and online.</b> The related table is data, not fitted state: the fitted step
 * keeps it in memory to compute the training values, and a bundle holds only the definition. At
 * predict time the step reads the same rows from a {@link org.mlengine.runtime.History} under
 * source name {@code <table>}, keyed by the related table's key column; the application appends
 * each related row as it happens. One function computes both, so the values agree bit for bit.
 *
 * <p>Each method returns a changed copy and leaves this step untouched. The related table's
 * columns are checked as they are named (their presence, types, and no missing keys or times);
 * the parent table's are checked when the pipeline is built and fitted, with every problem in
 * one message.
 */
public final class Aggregate implements EventExtractor {
  private final String source;
  private final Table rows;
  private final String parentKey;
  private final String childKey;
  private final String time;
  private final String cutoff;
  private final boolean inclusive;
  private final Optional<Duration> lookBack;
  private final ImmutableList<AggregateDefinition.Statistic> statistics;
  private final ImmutableMap<String, ColumnType> valueTypes;

  private Aggregate(String source, Table rows, String parentKey, String childKey, String time, String cutoff, boolean inclusive,
      Optional<Duration> lookBack, List<AggregateDefinition.Statistic> statistics, Map<String, ColumnType> valueTypes) {
    this.source = source;
    this.rows = rows;
    this.parentKey = parentKey;
    this.childKey = childKey;
    this.time = time;
    this.cutoff = cutoff;
    this.inclusive = inclusive;
    this.lookBack = lookBack;
    this.statistics = ImmutableList.copyOf(statistics);
    this.valueTypes = ImmutableMap.copyOf(valueTypes);
  }

  /** A step over {@code rows} under the name {@code source}, with nothing chosen yet. */
  static Aggregate of(String source, Table rows) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Features.aggregate(name, rows) needs the related table's name, e.g."
          + " Features.aggregate(\"calls\", calls); it names the output columns and the History source");
    }
    if (rows == null) {
      throw new IllegalArgumentException("Features.aggregate(\"" + source + "\", rows) got no rows; give the related table, e.g."
          + " Table.readCsv(Path.of(\"" + source + ".csv\"))");
    }
    return new Aggregate(source, rows, null, null, null, null, false, Optional.empty(), List.of(), Map.of());
  }

  /** The key column, spelled the same in the parent and the related table (CATEGORICAL in both). */
  public Aggregate on(String key) {
    return on(key, key);
  }

  /**
   * The parent table's key column and the related table's (CATEGORICAL in both); a parent row's
   * related rows are those whose {@code childKey} equals its {@code parentKey}. The related
   * table's key column must hold no missing value.
   */
  public Aggregate on(String parentKey, String childKey) {
    requireName("on", parentKey);
    requireName("on", childKey);
    List<String> problems = new ArrayList<>();
    checkChildColumn(childKey, "its key", ColumnType.CATEGORICAL, problems);
    if (problems.isEmpty()) {
      requireNoMissing(childKey, "key", "the entity it belongs to", problems);
    }
    throwIfAny(problems);
    return new Aggregate(source, rows, parentKey, childKey, time, cutoff, inclusive, lookBack, statistics, valueTypes);
  }

  /** The related table's TIMESTAMP column saying when each related row happened (no missing values). */
  public Aggregate timedBy(String column) {
    requireName("timedBy", column);
    List<String> problems = new ArrayList<>();
    checkChildColumn(column, "its time", ColumnType.TIMESTAMP, problems);
    if (problems.isEmpty()) {
      requireNoMissing(column, "time", "the instant it happened", problems);
    }
    throwIfAny(problems);
    return new Aggregate(source, rows, parentKey, childKey, column, cutoff, inclusive, lookBack, statistics, valueTypes);
  }

  /** The parent table's TIMESTAMP column holding each row's cutoff: only related rows before it count. */
  public Aggregate asOf(String column) {
    requireName("asOf", column);
    return new Aggregate(source, rows, parentKey, childKey, time, column, inclusive, lookBack, statistics, valueTypes);
  }

  /**
   * Counts related rows at the cutoff instant too (Featuretools' default,
   * {@code include_cutoff_time=True}). <b>This can leak the label:</b> a row recorded
   * at the same instant as the label (the cancellation call at a churn snapshot) then becomes a
   * feature of its own outcome. Use it only when related rows are stamped strictly before the
   * events they could reveal.
   */
  public Aggregate inclusive() {
    return new Aggregate(source, rows, parentKey, childKey, time, cutoff, true, lookBack, statistics, valueTypes);
  }

  /**
   * Only related rows at or after {@code cutoff - window} count (and before the cutoff); the
   * output names carry the window ({@code calls_90d_count}). A positive whole number of
   * milliseconds; at predict time the history must keep events this long.
   */
  public Aggregate lookBack(Duration window) {
    if (window == null || !AggregateDefinition.isWholePositiveMillis(window)) {
      throw new IllegalArgumentException("lookBack(" + window + ") of aggregate '" + source + "' needs a positive duration of whole"
          + " milliseconds, e.g. lookBack(Duration.ofDays(90)); leave it out to count every earlier row");
    }
    return new Aggregate(source, rows, parentKey, childKey, time, cutoff, inclusive, Optional.of(window), statistics, valueTypes);
  }

  /** The number of related rows ({@code <table>_count}). */
  public Aggregate count() {
    return with(List.of(new AggregateDefinition.Statistic(AggregateDefinition.Kind.COUNT, Optional.empty(), Optional.empty())),
        Map.of());
  }

  /** The sum of each NUMERIC column ({@code <table>_sum_<column>}; 0 without values). */
  public Aggregate sum(String... columns) {
    return withColumns(AggregateDefinition.Kind.SUM, "sum", columns);
  }

  /** The mean of each NUMERIC column ({@code <table>_mean_<column>}). */
  public Aggregate mean(String... columns) {
    return withColumns(AggregateDefinition.Kind.MEAN, "mean", columns);
  }

  /** The sample standard deviation (ddof 1) of each NUMERIC column ({@code <table>_std_<column>}; missing below two values). */
  public Aggregate std(String... columns) {
    return withColumns(AggregateDefinition.Kind.STD, "std", columns);
  }

  /** The smallest value of each NUMERIC column ({@code <table>_min_<column>}). */
  public Aggregate min(String... columns) {
    return withColumns(AggregateDefinition.Kind.MIN, "min", columns);
  }

  /** The largest value of each NUMERIC column ({@code <table>_max_<column>}). */
  public Aggregate max(String... columns) {
    return withColumns(AggregateDefinition.Kind.MAX, "max", columns);
  }

  /** The number of distinct values of each NUMERIC or CATEGORICAL column ({@code <table>_distinct_<column>}; 0 without values). */
  public Aggregate distinctCount(String... columns) {
    return withColumns(AggregateDefinition.Kind.DISTINCT, "distinctCount", columns);
  }

  /**
   * The most frequent value of each NUMERIC or CATEGORICAL column ({@code <table>_mode_<column>},
   * of the column's type); ties go to the smallest value, lexicographically for strings.
   */
  public Aggregate mode(String... columns) {
    return withColumns(AggregateDefinition.Kind.MODE, "mode", columns);
  }

  /**
   * The value of the latest related row that has one, per NUMERIC or CATEGORICAL column
   * ({@code <table>_latest_<column>}, of the column's type); rows with the same time count in
   * related-table order.
   */
  public Aggregate latest(String... columns) {
    return withColumns(AggregateDefinition.Kind.LATEST, "latest", columns);
  }

  /**
   * The time from the latest related row to the cutoff, in units of {@code unit}
   * ({@code <table>_days_since_latest} for {@code Duration.ofDays(1)}; {@code weeks},
   * {@code hours}, {@code minutes}, {@code seconds}, {@code millis} likewise); missing without
   * related rows.
   */
  public Aggregate timeSinceLatest(Duration unit) {
    if (unit == null || !AggregateDefinition.isWholePositiveMillis(unit)) {
      throw new IllegalArgumentException("timeSinceLatest(" + unit + ") of aggregate '" + source + "' needs the unit as a positive"
          + " duration of whole milliseconds, e.g. timeSinceLatest(Duration.ofDays(1)) for days");
    }
    return with(List.of(new AggregateDefinition.Statistic(AggregateDefinition.Kind.SINCE_LATEST, Optional.empty(), Optional.of(unit))),
        Map.of());
  }

  @Override
  public String name() {
    return AggregateTransform.TAG;
  }

  /** The parent table's columns this step reads: the key and the cutoff. */
  @Override
  public List<String> columns() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    if (parentKey != null) {
      out.add(parentKey);
    }
    if (cutoff != null && !cutoff.equals(parentKey)) {
      out.add(cutoff);
    }
    return out.build();
  }

  @Override
  public boolean readsOwnRows() {
    return false;
  }

  @Override
  public boolean countsEventsAtTheCutoff() {
    return inclusive;
  }

  /** Adds a problem for each missing setting and each absent or mistyped parent column. */
  @Override
  public void check(Schema schema, List<String> problems) {
    String step = "aggregate '" + source + "'";
    if (parentKey == null) {
      problems.add(step + " has no key; call .on(\"Customer\") (or .on(parentKey, childKey)) with the column joining the tables.");
    }
    if (time == null) {
      problems.add(step + " has no time column; call .timedBy(\"At\") with the related table's TIMESTAMP column.");
    }
    if (cutoff == null) {
      problems.add(step + " has no cutoff; call .asOf(\"Snapshot\") with the parent table's TIMESTAMP column before which related"
          + " rows count.");
    }
    if (statistics.isEmpty()) {
      problems.add(step + " computes nothing; ask for at least one statistic, e.g. .count() or .mean(\"Minutes\").");
    }
    if (parentKey != null) {
      Steps.checkColumns(step, List.of(parentKey), schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    }
    if (cutoff != null) {
      Steps.checkColumns(step, List.of(cutoff), schema, EnumSet.of(ColumnType.TIMESTAMP), problems);
    }
  }

  @Override
  public EventTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    AggregateDefinition definition = definition();
    return new AggregateTransform(definition, new AggregateEvents(definition, rows));
  }

  /**
   * The aggregate as a feature view's feature: the view's entity and time fill the keys, the
   * time and the cutoff it leaves unset; one that sets others, or is inclusive, is refused.
   */
  AggregateDefinition forView(String view, Optional<String> viewEntity, String viewTime, List<String> problems) {
    String self = "Features.aggregate(\"" + source + "\") in feature view '" + view + "'";
    if (viewEntity.isEmpty()) {
      problems.add(self + ": the view has no entity, and an aggregate needs one; give the view .entity(\"...\") or use windows");
      return null;
    }
    String key = viewEntity.get();
    if ((parentKey != null && !parentKey.equals(key)) || (childKey != null && !childKey.equals(key))) {
      problems.add(self + " is on '" + parentKey + "'/'" + childKey + "' but the view's entity is '" + key + "'; leave out .on(...)");
    }
    if ((time != null && !time.equals(viewTime)) || (cutoff != null && !cutoff.equals(viewTime))) {
      problems.add(self + " is timed by '" + time + "' as of '" + cutoff + "' but the view's time is '" + viewTime + "'; leave out"
          + " .timedBy(...) and .asOf(...)");
    }
    if (inclusive) {
      problems.add(self + " is inclusive(); a view reads only events strictly before each row's time, so leave it out");
    }
    if (statistics.isEmpty()) {
      problems.add(self + " computes no statistic; add one, e.g. .count() or .latest(\"Amount\")");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new AggregateDefinition(source, key, key, viewTime, viewTime, false, lookBack, statistics, valueTypes);
  }

  /** The definition; call only once {@link #check} reports no problem. */
  AggregateDefinition definition() {
    return new AggregateDefinition(source, parentKey, childKey, time, cutoff, inclusive, lookBack, statistics, valueTypes);
  }

  @Override
  public Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("source", source);
    spec.put("relatedRows", rows.rowCount());
    spec.put("on", parentKey == null ? List.of() : List.of(parentKey, childKey));
    spec.put("timedBy", time == null ? "" : time);
    spec.put("asOf", cutoff == null ? "" : cutoff);
    spec.put("inclusive", inclusive);
    lookBack.ifPresent(b -> spec.put("lookBack", b.toString()));
    spec.put("statistics", statistics.stream()
        .map(s -> AggregateDefinition.outputName(source, lookBack, s))
        .collect(ImmutableList.toImmutableList()));
    return spec;
  }

  @Override
  public String toString() {
    return name() + spec();
  }

  // ---- checks of the related table, as its columns are named ----

  private Aggregate withColumns(AggregateDefinition.Kind kind, String method, String... columns) {
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException(method + "() of aggregate '" + source + "' needs at least one column of '" + source
          + "', e.g. " + method + "(\"" + exampleColumn(kind) + "\")");
    }
    List<String> problems = new ArrayList<>();
    List<AggregateDefinition.Statistic> added = new ArrayList<>();
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (String c : columns) {
      if (c == null || c.isEmpty()) {
        problems.add(method + "(...) got " + (c == null ? "a null" : "an empty") + " column name; give each column as '" + source
            + "' spells it.");
        continue;
      }
      int before = problems.size();
      if (kind.numericOnly) {
        checkChildColumn(c, method, ColumnType.NUMERIC, problems);
      } else {
        checkChildColumn(c, method, EnumSet.of(ColumnType.NUMERIC, ColumnType.CATEGORICAL), problems);
      }
      if (problems.size() == before && rows.type(c) == ColumnType.NUMERIC) {
        requireFinite(c, problems);
      }
      if (problems.size() == before) {
        added.add(AggregateDefinition.Statistic.of(kind, c));
        types.put(c, rows.type(c));
      }
    }
    throwIfAny(problems);
    return with(added, types);
  }

  /** This step with more statistics; refuses one that is already asked for. */
  private Aggregate with(List<AggregateDefinition.Statistic> added, Map<String, ColumnType> types) {
    List<AggregateDefinition.Statistic> all = new ArrayList<>(statistics);
    List<String> names = new ArrayList<>(statistics.stream().map(s -> AggregateDefinition.outputName(source, Optional.empty(), s)).toList());
    for (AggregateDefinition.Statistic s : added) {
      String name = AggregateDefinition.outputName(source, Optional.empty(), s);
      if (names.contains(name)) {
        throw new IllegalArgumentException("aggregate '" + source + "' already computes " + name + "; ask for each statistic once");
      }
      names.add(name);
      all.add(s);
    }
    Map<String, ColumnType> allTypes = new LinkedHashMap<>(valueTypes);
    types.forEach(allTypes::putIfAbsent);
    return new Aggregate(source, rows, parentKey, childKey, time, cutoff, inclusive, lookBack, all, allTypes);
  }

  private void checkChildColumn(String column, String role, ColumnType expected, List<String> problems) {
    checkChildColumn(column, role, EnumSet.of(expected), problems);
  }

  private void checkChildColumn(String column, String role, Set<ColumnType> expected, List<String> problems) {
    if (!rows.hasColumn(column)) {
      problems.add("aggregate '" + source + "' reads column '" + column + "' of '" + source + "' (" + role + "), which is not in"
          + " that table; it has " + rows.columnNames() + ". Check the spelling.");
      return;
    }
    ColumnType type = rows.type(column);
    if (!expected.contains(type)) {
      String wanted = String.join(" or ", expected.stream().sorted().map(ColumnType::name).toList());
      String declare = String.join(" or ", expected.stream().sorted()
          .map(t -> "CsvOptions." + t.name().toLowerCase(Locale.ROOT) + "(\"" + column + "\")").toList());
      problems.add("column '" + column + "' of '" + source + "' is " + type + "; " + role + " needs " + wanted + ". Declare it with "
          + declare + " when reading '" + source + "'.");
    }
  }

  private void requireNoMissing(String column, String what, String meaning, List<String> problems) {
    List<Integer> missing = new ArrayList<>();
    int count = 0;
    for (int r = 0; r < rows.rowCount(); r++) {
      if (rows.isMissing(column, r)) {
        count++;
        if (missing.size() < 5) {
          missing.add(r);
        }
      }
    }
    if (count > 0) {
      problems.add(count + " row(s) of '" + source + "' have no " + what + " in '" + column + "' (rows " + missing
          + (count > missing.size() ? ", ..." : "") + "); every related row needs " + meaning + ". Drop those rows or fill them in.");
    }
  }

  private void requireFinite(String column, List<String> problems) {
    for (int r = 0; r < rows.rowCount(); r++) {
      double v = rows.numeric(column, r);
      if (Double.isInfinite(v)) {
        problems.add("column '" + column + "' of '" + source + "' is " + v + " at row " + r + "; aggregates need finite numbers, with"
            + " NaN for a missing value.");
        return;
      }
    }
  }

  private void requireName(String method, String column) {
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException(method + "(...) of aggregate '" + source + "' got " + (column == null ? "a null" : "an empty")
          + " column name; give the column as the table spells it");
    }
  }

  private static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }

  private String exampleColumn(AggregateDefinition.Kind kind) {
    for (String c : rows.columnNames()) {
      ColumnType t = rows.type(c);
      if (t == ColumnType.NUMERIC || (!kind.numericOnly && t == ColumnType.CATEGORICAL)) {
        return c;
      }
    }
    return "Minutes";
  }
}
