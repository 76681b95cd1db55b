package org.mlengine.serving;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Task;

/**
 * What one bundle's checks under one {@link Limits} need, computed once: the inputs and their
 * types (missing values), each checked CATEGORICAL input's training categories (from the input
 * schema, which lists exactly the categories of the training part) and each NUMERIC input's
 * training range with its accepted bounds (from the profile). Immutable.
 */
final class LimitFacts {
  /** How many training categories an unseen-category reason lists. */
  static final int CATEGORIES_SHOWN = 10;

  private final String bundleId;
  private final String bundleName;
  private final int maxMissing;
  private final String[] inputs;
  private final ColumnType[] types;
  private final String[] categorical;
  private final List<Set<String>> seen;
  private final List<List<String>> seenSorted;
  private final String[] numeric;
  private final double[] min;
  private final double[] max;
  private final double[] low;
  private final double[] high;
  private final double widths;
  /** Per input, the index of its category rule or range rule, -1 without one. */
  private final int[] categoryIndex;
  private final int[] rangeIndex;
  /** The inputs a check reads: all when missing inputs are counted, else those with a rule. */
  private final int[] visit;

  private LimitFacts(ModelBundle bundle, Limits limits, List<Schema.Field> checkedCategorical, List<ColumnProfile.Numeric> ranges) {
    this.bundleId = bundle.id();
    this.bundleName = name(bundle);
    this.maxMissing = limits.maxMissing();
    List<Schema.Field> fields = bundle.inputSchema().columns();
    this.inputs = fields.stream().map(Schema.Field::name).toArray(String[]::new);
    this.types = fields.stream().map(Schema.Field::type).toArray(ColumnType[]::new);
    this.categorical = checkedCategorical.stream().map(Schema.Field::name).toArray(String[]::new);
    this.seen = checkedCategorical.stream().map(f -> Set.copyOf(new HashSet<>(f.categories()))).toList();
    this.seenSorted = checkedCategorical.stream().map(Schema.Field::categories).toList();
    this.widths = limits.maxOutsideRange();
    int n = ranges.size();
    this.numeric = new String[n];
    this.min = new double[n];
    this.max = new double[n];
    this.low = new double[n];
    this.high = new double[n];
    for (int i = 0; i < n; i++) {
      ColumnProfile.Numeric r = ranges.get(i);
      numeric[i] = r.name();
      min[i] = r.min();
      max[i] = r.max();
      double width = r.max() - r.min();
      low[i] = r.min() - widths * width;
      high[i] = r.max() + widths * width;
    }
    this.categoryIndex = new int[inputs.length];
    this.rangeIndex = new int[inputs.length];
    List<String> categoricalNames = List.of(categorical);
    List<String> numericNames = List.of(numeric);
    List<Integer> visited = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      categoryIndex[i] = categoricalNames.indexOf(inputs[i]);
      rangeIndex[i] = numericNames.indexOf(inputs[i]);
      if (maxMissing >= 0 || categoryIndex[i] >= 0 || rangeIndex[i] >= 0) {
        visited.add(i);
      }
    }
    this.visit = visited.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The facts {@code limits} need for {@code bundle}.
   *
   * @throws IllegalArgumentException naming every rule that cannot be checked for this bundle
   *     and what to do about it
   */
  static LimitFacts of(ModelBundle bundle, Limits limits) {
    List<String> problems = new ArrayList<>();
    String name = name(bundle);
    if (!Double.isNaN(limits.minConfidence()) && bundle.pipeline().task() == Task.REGRESSION) {
      problems.add("minConfidence(" + limits.minConfidence() + ") needs class probabilities, and bundle " + name
          + " predicts a value (REGRESSION); drop minConfidence from the limits used with this bundle");
    }
    List<Schema.Field> categorical = limits.unseenCategories() ? checkedCategorical(bundle, limits, problems) : List.of();
    List<ColumnProfile.Numeric> ranges = Double.isNaN(limits.maxOutsideRange()) ? List.of() : ranges(bundle, limits, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; and ", problems));
    }
    return new LimitFacts(bundle, limits, categorical, ranges);
  }

  private static List<Schema.Field> checkedCategorical(ModelBundle bundle, Limits limits, List<String> problems) {
    Schema schema = bundle.inputSchema();
    List<Schema.Field> all = schema.columns().stream().filter(f -> f.type() == ColumnType.CATEGORICAL).toList();
    if (limits.unseenColumns().isEmpty()) {
      return all;
    }
    List<Schema.Field> out = new ArrayList<>();
    String rule = Limits.call(limits.unseenColumns());
    for (String column : limits.unseenColumns()) {
      Optional<Schema.Field> field = schema.column(column);
      if (field.isPresent() && field.get().type() == ColumnType.CATEGORICAL) {
        out.add(field.get());
      } else {
        problems.add(rule + " names column '" + column + "', which bundle " + name(bundle)
            + field.map(f -> " reads as " + f.type()).orElse(" does not read") + "; name CATEGORICAL inputs of "
            + all.stream().map(Schema.Field::name).toList());
      }
    }
    return out;
  }

  private static List<ColumnProfile.Numeric> ranges(ModelBundle bundle, Limits limits, List<String> problems) {
    String rule = "maxOutsideRange(" + number(limits.maxOutsideRange()) + ")";
    Optional<Profile> profile = bundle.profile();
    if (profile.isEmpty()) {
      problems.add(rule + " needs the training ranges in the bundle's profile, and bundle " + name(bundle) + " has no profile"
          + " (it was written before profiles were recorded); refit the pipeline (Pipeline.fit records one) or drop"
          + " maxOutsideRange from the limits used with this bundle");
      return List.of();
    }
    List<ColumnProfile.Numeric> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Schema.Field field : bundle.inputSchema().columns()) {
      if (field.type() == ColumnType.NUMERIC) {
        if (profile.get().column(field.name()).orElse(null) instanceof ColumnProfile.Numeric n) {
          out.add(n);
        } else {
          unknown.add(field.name());
        }
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(rule + " needs the training range of every NUMERIC input, and the profile of bundle " + name(bundle)
          + " has none for " + unknown + "; refit the pipeline (Pipeline.fit records one) or drop maxOutsideRange from the"
          + " limits used with this bundle");
    }
    return out;
  }

  String bundleId() {
    return bundleId;
  }

  /** The bundle as reasons and errors name it: its id's first 12 characters, and its label if it has one. */
  String bundleName() {
    return bundleName;
  }

  /**
   * Why the request is refused, or null when the request-side rules accept it: too many missing
   * inputs first, then the first unseen category or out-of-range number in schema order. One
   * pass over the inputs, one map lookup each.
   */
  String requestRefusal(Map<String, ?> request) {
    int missing = 0;
    int first = -1;
    for (int i : visit) {
      Object value = request.get(inputs[i]);
      if (isMissing(types[i], value)) {
        missing++;
      } else if (first < 0 && outside(i, value)) {
        first = i;
        if (maxMissing < 0) {
          break;
        }
      }
    }
    if (maxMissing >= 0 && missing > maxMissing) {
      return missingReason(request, missing);
    }
    return first < 0 ? null : outsideReason(first, request.get(inputs[first]));
  }

  private boolean outside(int i, Object value) {
    int c = categoryIndex[i];
    if (c >= 0) {
      String category = category(value);
      return category != null && !seen.get(c).contains(category);
    }
    int r = rangeIndex[i];
    if (r >= 0) {
      double x = number(value);
      return !Double.isNaN(x) && (Double.isNaN(min[r]) || x < low[r] || x > high[r]);
    }
    return false;
  }

  private String outsideReason(int i, Object value) {
    int c = categoryIndex[i];
    if (c >= 0) {
      return unseenReason(c, category(value));
    }
    int r = rangeIndex[i];
    double x = number(value);
    if (Double.isNaN(min[r])) {
      return "column '" + numeric[r] + "' is " + number(x) + ", and training saw no value in it";
    }
    return rangeReason(r, x);
  }

  private String missingReason(Map<String, ?> request, int missing) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      if (isMissing(types[i], request.get(inputs[i]))) {
        names.add(inputs[i]);
      }
    }
    return missing + " of " + inputs.length + " inputs are missing (" + String.join(", ", names) + "), more than maxMissing("
        + maxMissing + ")";
  }

  private String unseenReason(int i, String value) {
    List<String> known = seenSorted.get(i);
    String saw = known.isEmpty() ? "none: the column was missing in every training row"
        : known.size() <= CATEGORIES_SHOWN ? String.join(", ", known)
        : known.size() + ": " + String.join(", ", known.subList(0, CATEGORIES_SHOWN)) + " and " + (known.size() - CATEGORIES_SHOWN)
            + " more";
    return "column '" + categorical[i] + "' is " + quoted(value) + ", a category not seen in training (it saw " + saw + ")";
  }

  private String rangeReason(int i, double x) {
    boolean above = x > high[i];
    String side = above ? "above" : "below";
    String by = widths == 0 ? "" : " by more than " + number(widths) + (widths == 1 ? " width" : " widths");
    return "column '" + numeric[i] + "' is " + number(x) + ", " + side + " the training range [" + number(min[i]) + ", "
        + number(max[i]) + "]" + by + " (the limit is " + number(above ? high[i] : low[i]) + ")";
  }

  private static boolean isMissing(ColumnType type, Object value) {
    if (value == null) {
      return true;
    }
    return switch (type) {
      case NUMERIC -> value instanceof Number n ? Double.isNaN(n.doubleValue()) : value instanceof CharSequence s && isNaNText(s);
      case CATEGORICAL -> value instanceof CharSequence s && s.length() == 0;
      default -> false;
    };
  }

  private static boolean isNaNText(CharSequence s) {
    try {
      return Double.isNaN(Double.parseDouble(s.toString().trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The request's number as the predictor reads it; NaN when missing or not a number (the predictor refuses those). */
  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof CharSequence s && s.length() <= 64) {
      try {
        return Double.parseDouble(s.toString().trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** The request's category as the predictor reads it; null when missing or not a category (the predictor refuses those). */
  private static String category(Object value) {
    if (value instanceof CharSequence s) {
      return s.length() == 0 ? null : s.toString();
    }
    if (value instanceof Enum<?> || value instanceof Character || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    return null;
  }

  private static String quoted(String value) {
    return "'" + (value.length() > 60 ? value.substring(0, 57) + "..." : value) + "'";
  }

  /** A number as reasons show it: whole numbers without a fraction, others as {@link Double#toString(double)}. */
  static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }

  static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  static String name(ModelBundle bundle) {
    return "'" + shortId(bundle.id()) + "'" + (bundle.label().isEmpty() ? "" : " ('" + bundle.label() + "')");
  }
}
