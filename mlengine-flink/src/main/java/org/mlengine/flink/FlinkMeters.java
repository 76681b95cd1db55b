package org.mlengine.flink;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The scoring operator's figures as Flink metrics, in a group {@code mlengine} of the task's
 * metric group: rows scored and refused (counters and per-second rates) and the scoring time per
 * row in microseconds (a histogram over the last 1,000 rows).
 *
 * <pre>{@code
 * FlinkMeters meters = FlinkMeters.register(getRuntimeContext().getMetricGroup());
 * meters.scored(nanos);
 * }</pre>
 */
final class FlinkMeters {
  private final Counter scored;
  private final Counter refused;
  private final Histogram micros;

  private FlinkMeters(MetricGroup group) {
    this.scored = group.counter("scored");
    this.refused = group.counter("refused");
    group.meter("scoredPerSecond", new MeterView(scored));
    group.meter("refusedPerSecond", new MeterView(refused));
    this.micros = group.histogram("scoreMicros", new DescriptiveStatisticsHistogram(1_000));
  }

  static FlinkMeters register(MetricGroup task) {
    return new FlinkMeters(task.addGroup("mlengine"));
  }

  void scored(long nanos) {
    scored.inc();
    micros.update(nanos / 1_000);
  }

  void refused() {
    refused.inc();
  }
}
