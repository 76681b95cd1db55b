package org.mlengine.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.Schema;

/**
 * What {@code mlengine diff A B} reports: lineage, schema differences (columns added, removed,
 * retyped, categories added and removed), the steps as an edit script, the model and trainer, and
 * every metric of either side with B's value minus A's.
 *
 * <pre>{@code
 * BundleDiff diff = BundleDiff.of(factsOfA, factsOfB);
 * System.out.print(diff.toText());
 * }</pre>
 */
record BundleDiff(BundleFacts a, BundleFacts b) {

  static BundleDiff of(BundleFacts a, BundleFacts b) {
    return new BundleDiff(a, b);
  }

  String lineage() {
    if (a.bundle().id().equals(b.bundle().id())) {
      return "same content (same id)";
    }
    if (b.bundle().parentId().filter(a.bundle().id()::equals).isPresent()) {
      return "B was derived from A (B's parent is A)";
    }
    if (a.bundle().parentId().filter(b.bundle().id()::equals).isPresent()) {
      return "A was derived from B (A's parent is B)";
    }
    return "neither names the other as its parent";
  }

  /**
   * One difference between the input schemas: a column {@code added}, {@code removed} or {@code
   * retyped}, or its known {@code categories} changed; {@code before} and {@code after} describe
   * it on each side (empty where it is absent).
   */
  record SchemaChange(String change, String column, String before, String after) {
    String toText() {
      return switch (change) {
        case "added" -> "added       " + column + " (" + after + ")";
        case "removed" -> "removed     " + column + " (" + before + ")";
        case "retyped" -> "retyped     " + column + ": " + before + " -> " + after;
        default -> "categories  " + column + ": " + before + " -> " + after;
      };
    }

    Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("change", change);
      out.put("column", column);
      out.put("before", before);
      out.put("after", after);
      return out;
    }
  }

  /** Schema differences: B's new columns, A's columns B lacks, then changed columns in A's order. */
  List<SchemaChange> schemaChanges() {
    Map<String, Schema.Field> before = fields(a);
    Map<String, Schema.Field> after = fields(b);
    List<SchemaChange> out = new ArrayList<>();
    after.values().stream().filter(f -> !before.containsKey(f.name()))
        .forEach(f -> out.add(new SchemaChange("added", f.name(), "", BundleFacts.typeText(f))));
    before.values().stream().filter(f -> !after.containsKey(f.name()))
        .forEach(f -> out.add(new SchemaChange("removed", f.name(), BundleFacts.typeText(f), "")));
    for (Schema.Field f : before.values()) {
      Schema.Field g = after.get(f.name());
      if (g == null) {
        continue;
      }
      if (f.type() != g.type()) {
        out.add(new SchemaChange("retyped", f.name(), f.type().toString(), g.type().toString()));
      } else if (!Set.copyOf(f.categories()).equals(Set.copyOf(g.categories()))) {
        Set<String> added = new LinkedHashSet<>(g.categories());
        f.categories().forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(f.categories());
        g.categories().forEach(removed::remove);
        out.add(new SchemaChange("categories", f.name(), f.categories().size() + " categories",
            g.categories().size() + " categories" + (added.isEmpty() ? "" : ", added " + added)
                + (removed.isEmpty() ? "" : ", removed " + removed)));
      }
    }
    return out;
  }

  private static Map<String, Schema.Field> fields(BundleFacts facts) {
    Map<String, Schema.Field> out = new LinkedHashMap<>();
    facts.bundle().inputSchema().columns().forEach(f -> out.put(f.name(), f));
    return out;
  }

  /**
   * The steps as a shortest edit script from A's to B's: {@code "  "} kept, {@code "- "} only in
   * A, {@code "+ "} only in B (a longest common subsequence).
   */
  List<String> stepEdits() {
    List<String> x = a.steps();
    List<String> y = b.steps();
    int[][] common = new int[x.size() + 1][y.size() + 1];
    for (int i = x.size() - 1; i >= 0; i--) {
      for (int j = y.size() - 1; j >= 0; j--) {
        common[i][j] = x.get(i).equals(y.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < x.size() || j < y.size()) {
      if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
        out.add("  " + x.get(i++));
        j++;
      } else if (j == y.size() || (i < x.size() && common[i + 1][j] >= common[i][j + 1])) {
        out.add("- " + x.get(i++));
      } else {
        out.add("+ " + y.get(j++));
      }
    }
    return out;
  }

  /** Every metric of either bundle, A's order first: name, A's estimate, B's estimate. */
  private List<MetricEstimate[]> metricPairs() {
    Map<String, MetricEstimate[]> pairs = new LinkedHashMap<>();
    a.bundle().estimates().forEach(m -> pairs.computeIfAbsent(m.name(), k -> new MetricEstimate[2])[0] = m);
    b.bundle().estimates().forEach(m -> pairs.computeIfAbsent(m.name(), k -> new MetricEstimate[2])[1] = m);
    return List.copyOf(pairs.values());
  }

  private static String name(MetricEstimate[] pair) {
    return (pair[0] != null ? pair[0] : pair[1]).name();
  }

  private static double difference(MetricEstimate[] pair) {
    return pair[0] == null || pair[1] == null ? Double.NaN : pair[1].value() - pair[0].value();
  }

  /** The human-readable form {@code mlengine diff} prints. */
  String toText() {
    StringBuilder s = new StringBuilder();
    s.append("A  ").append(a.file()).append("  ").append(a.bundle().id()).append('\n');
    s.append("B  ").append(b.file()).append("  ").append(b.bundle().id()).append('\n');
    s.append("lineage  ").append(lineage()).append('\n');
    s.append("created  A ").append(a.bundle().createdAt()).append(", B ").append(b.bundle().createdAt()).append('\n');
    List<SchemaChange> schema = schemaChanges();
    s.append("\nschema").append(schema.isEmpty() ? ": the same " + a.bundle().inputSchema().columns().size() + " columns" : "")
        .append('\n');
    schema.forEach(change -> s.append("  ").append(change.toText()).append('\n'));
    List<String> steps = stepEdits();
    boolean sameSteps = a.steps().equals(b.steps());
    s.append("\nsteps").append(sameSteps ? ": the same " + steps.size() : "").append('\n');
    if (!sameSteps) {
      steps.forEach(line -> s.append("  ").append(line).append('\n'));
    }
    String modelA = a.bundle().modelKind() + ", trainer " + a.trainer();
    String modelB = b.bundle().modelKind() + ", trainer " + b.trainer();
    if (modelA.equals(modelB)) {
      s.append("\nmodel: the same, ").append(modelA).append('\n');
    } else {
      s.append("\nmodel\n  A ").append(modelA).append("\n  B ").append(modelB).append('\n');
    }
    List<MetricEstimate[]> metrics = metricPairs();
    s.append("\nmetrics (held out").append(metrics.isEmpty() ? "; none recorded" : "").append(")\n");
    int nameWidth = metrics.stream().mapToInt(p -> name(p).length()).max().orElse(0);
    int aWidth = Math.max(1, metrics.stream().mapToInt(p -> estimate(p[0]).length()).max().orElse(0));
    int bWidth = Math.max(1, metrics.stream().mapToInt(p -> estimate(p[1]).length()).max().orElse(0));
    if (!metrics.isEmpty()) {
      s.append("  ").append(BundleFacts.pad("", nameWidth)).append("  ").append(BundleFacts.pad("A", aWidth)).append("  ")
          .append(BundleFacts.pad("B", bWidth)).append("  B - A\n");
    }
    for (MetricEstimate[] p : metrics) {
      double d = difference(p);
      s.append("  ").append(BundleFacts.pad(name(p), nameWidth)).append("  ").append(BundleFacts.pad(estimate(p[0]), aWidth))
          .append("  ").append(BundleFacts.pad(estimate(p[1]), bWidth)).append("  ")
          .append(Double.isNaN(d) ? "-" : (d >= 0 ? "+" : "") + BundleFacts.decimal(d)).append('\n');
    }
    return s.toString();
  }

  private static String estimate(MetricEstimate m) {
    return m == null ? "-" : BundleFacts.estimateText(m);
  }

  /** The JSON form {@code mlengine diff --json} prints. */
  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("a", identity(a));
    out.put("b", identity(b));
    out.put("sameContent", a.bundle().id().equals(b.bundle().id()));
    out.put("lineage", lineage());
    out.put("schema", schemaChanges().stream().map(SchemaChange::toMap).toList());
    out.put("sameSteps", a.steps().equals(b.steps()));
    out.put("steps", stepEdits());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("a", model(a));
    model.put("b", model(b));
    out.put("model", model);
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (MetricEstimate[] p : metricPairs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name(p));
      m.put("a", p[0] == null ? null : BundleFacts.metric(p[0]));
      m.put("b", p[1] == null ? null : BundleFacts.metric(p[1]));
      m.put("difference", BundleFacts.number(difference(p)));
      metrics.add(m);
    }
    out.put("metrics", metrics);
    return out;
  }

  private static Map<String, Object> model(BundleFacts facts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", facts.bundle().modelKind());
    out.put("trainer", facts.trainer());
    return out;
  }

  private static Map<String, Object> identity(BundleFacts facts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bundle", facts.file().toString());
    out.put("id", facts.bundle().id());
    out.put("label", facts.bundle().label());
    out.put("createdAt", facts.bundle().createdAt().toString());
    out.put("parentId", facts.bundle().parentId().orElse(null));
    return out;
  }
}
