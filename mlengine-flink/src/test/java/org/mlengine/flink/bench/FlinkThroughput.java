package org.mlengine.flink.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Row;
import org.mlengine.flink.FlinkScorer;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Events per second through {@link FlinkScorer} on a local 2-slot Flink with checkpointing on (1
 * s, exactly once, heap state), timed from the first event generated to the job's end, against, in the same run and alternating: the same job with a
 * pass-through map in place of the scorer (Flink's own cost: source, chaining, sink), and the
 * in-process {@code Predictor.predict} loop on one thread. Not a unit test: run it from the
 * command line (see mlengine-bench/RESULTS.md, "Flink streams").
 *
 * <pre>{@code
 * java -cp "$(cat cp.txt):mlengine-flink/target/test-classes:mlengine-flink/target/classes" \
 *     org.mlengine.flink.bench.FlinkThroughput credit 2000000 3
 * }</pre>
 *
 * <p>Workloads: {@code credit} (the golden logistic bundle, stateless, parallelism 2, the credit
 * rows cycled) and {@code chicago} (the golden window bundle: one series, so one keyed task and a
 * source of parallelism 1; days going forward from 2001 with the shipped days' values cycled).
 */
public final class FlinkThroughput {
  /** When the source generated its first event in this JVM (local mode: one JVM). */
  private static final java.util.concurrent.atomic.AtomicLong FIRST = new java.util.concurrent.atomic.AtomicLong();

  private FlinkThroughput() {}

  public static void main(String[] args) throws Exception {
    String workload = args.length > 0 ? args[0] : "credit";
    long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path bundle;
    Table table;
    switch (workload) {
      case "credit" -> {
        bundle = Path.of("mlengine-serving/src/test/resources/golden/format-1/credit-logistic.mlb");
        table = Table.readCsv(Path.of("mlengine-core/src/test/resources/credit_data.csv"));
      }
      case "chicago" -> {
        bundle = Path.of("mlengine-serving/src/test/resources/golden/format-1/chicago-windows.mlb");
        table = Table.readCsv(Path.of("mlengine-examples/src/main/resources/org/mlengine/examples/chicago.csv"),
            CsvOptions.defaults().timestamp("date"));
      }
      default -> throw new IllegalArgumentException("workload " + workload + "; expected credit or chicago");
    }
    FlinkScorer scorer = FlinkScorer.load(bundle);
    Row[] rows = rows(table);
    RowTypeInfo type = rowType(table);
    int timeColumn = List.of(type.getFieldNames()).indexOf("date");
    List<Double> flink = new ArrayList<>();
    List<Double> passThrough = new ArrayList<>();
    List<Double> local = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      passThrough.add(run(null, rows, type, timeColumn, events));
      flink.add(run(scorer, rows, type, timeColumn, events));
      local.add(inProcess(bundle, rows, type, timeColumn, Math.min(events, 500_000)));
      System.out.printf("round %d: scorer %.0f/s, pass-through %.0f/s, in-process predict (1 thread) %.0f/s%n", round,
          flink.get(round), passThrough.get(round), local.get(round));
    }
    System.out.printf("%s, %d events, median of %d: scorer %.0f events/s on 2 slots, pass-through %.0f/s, in-process %.0f/s%n",
        workload, events, rounds, median(flink), median(passThrough), median(local));
  }

  private static double run(FlinkScorer scorer, Row[] rows, RowTypeInfo type, int timeColumn, long events) throws Exception {
    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
    env.enableCheckpointing(1_000);
    FIRST.set(0);
    DataGeneratorSource<Row> source = new DataGeneratorSource<>(i -> {
      if (FIRST.get() == 0) {
        FIRST.compareAndSet(0, System.nanoTime());
      }
      return row(rows, timeColumn, i);
    }, events, type);
    // One series needs its rows in order: the source runs at parallelism 1 for a window bundle.
    DataStream<Row> in = env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
        .setParallelism(timeColumn >= 0 ? 1 : 2);
    DataStream<Row> out = scorer == null
        ? in.map((MapFunction<Row, Row>) r -> r).returns(type)
        : scorer.score(in).scored();
    out.sinkTo(new DiscardingSink<>());
    JobExecutionResult result = env.execute("throughput");
    long end = System.nanoTime();
    // From the first event generated to the job's end: the job's start-up (a few seconds on a busy
    // machine) is left out, its final checkpoint and shut-down are not.
    return result.getNetRuntime() > 0 ? events / ((end - FIRST.get()) / 1e9) : Double.NaN;
  }

  /** Row {@code i}: the table's rows cycled; for a window bundle, one day after the one before. */
  private static Row row(Row[] rows, int timeColumn, long i) {
    Row row = Row.copy(rows[(int) (i % rows.length)]);
    if (timeColumn >= 0) {
      row.setField(timeColumn, Instant.parse("2001-01-22T00:00:00Z").plus(Duration.ofDays(i)));
    }
    return row;
  }

  private static double inProcess(Path bundle, Row[] rows, RowTypeInfo type, int timeColumn, long events) throws Exception {
    try (Predictor base = Predictor.load(bundle)) {
      boolean windows = !base.eventSources().isEmpty();
      History history = windows ? base.newHistory(FlinkScorer.load(bundle).retention()) : null;
      Predictor predictor = windows ? base.withHistory(history) : base;
      String[] names = type.getFieldNames();
      long start = System.nanoTime();
      double sink = 0;
      for (long i = 0; i < events; i++) {
        Row row = row(rows, timeColumn, i);
        Map<String, Object> request = new java.util.HashMap<>();
        for (int c = 0; c < names.length; c++) {
          request.put(names[c], row.getField(c));
        }
        sink += windows ? predictor.predict(request).value() : predictor.predict(request).probability("bad");
        if (windows) {
          history.append(History.ROWS, request);
        }
      }
      long nanos = System.nanoTime() - start;
      if (Double.isNaN(sink)) {
        System.out.println("(a NaN score)");
      }
      return events / (nanos / 1e9);
    }
  }

  private static RowTypeInfo rowType(Table table) {
    List<String> names = table.columnNames();
    org.apache.flink.api.common.typeinfo.TypeInformation<?>[] types = new org.apache.flink.api.common.typeinfo.TypeInformation<?>[names.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = switch (table.type(names.get(c))) {
        case NUMERIC -> org.apache.flink.api.common.typeinfo.Types.DOUBLE;
        case TIMESTAMP -> org.apache.flink.api.common.typeinfo.Types.INSTANT;
        default -> org.apache.flink.api.common.typeinfo.Types.STRING;
      };
    }
    return new RowTypeInfo(types, names.toArray(new String[0]));
  }

  private static Row[] rows(Table table) {
    List<String> names = table.columnNames();
    Row[] out = new Row[table.rowCount()];
    for (int r = 0; r < out.length; r++) {
      Map<String, Object> values = table.row(r).toMap();
      out[r] = new Row(names.size());
      for (int c = 0; c < names.size(); c++) {
        out[r].setField(c, values.get(names.get(c)));
      }
    }
    return out;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

}
