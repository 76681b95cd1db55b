package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Over random streams of store days (1 to 3 stores, up to 150 days each so that the stored rows
 * are compacted, missing sales, some rows out of time order), the keyed function, snapshotted at
 * a random row and restored into a new task, scores every row as the in-process History path
 * does, bit for bit: the restored history is the one that was lost.
 */
@SuppressWarnings("try") // the harness's close() declares Exception, as Flink's operators do
class HistoryStateProperties {
  private static final Path BUNDLE = bundle();

  private static Path bundle() {
    try {
      Path file = Files.createTempFile("stores", ".mlb");
      file.toFile().deleteOnExit();
      Fixtures.storeBundle().save(file);
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Property(tries = 25)
  void restoredMidStream_scoresAsTheInProcessPath(@ForAll @IntRange(min = 1, max = 3) int stores,
      @ForAll @IntRange(min = 2, max = 150) int days, @ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int cutPercent)
      throws Exception {
    Table table = randomDays(stores, days, seed);
    FlinkScorer scorer = FlinkScorer.load(BUNDLE);
    RowTypeInfo type = Fixtures.rowType(table);
    List<Row> rows = Fixtures.rows(table);
    int cut = rows.size() * cutPercent / 100;
    List<Row> out = new ArrayList<>();
    OperatorSubtaskState state;
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> first = harness(scorer, type, null)) {
      for (Row row : rows.subList(0, cut)) {
        first.processElement(row, 0);
      }
      state = first.snapshot(1, 0);
      out.addAll(first.extractOutputValues());
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> second = harness(scorer, type, state)) {
      for (Row row : rows.subList(cut, rows.size())) {
        second.processElement(row, 0);
      }
      out.addAll(second.extractOutputValues());
    }
    List<Double> flink = new ArrayList<>();
    out.forEach(row -> flink.add((Double) row.getField(type.getArity())));
    HistoryScoringTest.assertBitsEqual(inProcess(table, scorer.retention()), flink);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness(FlinkScorer scorer, RowTypeInfo type,
      OperatorSubtaskState restore) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(scorer.historyFunction(scorer.mapping(type), FlinkScorer.refusedTag(type))),
        scorer.entityKey(type), Types.STRING);
    if (restore != null) {
      harness.initializeState(restore);
    }
    harness.open();
    return harness;
  }

  private static List<Double> inProcess(Table table, Retention retention) throws IOException {
    List<Double> out = new ArrayList<>();
    try (Predictor base = Predictor.load(BUNDLE)) {
      History history = base.newHistory(retention);
      Predictor predictor = base.withHistory(history);
      for (int r = 0; r < table.rowCount(); r++) {
        out.add(predictor.predict(table.row(r).toMap()).value());
        history.append(History.ROWS, table.row(r));
      }
    }
    return out;
  }

  /** Store days with a tenth of the sales missing and a twentieth of the rows swapped with the one before. */
  private static Table randomDays(int stores, int days, long seed) {
    Table base = Fixtures.stores(stores, days, seed);
    Random random = new Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < base.rowCount(); r++) {
      Map<String, Object> row = base.row(r).toMap();
      if (random.nextInt(10) == 0) {
        row.put("sales", null);
      }
      rows.add(row);
    }
    for (int r = 1; r < rows.size(); r++) {
      if (random.nextInt(20) == 0) {
        rows.set(r - 1, rows.set(r, rows.get(r - 1)));
      }
    }
    String[] store = new String[rows.size()];
    double[] sales = new double[rows.size()];
    double[] price = new double[rows.size()];
    Instant[] day = new Instant[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      store[r] = (String) row.get("store");
      sales[r] = row.get("sales") == null ? Double.NaN : (Double) row.get("sales");
      price[r] = (Double) row.get("price");
      day[r] = (Instant) row.get("day");
    }
    return Table.builder().categorical("store", store).numeric("sales", sales).numeric("price", price)
        .timestamp("day", day).build();
  }

}
