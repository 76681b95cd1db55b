package org.mlengine.serving.history;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link DiskHistory} forces its appends to the disk, and so what a crash may lose.
 *
 * <ul>
 *   <li>{@link #always()}: every {@code append} (and every {@code appendAll}, as one batch) is
 *       written and forced ({@code fsync}) before it returns; concurrent appenders share one
 *       force. A crash of the process or of the machine loses nothing that was acknowledged.
 *   <li>{@link #interval(Duration)}: appends are buffered in the process, and a background
 *       thread writes and forces them every {@code every}; an append returns at once. A crash
 *       loses at most the appends of the last interval (plus the time one write and force take).
 * </ul>
 *
 * <pre>{@code
 * DiskHistory exact = DiskHistory.open(dir, retention, sources, FsyncPolicy.always());
 * DiskHistory fast = DiskHistory.open(dir, retention, sources, FsyncPolicy.interval(Duration.ofMillis(200)));
 * }</pre>
 */
public sealed interface FsyncPolicy {

  /** Every append is forced to the disk before it returns. */
  static FsyncPolicy always() {
    return new Always();
  }

  /** Appends are written and forced every {@code every} (at least 1 ms), off the appending thread. */
  static FsyncPolicy interval(Duration every) {
    return new Interval(every);
  }

  /**
   * The policy that forces each append before it returns.
   *
   * <pre>{@code
   * FsyncPolicy p = FsyncPolicy.always();   // new FsyncPolicy.Always()
   * }</pre>
   */
  record Always() implements FsyncPolicy {
    @Override
    public String toString() {
      return "ALWAYS (each append forced before it returns)";
    }
  }

  /**
   * The policy that forces the appends of each interval together.
   *
   * <pre>{@code
   * FsyncPolicy p = FsyncPolicy.interval(Duration.ofMillis(100));
   * }</pre>
   *
   * @param every how often buffered appends are written and forced
   */
  record Interval(Duration every) implements FsyncPolicy {
    /** Checks the interval. */
    public Interval {
      Objects.requireNonNull(every, "every");
      if (every.toMillis() < 1) {
        throw new IllegalArgumentException("the fsync interval is " + every + "; give at least 1 ms, e.g."
            + " FsyncPolicy.interval(Duration.ofMillis(100)), or FsyncPolicy.always() to force every append");
      }
    }

    @Override
    public String toString() {
      return "INTERVAL (appends forced every " + every.toMillis() + " ms)";
    }
  }
}
