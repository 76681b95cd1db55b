package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Window bundles on the MiniCluster: each row scored against its key's earlier rows from Flink
 * keyed state, then recorded, equals the in-process loop {@code predictor.predict(row);
 * history.append(History.ROWS, row)} bit for bit: the shipped Chicago bundle over all 5,698 days
 * (one series), and a bundle of per-store windows over four stores on two slots.
 */
class HistoryScoringTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir
  Path dir;

  @Test
  void score_chicagoDays_equalTheInProcessHistoryPathBitForBit() throws Exception {
    Table days = Fixtures.chicago();
    FlinkScorer scorer = FlinkScorer.load(Fixtures.CHICAGO_BUNDLE);
    assertEquals(Retention.of(Duration.ofDays(91), 28), scorer.retention(), "the least retention the windows read");
    List<Double> flink = values(scorer, days, 2);
    List<Double> local = inProcess(Fixtures.CHICAGO_BUNDLE, days, scorer.retention(), "date", null);
    assertBitsEqual(local, flink);
  }

  @Test
  void score_storesOnTwoSlots_equalTheInProcessHistoryPathPerStore() throws Exception {
    Path bundle = dir.resolve("stores.mlb");
    Fixtures.storeBundle().save(bundle);
    Table days = Fixtures.stores(6, 90, 23);
    FlinkScorer scorer = FlinkScorer.load(bundle);
    List<Row> out = scored(scorer, days, 2);
    assertEquals(days.rowCount(), out.size());
    // Across two tasks, rows of different stores interleave in any order; within a store they keep theirs.
    Map<String, List<Double>> flink = new HashMap<>();
    int n = days.columnNames().size();
    for (Row row : out) {
      flink.computeIfAbsent((String) row.getField(0), k -> new ArrayList<>()).add((Double) row.getField(n));
    }
    List<Double> local = inProcess(bundle, days, scorer.retention(), "day", null);
    Map<String, List<Double>> byStore = new HashMap<>();
    for (int r = 0; r < days.rowCount(); r++) {
      byStore.computeIfAbsent(days.row(r).string("store"), k -> new ArrayList<>()).add(local.get(r));
    }
    assertEquals(6, byStore.size());
    for (String store : byStore.keySet()) {
      assertBitsEqual(byStore.get(store), flink.get(store));
    }
  }

  @Test
  void checkSources_relatedTable_isRefusedWithTheAlternative() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkScorer.checkSources(List.of(new org.mlengine.runtime.EventSource("calls", java.util.Optional.of("Customer"),
            "At", List.of(), java.util.Optional.of(Duration.ofDays(30)), 0)), "calls.mlb"));
    assertTrue(e.getMessage().startsWith("bundle calls.mlb cannot be scored on a Flink stream:\n- a step reads the related table"
        + " 'calls'"), e.getMessage());
  }

  /** The scored rows' predicted values, in order (one series: a single key keeps the stream's order). */
  private static List<Double> values(FlinkScorer scorer, Table days, int parallelism) throws Exception {
    List<Row> out = scored(scorer, days, parallelism);
    int n = days.columnNames().size();
    List<Double> values = new ArrayList<>();
    out.forEach(row -> values.add((Double) row.getField(n)));
    return values;
  }

  static List<Row> scored(FlinkScorer scorer, Table days, int parallelism) throws Exception {
    StreamExecutionEnvironment env = Fixtures.env(parallelism);
    RowTypeInfo type = Fixtures.rowType(days);
    ScoredStream scoring = scorer.score(Fixtures.source(env, Fixtures.rows(days), type, 0));
    CloseableIterator<Row> refused = scoring.refused().collectAsync();
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    env.execute("history parity");
    assertEquals(List.of(), Fixtures.drain(refused));
    return Fixtures.drain(scored);
  }

  /** The in-process path: predict each row from the history of the rows before it, then append it. */
  static List<Double> inProcess(Path bundle, Table days, Retention retention, String time, String unused) throws Exception {
    List<Double> out = new ArrayList<>();
    try (Predictor base = Predictor.of(ModelBundle.load(bundle))) {
      History history = base.newHistory(retention);
      Predictor predictor = base.withHistory(history);
      for (int r = 0; r < days.rowCount(); r++) {
        Prediction p = predictor.predict(days.row(r).toMap());
        out.add(p.value());
        history.append(History.ROWS, days.row(r));
      }
    }
    return out;
  }

  static void assertBitsEqual(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      int at = i;
      assertEquals(Double.doubleToRawLongBits(expected.get(i)), Double.doubleToRawLongBits(actual.get(i)),
          () -> "row " + at + ": " + expected.get(at) + " in process, " + actual.get(at) + " on Flink");
    }
  }
}
