package org.mlengine.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>counters {@code mlengine.monitor.requests}, {@code .failures}, {@code .dropped}, {@code .sampled_out}, {@code .errors}, and
 *       {@code mlengine.monitor.alerts} (tags {@code column}, {@code measure}).
 * </ul>
 *
 * <p>{@link Monitor#close()} takes them all off the registry ({@link #remove()}).
 */
final class MonitorMeters {
  private final MeterRegistry registry;
  private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
  private volatile boolean removed;

  private MonitorMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the monitor's meters on {@code registry}; {@link #remove()} takes them off again. */
  static MonitorMeters register(Monitor monitor, MonitorState state, MeterRegistry registry, String name) {
    MonitorMeters m = new MonitorMeters(registry);
    Tags tags = Tags.of("monitor", name);
    String[] names = state.columnNames();
    for (String column : names) {
      Tags c = tags.and("column", column);
      m.gauge("mlengine.monitor.drift", c, state, column, d -> d.value());
      m.gauge("mlengine.monitor.drift.threshold", c, state, column, d -> d.threshold());
      m.gauge("mlengine.monitor.missing.share", c, state, column, d -> d.missingShare());
      m.gauge("mlengine.monitor.nan.share", c, state, column, d -> d.nanShare());
      m.gauge("mlengine.monitor.unseen.share", c, state, column, d -> d.unseenShare());
      m.gauge("mlengine.monitor.out_of_range.share", c, state, column, d -> d.outOfRangeShare());
    }
    m.snapshotGauge("mlengine.monitor.latency", tags.and("quantile", "0.5"), state, s -> s.latencyP50Millis() / 1000);
    m.snapshotGauge("mlengine.monitor.latency", tags.and("quantile", "0.9"), state, s -> s.latencyP90Millis() / 1000);
    m.snapshotGauge("mlengine.monitor.latency", tags.and("quantile", "0.99"), state, s -> s.latencyP99Millis() / 1000);
    m.snapshotGauge("mlengine.monitor.estimated.accuracy", tags, state, s -> s.estimatedAccuracy().orElse(Double.NaN));
    m.snapshotGauge("mlengine.monitor.estimated.roc_auc", tags, state, s -> s.estimatedRocAuc().orElse(Double.NaN));
    m.registered.add(FunctionCounter.builder("mlengine.monitor.requests", state, MonitorState::requests).tags(tags)
        .description("requests added to the monitor's sketches").register(registry));
    m.registered.add(FunctionCounter.builder("mlengine.monitor.failures", state, MonitorState::totalFailures).tags(tags)
        .description("requests the model refused").register(registry));
    m.registered.add(FunctionCounter.builder("mlengine.monitor.dropped", monitor, Monitor::dropped).tags(tags)
        .description("requests dropped because the monitor's queue was full").register(registry));
    m.registered.add(FunctionCounter.builder("mlengine.monitor.sampled_out", monitor, Monitor::sampledOut).tags(tags)
        .description("requests left out of the monitor's sample, past its rate").register(registry));
    m.registered.add(FunctionCounter.builder("mlengine.monitor.errors", monitor, Monitor::errors).tags(tags)
        .description("requests the monitor failed to add to its sketches").register(registry));
    state.onAlert(alert -> {
      if (!m.removed) {
        Counter counter = Counter.builder("mlengine.monitor.alerts").tags(tags.and("column", alert.column(), "measure", alert.measure()))
            .register(registry);
        m.registered.add(counter);
        counter.increment();
      }
    });
    return m;
  }

  /**
   * Takes every meter off the registry: Micrometer keeps the first meter of a name and tags and
   * ignores a second registration, so a monitor built again under the same name would otherwise
   * publish the closed one's figures (and keep it from being freed).
   */
  void remove() {
    removed = true;
    for (Meter meter : registered) {
      registry.remove(meter);
    }
    registered.clear();
  }

  private void gauge(String meter, Tags tags, MonitorState state, String column,
      ToDoubleFunction<MonitorSnapshot.ColumnDrift> figure) {
    registered.add(Gauge.builder(meter, state, s -> {
      MonitorSnapshot last = s.last();
      return last == null ? Double.NaN : last.column(column).map(figure::applyAsDouble).orElse(Double.NaN);
    }).tags(tags).strongReference(true).register(registry));
  }

  private void snapshotGauge(String meter, Tags tags, MonitorState state, ToDoubleFunction<MonitorSnapshot> figure) {
    registered.add(Gauge.builder(meter, state, s -> s.last() == null ? Double.NaN : figure.applyAsDouble(s.last())).tags(tags)
        .strongReference(true).register(registry));
  }
}
