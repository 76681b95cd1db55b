package org.mlengine.serving.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The write side of a store kept as a log in a {@link LogDirectory}: appends framed under one
 * lock (so the log's order is the order the memory saw), written and forced as the {@link
 * FsyncPolicy} says (concurrent appenders share one force; an interval policy forces from a
 * background thread), segments rolled when full, and a compaction queued in the background once
 * the closed segments outgrow both a threshold and twice the last snapshot: a snapshot of what the
 * store still holds replaces the segments it covers. A write that fails fails that append and
 * every later one, until the store is opened again, and takes back from the memory what it
 * recorded for every frame that did not reach the log (the steps an append left in {@link
 * Frames.Sink#undo}), so that no lookup reads what reopening would not replay.
 *
 * <pre>{@code
 * LogWriter writer = new LogWriter(files, FsyncPolicy.always(), 64 << 20,
 *     new LogWriter.Naming("online store", "writes", "write", "OnlineStore.onDisk(...)"), snapshot::write);
 * boolean kept = writer.append(sink -> { Frames.write(entries, ids, sink); return true; });
 * writer.close();
 * }</pre>
 */
final class LogWriter implements AutoCloseable {
  private final LogDirectory files;
  private final FsyncPolicy policy;
  private final long compactAfterBytes;
  private final Consumer<Frames.Sink> snapshot;
  private final Naming naming;
  private final Object appendLock = new Object();
  private final Object fileLock = new Object();
  private final Object compactLock = new Object();
  private final ScheduledExecutorService background;
  private Frames.Sink pending = new Frames.Sink();
  private Frames.Sink spare = new Frames.Sink();
  private long appended;
  private long written;
  private volatile long durable;
  private volatile IOException failure;
  private volatile boolean closed;
  private boolean compactionQueued;

  /**
   * How the messages name the store: {@code what} ("history"), what it takes ("events"), one
   * write ("append") and how to open it again ("DiskHistory.open(...)").
   */
  record Naming(String what, String takes, String write, String reopen) {}

  /**
   * A writer to the (replayed) directory; {@code snapshot} writes, under the append lock, frames
   * of everything the store holds.
   */
  /** A builder's segment size, checked: at least 4 KB. */
  static long checkSegmentBytes(long bytes) {
    if (bytes < 4096) {
      throw new IllegalArgumentException("segmentBytes is " + bytes + "; give at least 4096 (the default is 64 MB)");
    }
    return bytes;
  }

  /** A builder's compaction threshold, checked: positive; {@code more} ends the message (what else the builder takes). */
  static long checkCompactAfterBytes(long bytes, String more) {
    if (bytes < 1) {
      throw new IllegalArgumentException("compactAfterBytes is " + bytes + "; give a positive size (the default is 64 MB)" + more);
    }
    return bytes;
  }

  LogWriter(LogDirectory files, FsyncPolicy policy, long compactAfterBytes, Naming naming, Consumer<Frames.Sink> snapshot) {
    this.files = files;
    this.naming = naming;
    this.policy = policy;
    this.compactAfterBytes = compactAfterBytes;
    this.snapshot = snapshot;
    background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlengine-disk-" + naming.what().replace(' ', '-') + " " + files.dir.getFileName());
      t.setDaemon(true);
      return t;
    });
    if (policy instanceof FsyncPolicy.Interval interval) {
      long ms = interval.every().toMillis();
      background.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs {@code write} with the append lock held (it frames what it records into the sink and
   * updates the memory), then writes and forces as the policy says before returning its answer.
   */
  <T> T append(Function<Frames.Sink, T> write) {
    T answer;
    long seq;
    synchronized (appendLock) {
      checkWritable();
      int before = pending.size;
      answer = write.apply(pending);
      if (pending.size == before) {
        return answer;   // nothing recorded (a stale write): nothing to wait for
      }
      seq = ++appended;
    }
    if (policy instanceof FsyncPolicy.Always) {
      flush(seq, true);
    } else if (pendingBytes() > (1 << 20)) {
      flush(seq, false);
    }
    return answer;
  }

  void checkWritable() {
    if (closed) {
      throw new IllegalStateException("the " + naming.what() + " in " + files.dir + " is closed; open it again with " + naming.reopen());
    }
    if (failure != null) {
      throw new UncheckedIOException("the " + naming.what() + " in " + files.dir + " could not write its log (" + failure.getMessage()
          + "), so it takes no more " + naming.takes() + "; close it, fix the cause and open it again", failure);
    }
  }

  private int pendingBytes() {
    synchronized (appendLock) {
      return pending.size;
    }
  }

  /**
   * Writes what is pending and, when {@code force}, forces it; an append whose frame another
   * thread's flush already forced returns at once (one force serves every append before it).
   */
  private void flush(long upTo, boolean force) {
    synchronized (fileLock) {
      if (closed || (force && durable >= upTo)) {
        return;
      }
      Frames.Sink out = null;
      try {
        long seq;
        synchronized (appendLock) {
          out = pending;
          pending = spare;
          spare = out;
          seq = appended;
        }
        if (failure != null) {
          throw failure;
        }
        if (out.size > 0) {
          files.write(out.bytes, out.size);
        }
        written = seq;
        if (force && durable < written) {   // an idle interval forces nothing
          files.force();
          durable = written;
        }
        out.clear();   // only now: frames a failed force leaves unforced are taken back from the memory too
        if (files.segmentFull()) {
          files.roll();
          durable = written;
          queueCompactionIfDue();
        }
      } catch (IOException e) {
        lost(e, out);
        throw new UncheckedIOException("could not write the " + naming.what() + "'s log in " + files.dir + ": " + e.getMessage()
            + "; the last " + naming.write() + " was not acknowledged, and the " + naming.what() + " takes no more "
            + naming.takes() + " until it is opened again", e);
      }
    }
  }

  /**
   * A write to the log failed (under the file lock): no later write is tried, and what the memory
   * recorded for frames that did not reach the log ({@code unwritten}, when not null, and every
   * one pending) is taken back, so no lookup reads what a reopening would not replay.
   */
  private void lost(IOException e, Frames.Sink unwritten) {
    synchronized (appendLock) {
      failure = failure == null ? e : failure;
      pending.takeBack();
      if (unwritten != null) {
        unwritten.takeBack();
      }
    }
  }

  private void flushQuietly() {
    try {
      flush(Long.MAX_VALUE, true);
    } catch (UncheckedIOException e) {
      // kept in failure: the next append reports it
    }
  }

  private void queueCompactionIfDue() {
    if (!compactionQueued && files.sealedSize() >= Math.max(compactAfterBytes, 2 * files.snapshotSize()) && !closed) {
      compactionQueued = true;
      background.execute(() -> {
        try {
          compact();
        } catch (IOException | UncheckedIOException e) {
          // a failed write or force of the log has failed the store (see compact); a failed snapshot
          // leaves the log as it was, and the next roll tries again
        }
      });
    }
  }

  /**
   * Writes a snapshot of everything the store holds and deletes the log segments it covers.
   * Appends and lookups go on meanwhile, except while the snapshot is framed. A failed write or
   * force of the log fails the store like a flush's; a failed snapshot leaves the log as it was.
   */
  void compact() throws IOException {
    synchronized (compactLock) {
      Frames.Sink frames = new Frames.Sink();
      long covered;
      synchronized (fileLock) {
        compactionQueued = false;
        if (closed || failure != null) {
          return;
        }
        Frames.Sink out;
        synchronized (appendLock) {
          out = writePendingOrLose();
          snapshot.accept(frames);
        }
        forceOrLose(out);
        covered = files.roll();
      }
      files.writeSnapshot(covered, frames);
    }
  }

  /**
   * Writes what is pending (under the file lock) and returns its frames, whose undo steps are
   * kept until {@link #forceOrLose} forgets them; a failure is {@linkplain #lost lost} like a flush's.
   */
  private Frames.Sink writePendingOrLose() throws IOException {
    synchronized (appendLock) {
      Frames.Sink out = pending;
      pending = spare;
      spare = out;
      try {
        if (out.size > 0) {
          files.write(out.bytes, out.size);
        }
        written = appended;
        return out;
      } catch (IOException e) {
        lost(e, out);
        throw e;
      }
    }
  }

  /**
   * Forces what was written (under the file lock), then forgets the undo steps of {@code out};
   * a failed force is {@linkplain #lost lost} like a flush's: {@code out}'s frames, written but
   * perhaps not on the disk (a later fsync may succeed without them), are taken back from the memory.
   */
  private void forceOrLose(Frames.Sink out) throws IOException {
    try {
      files.force();
    } catch (IOException e) {
      lost(e, out);
      throw e;
    }
    durable = written;
    out.clear();
  }

  /** Forces every append so far to the disk, whatever the policy. */
  void sync() {
    checkWritable();
    flush(Long.MAX_VALUE, true);
  }

  /** Forces every append, stops the background thread and releases the directory. */
  @Override
  public void close() throws IOException {
    synchronized (compactLock) {
      synchronized (fileLock) {
        if (closed) {
          return;
        }
        closed = true;
      }
    }
    background.shutdown();
    try {
      background.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (fileLock) {
      try {
        if (failure == null) {
          forceOrLose(writePendingOrLose());
        }
      } finally {
        files.close();
      }
    }
    if (failure != null) {
      throw new IOException("the " + naming.what() + " in " + files.dir + " had failed to write its log: " + failure.getMessage(), failure);
    }
  }
}
