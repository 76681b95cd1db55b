package org.mlengine.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * A {@link Monitor}'s figures as Micrometer meters, each tagged {@code monitor=<name>}: gauges
 * read the last window's snapshot (NaN before the first), counters the running totals.
 *
 * <ul>
 *   <li>{@code mlengine.monitor.drift} and {@code mlengine.monitor.drift.threshold} (tags
 *       {@code column}, {@code measure}): the column's chosen figure and its threshold;
 *   <li>{@code mlengine.monitor.missing.share}, {@code .nan.share}, {@code .unseen.share},
 *       {@code .out_of_range.share} (tag {@code column});
 *   <li>{@code mlengine.monitor.latency} (tag {@code quantile}: 0.5, 0.9, 0.99), in seconds;
 *   <li>{@code mlengine.monitor.estimated.accuracy}, {@code mlengine.monitor.estimated.roc_auc};
 *   <li>counters {@code mlengine.monitor.requests}, {@code .failures}, {@code .dropped}, and
 *       {@code mlengine.monitor.alerts} (tags {@code column}, {@code measure}).
 * </ul>
 */
final class MonitorMeters {
  private MonitorMeters() {}

  static void register(Monitor monitor, MonitorState state, MeterRegistry registry, String name) {
    Tags tags = Tags.of("monitor", name);
    String[] names = state.columnNames();
    for (String column : names) {
      Tags c = tags.and("column", column);
      gauge(registry, "mlengine.monitor.drift", c, state, column, d -> d.value());
      gauge(registry, "mlengine.monitor.drift.threshold", c, state, column, d -> d.threshold());
      gauge(registry, "mlengine.monitor.missing.share", c, state, column, d -> d.missingShare());
      gauge(registry, "mlengine.monitor.nan.share", c, state, column, d -> d.nanShare());
      gauge(registry, "mlengine.monitor.unseen.share", c, state, column, d -> d.unseenShare());
      gauge(registry, "mlengine.monitor.out_of_range.share", c, state, column, d -> d.outOfRangeShare());
    }
    snapshotGauge(registry, "mlengine.monitor.latency", tags.and("quantile", "0.5"), state, s -> s.latencyP50Millis() / 1000);
    snapshotGauge(registry, "mlengine.monitor.latency", tags.and("quantile", "0.9"), state, s -> s.latencyP90Millis() / 1000);
    snapshotGauge(registry, "mlengine.monitor.latency", tags.and("quantile", "0.99"), state, s -> s.latencyP99Millis() / 1000);
    snapshotGauge(registry, "mlengine.monitor.estimated.accuracy", tags, state, s -> s.estimatedAccuracy().orElse(Double.NaN));
    snapshotGauge(registry, "mlengine.monitor.estimated.roc_auc", tags, state, s -> s.estimatedRocAuc().orElse(Double.NaN));
    FunctionCounter.builder("mlengine.monitor.requests", state, MonitorState::requests).tags(tags)
        .description("requests added to the monitor's sketches").register(registry);
    FunctionCounter.builder("mlengine.monitor.failures", state, MonitorState::totalFailures).tags(tags)
        .description("requests the model refused").register(registry);
    FunctionCounter.builder("mlengine.monitor.dropped", monitor, Monitor::dropped).tags(tags)
        .description("requests dropped because the monitor's queue was full").register(registry);
    state.onAlert(alert -> Counter.builder("mlengine.monitor.alerts").tags(tags.and("column", alert.column(), "measure", alert.measure()))
        .register(registry).increment());
  }

  private static void gauge(MeterRegistry registry, String meter, Tags tags, MonitorState state, String column,
      ToDoubleFunction<MonitorSnapshot.ColumnDrift> figure) {
    Gauge.builder(meter, state, s -> {
      MonitorSnapshot last = s.last();
      return last == null ? Double.NaN : last.column(column).map(figure::applyAsDouble).orElse(Double.NaN);
    }).tags(tags).strongReference(true).register(registry);
  }

  private static void snapshotGauge(MeterRegistry registry, String meter, Tags tags, MonitorState state,
      ToDoubleFunction<MonitorSnapshot> figure) {
    Gauge.builder(meter, state, s -> s.last() == null ? Double.NaN : figure.applyAsDouble(s.last())).tags(tags)
        .strongReference(true).register(registry);
  }
}
