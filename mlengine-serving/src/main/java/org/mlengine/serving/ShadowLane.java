package org.mlengine.serving;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A shadow deployment's hand-off: a bounded queue of tasks and one daemon thread that runs them.
 * The request thread's side is lock-free and never wakes the thread: a counter reserves a place
 * (or the task is dropped, when {@code capacity} tasks already wait) and a lock-free queue takes
 * the task. The thread polls, and when the queue is empty parks for a while that doubles from
 * {@value #MIN_PARK_NANOS} ns up to {@value #MAX_PARK_NANOS} ns, so an idle lane costs at most a
 * thousand wake-ups a second and a request never pays for a wake-up (as it would, a futex call,
 * with a blocking queue's signal).
 */
final class ShadowLane {
  static final long MIN_PARK_NANOS = 50_000;
  static final long MAX_PARK_NANOS = 1_000_000;

  private final int capacity;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Consumer<Runnable> dropped;
  private final Thread thread;
  private volatile boolean stopped;

  /** A started lane; {@code dropped} gets each task refused because the lane was full or stopped. */
  ShadowLane(String name, int capacity, Consumer<Runnable> dropped) {
    this.capacity = capacity;
    this.dropped = dropped;
    this.thread = new Thread(this::runTasks, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a task, or hands it to {@code dropped} when {@code capacity} tasks wait or the lane is stopped. */
  void offer(Runnable task) {
    if (stopped || waiting.incrementAndGet() > capacity) {
      if (!stopped) {
        waiting.decrementAndGet();
      }
      dropped.accept(task);
      return;
    }
    queue.offer(task);
    if (stopped) {
      drain();   // stopped between the check and the offer: nobody else will run it
    }
  }

  /** Stops the thread once its current task ends; tasks still waiting are dropped, never run. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    drain();
  }

  private void drain() {
    for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
      dropped.accept(task);
    }
  }

  /** Whether the thread has ended: for tests. */
  boolean awaitStopped(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  private void runTasks() {
    long park = MIN_PARK_NANOS;
    while (!stopped) {
      Runnable task = queue.poll();
      if (task == null) {
        LockSupport.parkNanos(this, park);
        park = Math.min(MAX_PARK_NANOS, park * 2);
        continue;
      }
      waiting.decrementAndGet();
      park = MIN_PARK_NANOS;
      try {
        task.run();
      } catch (RuntimeException e) {
        // A task counts its own failures; one that throws anyway must not end the lane.
      }
    }
    drain();
  }
}
