package org.mlengine.serving;

/**
 * One client's state in {@link ClientLimits}: its token bucket (as the theoretical arrival time of
 * GCRA), its window of recent distinct queries, and its reputation counts. Guarded by its own
 * monitor; {@link #lastSeen} is also read without it, by eviction.
 */
final class ClientState {
  /** Theoretical arrival time: the bucket is full again at {@code tat - tau}, for ticks at or after it. */
  long tat;
  volatile long lastSeen;
  long requests;
  long delayed;
  long refused;
  long extractionFlags;
  private double penalty;
  private long penaltyAt;

  long windowStart;
  int nearDuplicates;
  boolean flagged;
  /** The exact-value hashes of the last distinct queries, a ring; null when near-duplicates are not counted. */
  private final long[] recent;
  /** Their cells, {@code columns} bytes each, in the same ring order. */
  private final byte[] recentCells;
  private int size;
  private int next;

  ClientState(long now, int recentKept, int columns) {
    this.tat = now;
    this.lastSeen = now;
    this.penaltyAt = now;
    this.windowStart = now;
    this.recent = columns < 0 ? null : new long[recentKept];
    this.recentCells = columns < 0 ? null : new byte[recentKept * columns];
  }

  /** Adds {@code weight} to the penalty, after decaying it to {@code now}. */
  void penalise(long now, double weight, long halfLifeNanos) {
    penalty = penalty(now, halfLifeNanos) + weight;
    penaltyAt = now;
  }

  /** The penalty decayed to {@code now}: halved every {@code halfLifeNanos}. */
  double penalty(long now, long halfLifeNanos) {
    if (penalty == 0) {
      return 0;
    }
    return penalty * Math.pow(0.5, (double) Math.max(0, now - penaltyAt) / halfLifeNanos);
  }

  /** Starts a new window of near-duplicate counting at {@code now}. */
  void newWindow(long now) {
    windowStart = now;
    nearDuplicates = 0;
    flagged = false;
    size = 0;
    next = 0;
  }

  /**
   * Remembers a query among the recent distinct ones; true when it is a distinct near-duplicate:
   * not an exact repeat of a remembered query, and in the same cell as one of them in all columns
   * but at most one.
   */
  boolean nearDuplicate(long hash, byte[] cells) {
    boolean near = false;
    for (int i = 0; i < size; i++) {
      if (recent[i] == hash) {
        return false;   // a repeat reveals nothing new
      }
      near = near || QueryCells.differences(recentCells, i * cells.length, cells) <= 1;
    }
    recent[next] = hash;
    System.arraycopy(cells, 0, recentCells, next * cells.length, cells.length);
    next = (next + 1) % recent.length;
    size = Math.min(size + 1, recent.length);
    return near;
  }
}
