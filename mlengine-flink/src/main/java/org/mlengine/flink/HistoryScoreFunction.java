package org.mlengine.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores each row of a keyed stream against the rows of its key that came before it, then records
 * it: the bundle's window steps read a {@link History}, and the recorded rows live in Flink keyed
 * state (a list of {@link EventCodec} bytes per key), so they are checkpointed and restored with
 * the job. The task's in-memory history is a cache of that state, filled for a key from its state
 * the first time the key is seen after the task (re)starts; replaying a key's rows in their order
 * rebuilds the same history, so the answers equal the in-process {@code predictor.withHistory}
 * path's. The stored list is compacted to what the retention keeps whenever it has doubled.
 *
 * <pre>{@code
 * rows.keyBy(new EntityKey(position, fieldNames), Types.STRING)
 *     .process(new HistoryScoreFunction(bytes, "chicago.mlb", mapping, refusedTag, settings));
 * }</pre>
 */
final class HistoryScoreFunction extends KeyedProcessFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The name of the keyed state holding each key's recorded rows. */
  static final String STATE = "mlengine-history";

  private final byte[] bundle;
  private final String source;
  private final RowMapping mapping;
  private final OutputTag<Row> refused;
  private final EventCodec codec;
  private final long maxAgeMillis;      // -1: no age limit
  private final int latestPerKey;
  private final String keyColumn;       // null for a single series
  private final String timeColumn;
  private final int monitorWindow;      // 0: no monitor

  private transient Predictor predictor;
  private transient History history;
  private transient ListState<byte[]> recorded;
  private transient Map<String, int[]> loaded;   // key -> {rows in state, rows at which to compact}
  private transient Map<String, Object> request;
  private transient Map<String, Object> event;
  private transient FlinkMeters meters;
  private transient FlinkMonitor monitor;

  HistoryScoreFunction(byte[] bundle, String source, RowMapping mapping, OutputTag<Row> refused, EventCodec codec,
      Retention retention, Optional<String> keyColumn, String timeColumn, int monitorWindow) {
    this.monitorWindow = monitorWindow;
    this.bundle = bundle;
    this.source = source;
    this.mapping = mapping;
    this.refused = refused;
    this.codec = codec;
    this.maxAgeMillis = retention.maxAge().map(Duration::toMillis).orElse(-1L);
    this.latestPerKey = retention.latestPerKey();
    this.keyColumn = keyColumn.orElse(null);
    this.timeColumn = timeColumn;
  }

  Retention retention() {
    return maxAgeMillis < 0 ? Retention.unbounded() : Retention.of(Duration.ofMillis(maxAgeMillis), latestPerKey);
  }

  @Override
  public void open(OpenContext context) {
    Predictor base = ScoreFunction.load(bundle, source);
    history = base.newHistory(retention());
    predictor = base.withHistory(history);
    recorded = getRuntimeContext().getListState(new ListStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    loaded = new HashMap<>();
    request = new HashMap<>();
    event = new HashMap<>();
    meters = FlinkMeters.register(getRuntimeContext().getMetricGroup());
    monitor = monitorWindow > 0 ? FlinkMonitor.open(predictor, monitorWindow, getRuntimeContext().getMetricGroup()) : null;
  }

  @Override
  public void processElement(Row row, Context context, Collector<Row> out) throws Exception {
    long start = System.nanoTime();
    String key = context.getCurrentKey();
    int[] counts = loaded.get(key);
    if (counts == null) {
      counts = replay();
      loaded.put(key, counts);
    }
    Prediction p;
    byte[] bytes;
    try {
      p = predictor.predict(mapping.request(row, request));
      // Encode before appending: an event the state cannot hold must not reach the task's history either,
      // or the history would answer differently after a restore from the state.
      bytes = codec.encode(mapping.event(request, event, codec.names()));
      history.append(History.ROWS, event);
    } catch (InvalidInputException e) {
      meters.refused();
      context.output(refused, mapping.refused(row, e.getMessage()));
      return;
    }
    recorded.add(bytes);
    if (++counts[0] >= counts[1]) {
      compact(key, counts);
    }
    out.collect(mapping.scored(row, p));
    long nanos = System.nanoTime() - start;
    meters.scored(nanos);
    if (monitor != null) {
      monitor.record(request, p, nanos);
    }
  }

  /** Appends the current key's recorded rows, from state, to the task's history. */
  private int[] replay() throws Exception {
    int rows = 0;
    Iterable<byte[]> stored = recorded.get();
    if (stored != null) {
      for (byte[] bytes : stored) {
        history.append(History.ROWS, codec.decode(bytes));
        rows++;
      }
    }
    return new int[] {rows, nextCompaction(rows)};
  }

  private static int nextCompaction(int rows) {
    return Math.max(64, 2 * rows);
  }

  /** Replaces the key's stored rows with those the history keeps (what the retention has not dropped). */
  private void compact(String key, int[] counts) throws Exception {
    Table kept = history.events(new EventQuery(History.ROWS, Optional.ofNullable(keyColumn),
        keyColumn == null ? Optional.empty() : Optional.of(key), timeColumn, Long.MIN_VALUE, Long.MAX_VALUE, 0));
    List<byte[]> rows = new ArrayList<>(kept.rowCount());
    Map<String, Object> values = new HashMap<>();
    for (int r = 0; r < kept.rowCount(); r++) {
      rows.add(codec.encode(kept, r, values));
    }
    recorded.update(rows);
    counts[0] = rows.size();
    counts[1] = nextCompaction(rows.size());
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.close();
    }
    if (predictor != null) {
      predictor.close();
    }
  }
}
