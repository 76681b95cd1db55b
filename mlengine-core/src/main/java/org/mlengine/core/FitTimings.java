package org.mlengine.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wall time of each phase of one {@link Pipeline#fit}, for {@link PipelineResult#timings()}:
 * each {@link #lap} adds the time since the previous one to its phase, so a phase that runs in
 * two stretches (the audit does, before and after the steps) sums both; phases are kept in the
 * order they first ran.
 */
final class FitTimings {
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long mark = System.nanoTime();

  /** Adds the time since the previous lap (or since this was made) to {@code phase}. */
  void lap(String phase) {
    long now = System.nanoTime();
    nanos.merge(phase, now - mark, Long::sum);
    mark = now;
  }

  /** The phases in the order they first ran, each with its total time. */
  Map<String, Duration> durations() {
    Map<String, Duration> out = new LinkedHashMap<>();
    nanos.forEach((phase, n) -> out.put(phase, Duration.ofNanos(n)));
    return Collections.unmodifiableMap(out);
  }
}
