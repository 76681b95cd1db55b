package org.mlengine.serving;

/**
 * The wall clock a consumer thread (a log's writer, a monitor's thread) reads for the request
 * threads, so that a request is stamped with no clock call on its own thread: the consumer
 * {@linkplain #tick() reads the clock} each time it looks for work (about once a millisecond),
 * and before a step that may block it for long (a disk sync, a file's rotation, a window's
 * judgement) marks the time {@linkplain #slow() unknown}, so that the request threads read the
 * clock themselves until the step is over. A stamp is then at most about a millisecond (plus the
 * scheduler's delay, plus the consumer's work between two looks other than those steps) older
 * than the request, however long a step blocks.
 */
final class StampClock {
  /** The mark of a consumer in a step that may block: request threads read the clock themselves. */
  private static final long OWN_CLOCK = Long.MIN_VALUE;

  /** The wall clock as the consumer last read it, or {@link #OWN_CLOCK}; written once a millisecond at most. */
  private volatile long millis = System.currentTimeMillis();

  /** The time to stamp a request with: the consumer's last reading, or the clock's while the consumer is in a slow step. Any thread. */
  long now() {
    long m = millis;
    return m != OWN_CLOCK ? m : System.currentTimeMillis();
  }

  /** Reads the wall clock for the request threads and returns it; the consumer only (also ends a {@link #slow()} step). */
  long tick() {
    long now = System.currentTimeMillis();
    if (now != millis) {
      millis = now;   // written once a millisecond at most: the request threads' copy of the line stays valid
    }
    return now;
  }

  /** Before a step that may block the consumer: the request threads read the clock themselves until the next {@link #tick()}. */
  void slow() {
    millis = OWN_CLOCK;
  }
}
