package org.mlengine.serving;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A {@link PredictionLog}'s counts as Micrometer counters, each tagged {@code log=<directory>}:
 * {@code mlengine.log.written}, {@code .dropped}, {@code .lost} and {@code .sampled_out}.
 * {@link PredictionLog#close()} takes them off the registry ({@link #remove()}), so a new log of
 * the same directory may publish under the same tag.
 */
final class LogMeters {
  private final MeterRegistry registry;
  private final List<Meter> registered;

  private LogMeters(MeterRegistry registry, List<Meter> registered) {
    this.registry = registry;
    this.registered = registered;
  }

  /** Registers the log's counters on {@code registry}. */
  static LogMeters register(PredictionLog log, MeterRegistry registry) {
    Tags tags = Tags.of("log", log.directory().toString());
    return new LogMeters(registry, List.of(
        counter(registry, "mlengine.log.written", tags, log, PredictionLog::written, "records written to the log's files"),
        counter(registry, "mlengine.log.dropped", tags, log, PredictionLog::dropped,
            "records dropped because the log's queue was full or it was closed"),
        counter(registry, "mlengine.log.lost", tags, log, PredictionLog::lost,
            "records lost to an error copying, serializing or writing them"),
        counter(registry, "mlengine.log.sampled_out", tags, log, PredictionLog::sampledOut,
            "records left out of the log's sample, past its rate")));
  }

  private static Meter counter(MeterRegistry registry, String name, Tags tags, PredictionLog log,
      ToDoubleFunction<PredictionLog> count, String description) {
    return FunctionCounter.builder(name, log, count).tags(tags).description(description).register(registry);
  }

  /** Takes every counter off the registry. */
  void remove() {
    for (Meter meter : registered) {
      registry.remove(meter);
    }
  }
}
