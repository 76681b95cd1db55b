package org.mlengine.serving;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A prediction log's second thread: syncs the writer's files to disk (and a new file's directory
 * entry), in the order the writer asks, so that the writer never waits for the disk. On a shared
 * disk a sync may block for hundreds of milliseconds; the writer, meanwhile, goes on taking
 * records and handing them to the operating system, so the request threads' lanes do not fill.
 * Durability is the same as a sync on the writer's own thread: a crash of the process loses what
 * was not yet handed to the operating system, a crash of the machine what was not yet synced.
 *
 * <pre>{@code
 * LogSyncer syncer = new LogSyncer(dir, "mlengine-prediction-log-sync", e -> lastError = e);
 * syncer.directory();          // after making a file in dir
 * syncer.sync(channel);        // once the interval's bytes went to the operating system
 * syncer.close(channel);       // a rotated file: synced, then closed
 * syncer.stop();               // waits until every job asked before is done
 * }</pre>
 */
final class LogSyncer {
  /** What to do: sync a new file's directory entry, sync a file, sync and close it, or end the thread. */
  private enum Kind { DIRECTORY, SYNC, CLOSE, STOP }

  private record Job(Kind kind, FileChannel file) {}

  private final Path dir;
  private final Consumer<IOException> failed;
  private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
  private final Thread thread;
  /** The last file whose sync or close failed, for the writer to give up (it then starts a new one). */
  private volatile FileChannel broken;

  LogSyncer(Path dir, String threadName, Consumer<IOException> failed) {
    this.dir = dir;
    this.failed = failed;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Syncs the directory, so that a machine crash does not lose a file made in it whole. */
  void directory() {
    jobs.add(new Job(Kind.DIRECTORY, null));
  }

  /**
   * Syncs {@code file} to disk unless a sync of it is still waiting (the syncer behind the disk):
   * that one covers these bytes too. At most one sync of a file waits behind the one under way.
   */
  void sync(FileChannel file) {
    Job job = new Job(Kind.SYNC, file);
    if (!jobs.contains(job)) {
      jobs.add(job);
    }
  }

  /** Syncs {@code file} to disk and closes it; the writer no longer uses it. */
  void close(FileChannel file) {
    jobs.add(new Job(Kind.CLOSE, file));
  }

  /** True when a sync or close of {@code file} failed: the writer should leave it for a new file. */
  boolean broke(FileChannel file) {
    return file == broken;
  }

  /** Ends the thread once every job asked before is done, and waits for it (through interrupts, which it keeps). */
  void stop() {
    jobs.add(new Job(Kind.STOP, null));
    join(thread);
  }

  /**
   * Waits for {@code thread} to end, through interrupts (the log's files must be written and
   * synced before its close returns), and sets the caller's interrupt flag again if one came.
   */
  static void join(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (true) {
      Job job;
      try {
        job = jobs.take();
      } catch (InterruptedException e) {
        continue;   // nobody interrupts this thread on purpose; the jobs must still be done
      }
      switch (job.kind()) {
        case STOP -> {
          return;
        }
        case DIRECTORY -> syncDirectory();
        case SYNC -> force(job.file(), false);
        case CLOSE -> force(job.file(), true);
      }
    }
  }

  private void force(FileChannel file, boolean close) {
    try {
      file.force(false);
    } catch (ClosedChannelException e) {
      // The writer gave the file up after a write error, which it reported.
    } catch (IOException e) {
      broken = file;
      failed.accept(e);
    } finally {
      if (close) {
        try {
          file.close();
        } catch (IOException e) {
          failed.accept(e);
        }
      }
    }
  }

  private void syncDirectory() {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Some file systems (and Windows) refuse to open or sync a directory: the files' own syncs must do.
    }
  }
}
