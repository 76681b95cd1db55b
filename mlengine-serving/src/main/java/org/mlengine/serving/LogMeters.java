package org.mlengine.serving;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A {@link PredictionLog}'s counts as Micrometer counters, each tagged {@code log=<directory>}:
 * {@code mlengine.log.written}, {@code .dropped}, {@code .lost} and {@code .sampled_out}.
 * {@link PredictionLog#close()} takes them off the registry ({@link #remove()}), so a new log of
 * the same directory may publish under the same tag; while one is open, another log of its
 * directory is refused the registry ({@link #requireFree}).
 *
 * <pre>{@code
 * LogMeters.requireFree(registry, dir);
 * LogMeters meters = LogMeters.register(log, registry);
 * meters.remove();
 * }</pre>
 */
final class LogMeters {
  private final MeterRegistry registry;
  private final List<Meter> registered;

  private LogMeters(MeterRegistry registry, List<Meter> registered) {
    this.registry = registry;
    this.registered = registered;
  }

  /**
   * Refuses a registry that already holds a log's counters for {@code directory}: Micrometer would
   * hand back that log's counters, and closing the new log would take them off.
   *
   * @throws IllegalStateException naming the directory
   */
  static void requireFree(MeterRegistry registry, Path directory) {
    if (registry.find("mlengine.log.written").tags(tags(directory)).meter() != null) {
      throw new IllegalStateException("the meter registry already has the counters of a prediction log of " + directory
          + " (mlengine.log.written tagged log=" + directory + "); close the earlier log of that directory first (its"
          + " close() takes its counters off), or publish this one to another registry");
    }
  }

  /**
   * Registers the log's counters on {@code registry}, all or none (see {@link #requireFree}).
   *
   * @throws RuntimeException what the registry threw, the counters registered before taken off
   */
  static LogMeters register(PredictionLog log, MeterRegistry registry) {
    Tags tags = tags(log.directory());
    LogMeters meters = new LogMeters(registry, new ArrayList<>(4));
    try {
      meters.registered.add(counter(registry, "mlengine.log.written", tags, log, PredictionLog::written,
          "records written to the log's files"));
      meters.registered.add(counter(registry, "mlengine.log.dropped", tags, log, PredictionLog::dropped,
          "records dropped because the log's queue was full or it was closed"));
      meters.registered.add(counter(registry, "mlengine.log.lost", tags, log, PredictionLog::lost,
          "records lost to an error copying, serializing or writing them"));
      meters.registered.add(counter(registry, "mlengine.log.sampled_out", tags, log, PredictionLog::sampledOut,
          "records left out of the log's sample, past its rate"));
    } catch (RuntimeException | Error e) {
      meters.remove();
      throw e;
    }
    return meters;
  }

  private static Tags tags(Path directory) {
    return Tags.of("log", directory.toString());
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
