package org.mlengine.flink;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.mlengine.runtime.Schema;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.MonitorSnapshot;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * A task's {@link Monitor} (drift of each input column against the bundle's training profile,
 * over tumbling windows of the task's rows) with its figures as Flink gauges in the group {@code
 * mlengine.monitor}: {@code processed}, {@code dropped}, {@code alerts}, {@code windows} and, per
 * input column, {@code drift_<column>} (the last judged window's statistic, NaN before the first)
 * and {@code drifted_<column>} (1 when it crossed its threshold, else 0). The monitor needs
 * DataSketches and HdrHistogram at run time, as mlengine-serving's Monitor says.
 *
 * <pre>{@code
 * FlinkMonitor monitor = FlinkMonitor.open(predictor, 1_000, getRuntimeContext().getMetricGroup());
 * monitor.record(request, prediction, nanos);
 * }</pre>
 */
final class FlinkMonitor implements AutoCloseable {
  private final Monitor monitor;

  private FlinkMonitor(Monitor monitor) {
    this.monitor = monitor;
  }

  static FlinkMonitor open(Predictor predictor, int window, MetricGroup task) {
    Monitor monitor = Monitor.builder(predictor.bundle()).window(window).build();
    MetricGroup group = task.addGroup("mlengine").addGroup("monitor");
    group.gauge("processed", (Gauge<Long>) monitor::processed);
    group.gauge("dropped", (Gauge<Long>) monitor::dropped);
    group.gauge("alerts", (Gauge<Integer>) () -> monitor.alerts().size());
    group.gauge("windows", (Gauge<Long>) () -> monitor.lastWindow().map(w -> w.window() + 1).orElse(0L));
    for (Schema.Field field : predictor.inputSchema().columns()) {
      String column = field.name();
      group.gauge("drift_" + column, (Gauge<Double>) () -> monitor.lastWindow().flatMap(w -> w.column(column))
          .map(MonitorSnapshot.ColumnDrift::value).orElse(Double.NaN));
      group.gauge("drifted_" + column, (Gauge<Integer>) () -> monitor.lastWindow().flatMap(w -> w.column(column))
          .map(d -> d.drifted() ? 1 : 0).orElse(0));
    }
    return new FlinkMonitor(monitor);
  }

  void record(Map<String, ?> request, Prediction prediction, long nanos) {
    monitor.record(request, prediction, nanos);
  }

  /** Waits briefly for the queued rows, so the last figures count them, then stops the monitor. */
  @Override
  public void close() {
    try {
      monitor.flush(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    monitor.close();
  }
}
