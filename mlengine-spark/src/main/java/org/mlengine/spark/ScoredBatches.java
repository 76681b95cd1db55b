package org.mlengine.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A partition's scored rows, batch by batch: {@link #read} takes up to a batch of the partition's
 * rows, {@link #score} scores them (its first row is row {@code first} of the partition), and
 * {@link #output} hands each scored row on before the next batch is read, so a partition of any
 * size takes one batch of memory. The two scorers ({@link PartitionScoring} on external rows,
 * {@link InternalScoring} on Spark's internal ones) differ only in what a batch holds.
 */
abstract class ScoredBatches<O> implements Iterator<O> {
  private int next;
  private int count;
  private long done;

  /** Reads the next batch; how many rows it holds (0: the partition has no more). */
  abstract int read();

  /** Scores the batch just read, whose first row is row {@code first} of the partition. */
  abstract void score(long first);

  /** Scored row {@code r} of the batch. */
  abstract O output(int r);

  @Override
  public final boolean hasNext() {
    if (next < count) {
      return true;
    }
    int read = read();
    if (read > 0) {
      score(done);
    }
    done += read;
    count = read;
    next = 0;
    return read > 0;
  }

  @Override
  public final O next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more scored rows in this partition");
    }
    return output(next++);
  }
}
