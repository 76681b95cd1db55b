package org.mlengine.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command line's progress for steps that take seconds, on standard error so the command's
 * own output on standard output stays clean. On a terminal it is one live line that counts the
 * seconds and ends with the time taken; elsewhere (a pipe, a file, a CI log) it is a plain line
 * when a step starts and one when it ends.
 *
 * <pre>{@code
 * Progress progress = Progress.on(System.err, System.console() != null);
 * PipelineResult result = progress.step("fitting the pipeline", () -> pipeline.fit(table));
 * // fitting the pipeline...
 * // fitting the pipeline... done in 2.3 s
 * }</pre>
 */
final class Progress {
  /** How often the live line on a terminal is redrawn. */
  private static final long REDRAW_MILLIS = 250;

  /** A step's work, which may fail with an I/O error. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException;
  }

  private final PrintStream err;
  private final boolean terminal;

  private Progress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Progress on {@code err}: a live line when {@code terminal}, plain lines otherwise. */
  static Progress on(PrintStream err, boolean terminal) {
    return new Progress(err, terminal);
  }

  /** No progress at all, for callers of the examples' API. */
  static Progress none() {
    return new Progress(null, false);
  }

  /** Runs {@code work}, reporting {@code what} while it runs and the time it took. */
  <T> T step(String what, Work<T> work) throws IOException {
    if (err == null) {
      return work.run();
    }
    long start = System.nanoTime();
    ScheduledExecutorService ticker = terminal ? live(what, start) : null;
    if (!terminal) {
      err.println(what + "...");
    }
    try {
      T out = work.run();
      finish(ticker, String.format(Locale.ROOT, "%s... done in %.1f s", what, (System.nanoTime() - start) / 1e9));
      return out;
    } catch (IOException | RuntimeException e) {
      finish(ticker, what + "... failed");
      throw e;
    }
  }

  /** Redraws {@code what} and the seconds so far on one line until the step ends. */
  private ScheduledExecutorService live(String what, long start) {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlengine-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(() -> draw(what + "... " + (System.nanoTime() - start) / 1_000_000_000L + " s"),
        0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    return ticker;
  }

  private synchronized void draw(String line) {
    err.print("\r" + line + "   ");
    err.flush();
  }

  private void finish(ScheduledExecutorService ticker, String line) {
    if (ticker == null) {
      err.println(line);
      return;
    }
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw(line);
    err.println();
  }
}
