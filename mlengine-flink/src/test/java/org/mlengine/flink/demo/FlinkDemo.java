package org.mlengine.flink.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.mlengine.flink.FlinkScorer;
import org.mlengine.flink.ScoredStream;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * {@code ./mlengine flink-demo}: scores the shipped data sets on a local Flink (2 slots,
 * checkpointing on) with the shipped golden bundles and prints the parity check against the
 * in-process predictor: the credit applicants against {@code Predictor.predictAll}, the Chicago
 * days (windows from Flink keyed state) against the in-process History loop.
 *
 * <pre>{@code
 * ./mlengine flink-demo
 * }</pre>
 */
public final class FlinkDemo {
  private FlinkDemo() {}

  public static void main(String[] args) throws Exception {
    Path golden = Path.of("mlengine-serving/src/test/resources/golden/format-1");
    Path data = Path.of("mlengine-examples/src/main/resources/org/mlengine/examples");
    Table credit = Table.readCsv(data.resolve("credit_data.csv"));
    Table days = Table.readCsv(data.resolve("chicago.csv"), CsvOptions.defaults().timestamp("date"));
    boolean same = credit(golden.resolve("credit-logistic.mlb"), credit) & chicago(golden.resolve("chicago-windows.mlb"), days);
    System.out.println(same ? "parity: every Flink answer equals the in-process one, bit for bit" : "parity: FAILED");
    System.exit(same ? 0 : 1);
  }

  private static boolean credit(Path bundle, Table table) throws Exception {
    List<Row> out = score(FlinkScorer.load(bundle), table, 2);
    List<Prediction> expected;
    try (Predictor predictor = Predictor.load(bundle)) {
      expected = predictor.predictAll(table);
    }
    // The two tasks return rows in any order: match them on their input fields.
    int n = table.columnNames().size();
    Map<List<Object>, Double> byInput = new HashMap<>();
    List<Row> inputs = rows(table);
    for (int r = 0; r < inputs.size(); r++) {
      byInput.put(fields(inputs.get(r), n), expected.get(r).probability("bad"));
    }
    long differ = out.stream().filter(row -> Double.compare(byInput.get(fields(row, n)), (Double) row.getField(n + 1)) != 0).count();
    System.out.printf("credit: %d applicants scored on Flink (2 slots); %d of them differ from predictAll%n", out.size(), differ);
    return differ == 0 && out.size() == table.rowCount();
  }

  private static boolean chicago(Path bundle, Table days) throws Exception {
    FlinkScorer scorer = FlinkScorer.load(bundle);
    List<Row> out = score(scorer, days, 2);
    int n = days.columnNames().size();
    int differ = 0;
    double largest = 0;
    try (Predictor base = Predictor.load(bundle)) {
      History history = base.newHistory(scorer.retention());
      Predictor predictor = base.withHistory(history);
      for (int r = 0; r < days.rowCount(); r++) {
        double local = predictor.predict(days.row(r).toMap()).value();
        history.append(History.ROWS, days.row(r));
        double flink = (Double) out.get(r).getField(n);
        differ += Double.compare(local, flink) != 0 ? 1 : 0;
        largest = Math.max(largest, Math.abs(local - flink));
      }
    }
    System.out.printf("chicago: %d days forecast on Flink from keyed state (retention %s); %d differ from the in-process"
        + " History path (largest difference %s)%n", out.size(), scorer.retention(), differ, largest);
    return differ == 0 && out.size() == days.rowCount();
  }

  private static List<Row> score(FlinkScorer scorer, Table table, int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
    env.enableCheckpointing(500);
    RowTypeInfo type = rowType(table);
    Row[] all = rows(table).toArray(new Row[0]);
    ScoredStream scoring = scorer.score(env.fromSource(new DataGeneratorSource<>(i -> all[(int) (long) i], all.length, type),
        WatermarkStrategy.noWatermarks(), "rows").setParallelism(1));
    CloseableIterator<Row> refused = scoring.refused().collectAsync();
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    env.execute("mlengine flink-demo");
    List<Row> out = new ArrayList<>();
    scored.forEachRemaining(out::add);
    refused.forEachRemaining(row -> System.out.println("refused: " + row));
    scored.close();
    refused.close();
    return out;
  }

  private static List<Object> fields(Row row, int n) {
    List<Object> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      out.add(row.getField(c));
    }
    return out;
  }

  private static RowTypeInfo rowType(Table table) {
    List<String> names = table.columnNames();
    TypeInformation<?>[] types = new TypeInformation<?>[names.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = switch (table.type(names.get(c))) {
        case NUMERIC -> Types.DOUBLE;
        case TIMESTAMP -> Types.INSTANT;
        default -> Types.STRING;
      };
    }
    return new RowTypeInfo(types, names.toArray(new String[0]));
  }

  private static List<Row> rows(Table table) {
    List<String> names = table.columnNames();
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> values = table.row(r).toMap();
      Row row = new Row(names.size());
      for (int c = 0; c < names.size(); c++) {
        row.setField(c, values.get(names.get(c)));
      }
      out.add(row);
    }
    return out;
  }
}
