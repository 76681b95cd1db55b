package org.mlengine.flink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores each row with one predictor per parallel task, loaded in {@link #open} from the bundle's
 * bytes (which travel once, inside the job graph); a row the bundle refuses goes to the refusals'
 * side output with the reason, and the stream goes on.
 *
 * <pre>{@code
 * rows.process(new ScoreFunction(bytes, "credit.mlb", mapping, refusedTag)).returns(scoredType);
 * }</pre>
 */
final class ScoreFunction extends ProcessFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final byte[] bundle;
  private final String source;
  private final RowMapping mapping;
  private final OutputTag<Row> refused;
  private final int monitorWindow;      // 0: no monitor
  private transient Predictor predictor;
  private transient FlinkMonitor monitor;
  private transient Map<String, Object> request;
  private transient FlinkMeters meters;

  ScoreFunction(byte[] bundle, String source, RowMapping mapping, OutputTag<Row> refused, int monitorWindow) {
    this.monitorWindow = monitorWindow;
    this.bundle = bundle;
    this.source = source;
    this.mapping = mapping;
    this.refused = refused;
  }

  @Override
  public void open(OpenContext context) {
    predictor = load(bundle, source);
    request = new HashMap<>();
    meters = FlinkMeters.register(getRuntimeContext().getMetricGroup());
    monitor = monitorWindow > 0 ? FlinkMonitor.open(predictor, monitorWindow, getRuntimeContext().getMetricGroup()) : null;
  }

  /** A predictor for the bundle's bytes, read without Java deserialization. */
  static Predictor load(byte[] bytes, String source) {
    try {
      return Predictor.of(ModelBundle.read(new ByteArrayInputStream(bytes), source));
    } catch (IOException e) {
      throw new UncheckedIOException("the bundle " + source + " shipped with the job could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void processElement(Row row, Context context, Collector<Row> out) {
    long start = System.nanoTime();
    Prediction p;
    try {
      p = predictor.predict(mapping.request(row, request));
    } catch (InvalidInputException e) {
      meters.refused();
      context.output(refused, mapping.refused(row, e.getMessage()));
      return;
    }
    out.collect(mapping.scored(row, p));
    long nanos = System.nanoTime() - start;
    meters.scored(nanos);
    if (monitor != null) {
      monitor.record(request, p, nanos);
    }
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
