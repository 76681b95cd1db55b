package org.mlengine.runtime;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.ValueCounts;
import org.mlengine.runtime.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A profile of every column of a table: one {@link ColumnProfile} per column, in the table's
 * order. {@code Pipeline.fit(Table)} profiles the training part (after {@code drop}, before
 * augmentation; the target included) and the bundle keeps it as the reference for monitoring.
 *
 * <pre>{@code
 * Profile reference = result.bundle().profile().orElseThrow();
 * Profile live = Profile.of(lastHourOfRequests);
 * double before = reference.column("Income").orElseThrow().missingShare();
 * double now = live.column("Income").orElseThrow().missingShare();
 * }</pre>
 *
 * @param rows the number of rows profiled
 * @param columns one profile per column, in the table's order
 */
public record Profile(int rows, List<ColumnProfile> columns) {

  /** Copies the columns into an immutable list. */
  public Profile {
    columns = List.copyOf(columns);
  }

  /** The profile of every column of {@code table}; columns are profiled in parallel (each alone, so the result is the same). */
  public static Profile of(Table table) {
    return new Profile(table.rowCount(), table.columns().parallelStream().map(Profile::profile).toList());
  }

  /** The profile of one column, if the table had it. */
  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The profile as JSON-ready values: {@code {"rows": n, "columns": [ ... ]}}, each column as {@link ColumnProfile#toMap()}. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    out.put("columns", columns.stream().map(ColumnProfile::toMap).toList());
    return out;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Profile of " + rows + " rows:");
    for (ColumnProfile c : columns) {
      s.append("\n  ").append(c.name()).append(' ').append(c.type()).append(String.format(java.util.Locale.ROOT,
          ": %.1f%% missing, %d distinct", 100 * c.missingShare(), c.distinct()));
      if (c instanceof ColumnProfile.Numeric n) {
        s.append(String.format(java.util.Locale.ROOT, ", min %s, median %s, max %s, mean %s, sd %s", n.min(),
            n.quantiles().get(0.5), n.max(), n.mean(), n.sd()));
      } else if (c instanceof ColumnProfile.Categorical cat) {
        s.append(", top ").append(cat.topValues().stream().limit(3).map(v -> v.value() + "=" + v.count()).toList());
      } else if (c instanceof ColumnProfile.Text t) {
        s.append(", length ").append(t.minLength()).append("..").append(t.maxLength());
      } else if (c instanceof ColumnProfile.Timestamp t) {
        s.append(", ").append(t.min().map(Instant::toString).orElse("-")).append(" .. ")
            .append(t.max().map(Instant::toString).orElse("-"));
      }
    }
    return s.toString();
  }

  /**
   * The value at {@code level} of sorted values by numpy's default 'linear' method: position
   * {@code h = (n - 1) level}, {@code x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
   */
  static double quantile(double[] sorted, double level) {
    return quantile(sorted.length, i -> sorted[i], level);
  }

  /** {@link #quantile(double[], double)} over {@code n} sorted values, the {@code i}-th read through {@code sorted}. */
  private static double quantile(int n, java.util.function.IntToDoubleFunction sorted, double level) {
    if (n == 0) {
      return Double.NaN;
    }
    double h = (n - 1) * level;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      return sorted.applyAsDouble(n - 1);
    }
    double t = h - lo;
    double a = sorted.applyAsDouble(lo);
    double b = sorted.applyAsDouble(lo + 1);
    // numpy's _lerp: from the nearer end, so the result is monotone and exact at the ends.
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  private static ColumnProfile profile(Column column) {
    Column c = Column.plain(column);
    int n = c.size();
    int missing = 0;
    for (int r = 0; r < n; r++) {
      missing += c.isMissing(r) ? 1 : 0;
    }
    if (c instanceof Column.Numeric num) {
      return numeric(num, missing);
    } else if (c instanceof Column.Categorical cat) {
      return categorical(cat, missing);
    } else if (c instanceof Column.Text text) {
      return text(text, missing);
    } else if (c instanceof Column.Timestamp ts) {
      return timestamp(ts, missing);
    }
    return new ColumnProfile.Vector(c.name(), n, missing, 0, ((Column.Vector) c).dimensions().size());
  }

  private static ColumnProfile numeric(Column.Numeric c, int missing) {
    ValueCounts counted = ValueCounts.of(c.values(), c.size() / 2);
    if (counted != null) {
      return numeric(c, missing, counted);
    }
    double[] values = Arrays.stream(c.values()).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int distinct = 0;
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      distinct += i == 0 || values[i] != values[i - 1] ? 1 : 0;
      sum += values[i];
    }
    double mean = values.length == 0 ? Double.NaN : sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = values.length == 0 ? Double.NaN : Math.sqrt(squares / values.length);
    Map<Double, Double> quantiles = new LinkedHashMap<>();
    for (double level : ColumnProfile.QUANTILE_LEVELS) {
      quantiles.put(level, quantile(values, level));
    }
    double min = values.length == 0 ? Double.NaN : values[0];
    double max = values.length == 0 ? Double.NaN : values[values.length - 1];
    return new ColumnProfile.Numeric(c.name(), c.size(), missing, distinct, min, max, mean, sd, quantiles);
  }

  /**
   * The same profile from the column's distinct values and counts: the sums run over the values
   * in sorted order, each as often as it occurs, so every figure is the same double as from the
   * sorted column.
   */
  private static ColumnProfile numeric(Column.Numeric c, int missing, ValueCounts counted) {
    int n = counted.present();
    int distinct = 0;
    double sum = 0;
    for (int i = 0; i < counted.size(); i++) {
      double v = counted.value(i);
      distinct += i == 0 || v != counted.value(i - 1) ? 1 : 0;
      for (int k = counted.count(i); k > 0; k--) {
        sum += v;
      }
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    double squares = 0;
    for (int i = 0; i < counted.size(); i++) {
      double d = counted.value(i) - mean;
      for (int k = counted.count(i); k > 0; k--) {
        squares += d * d;
      }
    }
    double sd = n == 0 ? Double.NaN : Math.sqrt(squares / n);
    Map<Double, Double> quantiles = new LinkedHashMap<>();
    for (double level : ColumnProfile.QUANTILE_LEVELS) {
      quantiles.put(level, quantile(n, counted::sorted, level));
    }
    double min = n == 0 ? Double.NaN : counted.value(0);
    double max = n == 0 ? Double.NaN : counted.value(counted.size() - 1);
    return new ColumnProfile.Numeric(c.name(), c.size(), missing, distinct, min, max, mean, sd, quantiles);
  }

  private static ColumnProfile categorical(Column.Categorical c, int missing) {
    int[] byCode = new int[c.dictionary().size()];
    for (int code : c.codes()) {
      if (code >= 0) {
        byCode[code]++;
      }
    }
    // A dictionary may hold a value twice or values no row uses: count by value, over used codes.
    Map<String, Integer> counts = new HashMap<>();
    for (int code = 0; code < byCode.length; code++) {
      if (byCode[code] > 0) {
        counts.merge(c.dictionary().get(code), byCode[code], Integer::sum);
      }
    }
    List<ColumnProfile.ValueCount> top = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(ColumnProfile.TOP_VALUES)
        .map(e -> new ColumnProfile.ValueCount(e.getKey(), e.getValue()))
        .toList();
    return new ColumnProfile.Categorical(c.name(), c.size(), missing, counts.size(), top);
  }

  private static ColumnProfile text(Column.Text c, int missing) {
    Set<String> distinct = new HashSet<>();
    int min = Integer.MAX_VALUE;
    int max = 0;
    long total = 0;
    for (String v : c.values()) {
      if (v != null) {
        distinct.add(v);
        min = Math.min(min, v.length());
        max = Math.max(max, v.length());
        total += v.length();
      }
    }
    int present = c.size() - missing;
    return new ColumnProfile.Text(c.name(), c.size(), missing, distinct.size(), present == 0 ? 0 : min, max,
        present == 0 ? Double.NaN : (double) total / present);
  }

  private static ColumnProfile timestamp(Column.Timestamp c, int missing) {
    long[] values = Arrays.stream(c.millis()).filter(v -> v != Column.MISSING_TIME).sorted().toArray();
    int distinct = 0;
    for (int i = 0; i < values.length; i++) {
      distinct += i == 0 || values[i] != values[i - 1] ? 1 : 0;
    }
    Optional<Instant> min = values.length == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(values[0]));
    Optional<Instant> max = values.length == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(values[values.length - 1]));
    return new ColumnProfile.Timestamp(c.name(), c.size(), missing, distinct, min, max);
  }

  // ---- the manifest form ----

  /** Reads the form {@link #toMap()} writes, as stored in a bundle's manifest. */
  static Profile fromJson(JsonNode node, String entry) throws BundleFormatException {
    int rows = Json.field(node, "rows", entry).intValue();
    List<ColumnProfile> columns = new ArrayList<>();
    for (JsonNode c : Json.field(node, "columns", entry)) {
      String name = Json.text(c, "name", entry);
      String typeName = Json.text(c, "type", entry);
      ColumnType type;
      try {
        type = ColumnType.valueOf(typeName);
      } catch (IllegalArgumentException e) {
        throw new BundleFormatException("profile column '" + name + "' in " + entry + " has type '" + typeName + "'; expected one of "
            + Arrays.toString(ColumnType.values()), e);
      }
      int n = Json.field(c, "rows", entry).intValue();
      int missing = Json.field(c, "missing", entry).intValue();
      int distinct = Json.field(c, "distinct", entry).intValue();
      columns.add(switch (type) {
        case NUMERIC -> {
          Map<Double, Double> quantiles = new LinkedHashMap<>();
          for (var q : Json.field(c, "quantiles", entry).properties()) {
            quantiles.put(Double.valueOf(q.getKey()), number(q.getValue()));
          }
          yield new ColumnProfile.Numeric(name, n, missing, distinct, number(c.get("min")), number(c.get("max")),
              number(c.get("mean")), number(c.get("sd")), quantiles);
        }
        case CATEGORICAL -> {
          List<ColumnProfile.ValueCount> top = new ArrayList<>();
          for (JsonNode v : Json.field(c, "topValues", entry)) {
            top.add(new ColumnProfile.ValueCount(Json.text(v, "value", entry), Json.field(v, "count", entry).intValue()));
          }
          yield new ColumnProfile.Categorical(name, n, missing, distinct, top);
        }
        case TEXT -> new ColumnProfile.Text(name, n, missing, distinct, Json.field(c, "minLength", entry).intValue(),
            Json.field(c, "maxLength", entry).intValue(), number(c.get("meanLength")));
        case TIMESTAMP -> new ColumnProfile.Timestamp(name, n, missing, distinct, instant(c.get("min"), entry),
            instant(c.get("max"), entry));
        case VECTOR -> new ColumnProfile.Vector(name, n, missing, distinct, Json.field(c, "dimensions", entry).intValue());
      });
    }
    return new Profile(rows, columns);
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
  }

  private static Optional<Instant> instant(JsonNode node, String entry) throws BundleFormatException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(node.asText()));
    } catch (DateTimeParseException e) {
      throw new BundleFormatException("profile timestamp '" + node.asText() + "' in " + entry + " is not an ISO-8601 instant", e);
    }
  }
}
