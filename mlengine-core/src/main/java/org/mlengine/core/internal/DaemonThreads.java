package org.mlengine.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for core's worker pools: daemon threads (a pool a caller forgot to shut down
 * never keeps the JVM alive) named after their work, e.g. {@code mlengine-tuner-3}.
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("mlengine-trees"));
 * }</pre>
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return work -> {
      Thread t = new Thread(work, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
