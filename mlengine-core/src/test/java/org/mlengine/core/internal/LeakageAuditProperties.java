package org.mlengine.core.internal;

import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The leakage audit's counts against brute force on small random tables. */
class LeakageAuditProperties {

  /** A small table of few distinct values (so repeats are common), with each row's part: 0 train, 1 validation, 2 test, -1 none. */
  record Data(List<Integer> numbers, List<String> words, List<String> labels, List<Integer> parts) {
    Table table() {
      return Table.builder()
          .numeric("n", numbers.stream().mapToDouble(v -> v < 0 ? Double.NaN : v).toArray())
          .categorical("w", words.toArray(String[]::new))
          .categorical("y", labels.toArray(String[]::new))
          .build();
    }

    Partition partition() {
      return Partition.of(rows(0), rows(1), rows(2));
    }

    private int[] rows(int part) {
      List<Integer> out = new ArrayList<>();
      for (int r = 0; r < parts.size(); r++) {
        if (parts.get(r) == part) {
          out.add(r);
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Provide
  Arbitrary<Data> tables() {
    return Arbitraries.integers().between(1, 30).flatMap(n -> Combinators.combine(
        Arbitraries.integers().between(-1, 2).list().ofSize(n),
        Arbitraries.of("a", "b", " A ", null).list().ofSize(n),
        Arbitraries.of("yes", "no").list().ofSize(n),
        Arbitraries.integers().between(-1, 2).list().ofSize(n)).as(Data::new));
  }

  /** Brute force: held-out rows equal, in every column, to a row of an earlier part. */
  private static List<Integer> bruteForce(Table t, int[] part) {
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      if (part[r] < 1) {
        continue;
      }
      for (int s = 0; s < t.rowCount(); s++) {
        if (part[s] >= 0 && part[s] < part[r] && sameRow(t, r, s)) {
          out.add(r);
          break;
        }
      }
    }
    return out;
  }

  private static boolean sameRow(Table t, int a, int b) {
    for (String c : t.columnNames()) {
      if (!Objects.equals(t.value(c, a), t.value(c, b))) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 300)
  void exactDuplicateCount_equalsBruteForce(@ForAll("tables") Data data) {
    Table t = data.table();
    Partition p = data.partition();
    int[] part = LeakageAudit.parts(t.rowCount(), p);
    List<Integer> expected = bruteForce(t, part);
    Optional<AuditFinding> found = LeakageAudit.ofData(t, t, p, "y", Task.CLASSIFICATION, List.of("n", "w"), Split.random(0.5),
        Optional.empty()).stream().filter(f -> f.kind() == AuditFinding.Kind.EXACT_DUPLICATES).findFirst();
    assertEquals(expected.size(), found.map(AuditFinding::count).orElse(0));
    assertEquals(expected.subList(0, Math.min(AuditFinding.ROWS_KEPT, expected.size())), found.map(AuditFinding::rows).orElse(List.of()));
  }

  @Property(tries = 200)
  void nearDuplicates_areTheNormalizedRepeatsThatAreNotExact(@ForAll("tables") Data data) {
    Table t = data.table();
    Partition p = data.partition();
    int[] part = LeakageAudit.parts(t.rowCount(), p);
    String[] normalized = t.stringColumn("w");
    for (int r = 0; r < normalized.length; r++) {
      normalized[r] = normalized[r] == null ? null : normalized[r].trim().toLowerCase(java.util.Locale.ROOT);
    }
    Table folded = t.withCategorical("w", normalized);
    List<Integer> expected = new ArrayList<>(bruteForce(folded, part));
    expected.removeAll(bruteForce(t, part));
    Optional<AuditFinding> found = LeakageAudit.ofData(t, t, p, "y", Task.CLASSIFICATION, List.of("n", "w"), Split.random(0.5),
        Optional.empty()).stream().filter(f -> f.kind() == AuditFinding.Kind.NEAR_DUPLICATES).findFirst();
    assertEquals(expected.size(), found.map(AuditFinding::count).orElse(0));
  }

  /** The rank-sum ROC AUC of 0.1, sorting boxed indices: the reference for the primitive one. */
  private static double aucByRanks(double[] scores, double[] labels) {
    int n = scores.length;
    if (n < LeakageAudit.MIN_SCORED) {
      return Double.NaN;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> scores[i]));
    double positiveRanks = 0;
    int positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          positiveRanks += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  @Property(tries = 500)
  void auc_equalsTheRankSumOf01_bitForBit(@ForAll("scored") List<double[]> pairs) {
    double[] scores = pairs.get(0);
    double[] labels = pairs.get(1);
    assertEquals(aucByRanks(scores, labels), ColumnScores.auc(scores, labels));
  }

  /** Scores with many ties (and 0.0 beside -0.0), labels 0/1. */
  @Provide
  Arbitrary<List<double[]>> scored() {
    return Arbitraries.integers().between(0, 300).flatMap(n -> Combinators.combine(
        Arbitraries.oneOf(Arbitraries.of(0.0, -0.0, 0.5, 1.0, -3.0), Arbitraries.doubles().between(-5, 5)).list().ofSize(n),
        Arbitraries.of(0.0, 1.0).list().ofSize(n)).as((s, l) -> List.of(
            s.stream().mapToDouble(Double::doubleValue).toArray(), l.stream().mapToDouble(Double::doubleValue).toArray())));
  }

  @Property(tries = 300)
  void distinctWholeNumbers_countsAsAHashSetOfDoubles(@ForAll("tables") Data data) {
    Table t = data.table();
    int[] part = LeakageAudit.parts(t.rowCount(), data.partition());
    java.util.Set<Object> distinct = new java.util.HashSet<>();
    int rows = 0;
    for (int r = 0; r < part.length; r++) {
      if (part[r] >= 0) {
        rows++;
        if (t.value("n", r) != null) {
          distinct.add(t.value("n", r));
        }
      }
    }
    LeakageAudit.Distinct counted = LeakageAudit.Distinct.wholeNumbers(t.numericColumn("n"), part).orElseThrow();
    assertEquals(rows, counted.rows());
    assertEquals(distinct.size(), counted.size());
  }
}
