package org.mlengine.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.serving.history.DiskHistory;
import org.mlengine.serving.history.FsyncPolicy;
import org.mlengine.serving.history.RedisHistory;

/**
 * The durable history a server keeps for a bundle whose window or aggregate steps read past
 * events: where it lives ({@link Disk} or {@link Redis}), opened for the bundle's event sources
 * with the shortest retention that keeps every event they read, and closed with the model.
 */
final class ServedHistory implements AutoCloseable {
  /** Where the history lives. */
  sealed interface Place permits Disk, Redis {
    /** Opens the history for these sources; the model's name is the Redis namespace. */
    ServedHistory open(String model, List<EventSource> sources) throws IOException;
  }

  /** A {@link DiskHistory} in a directory, forcing appends as {@code policy} says. */
  record Disk(Path dir, FsyncPolicy policy) implements Place {
    Disk {
      Objects.requireNonNull(dir, "the history directory is null; pass the directory to keep events in, e.g. Path.of(\"history\")");
      Objects.requireNonNull(policy, "the fsync policy is null; pass FsyncPolicy.always() or FsyncPolicy.interval(Duration.ofMillis(100))");
    }

    @Override
    public ServedHistory open(String model, List<EventSource> sources) throws IOException {
      DiskHistory history = DiskHistory.builder(dir).retention(covering(sources)).sources(sources).fsync(policy).open();
      return new ServedHistory(history, history::close, "disk " + dir + ", fsync " + policy);
    }
  }

  /** A {@link RedisHistory} on the server at {@code uri}, under the model's name as its namespace. */
  record Redis(String uri) implements Place {
    Redis {
      Objects.requireNonNull(uri, "the Redis URI is null; pass one such as \"redis://127.0.0.1:6379\"");
    }

    @Override
    public ServedHistory open(String model, List<EventSource> sources) throws IOException {
      RedisHistory history = RedisHistory.connect(uri, model, covering(sources), sources);
      return new ServedHistory(history, history::close, "Redis " + uri + " (namespace " + model
          + "), as durable as that server's persistence setting");
    }
  }

  final History history;
  /** How durable an acknowledged append is, in words, for the events endpoint's answer. */
  final String durability;
  private final Closer closer;

  /** Closes the store behind the history. */
  private interface Closer {
    void close() throws IOException;
  }

  private ServedHistory(History history, Closer closer, String durability) {
    this.history = history;
    this.closer = closer;
    this.durability = durability;
  }

  /**
   * The shortest retention that keeps every event the sources read: the longest horizon (at
   * least a millisecond) and the deepest count; everything when one source reads without a limit.
   */
  static Retention covering(List<EventSource> sources) {
    Duration age = Duration.ofMillis(1);
    int depth = 0;
    for (EventSource s : sources) {
      if (s.horizon().isEmpty() && s.depth() == 0) {
        return Retention.unbounded();
      }
      if (s.horizon().isPresent() && s.horizon().get().compareTo(age) > 0) {
        age = s.horizon().get();
      }
      depth = Math.max(depth, s.depth());
    }
    return Retention.of(age, depth);
  }

  @Override
  public void close() throws IOException {
    closer.close();
  }

  @Override
  public String toString() {
    return durability;
  }
}
