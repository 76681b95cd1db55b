package org.mlengine.serving.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;

/**
 * A {@link History} kept in a directory on local disk, so a restart or a crash forgets nothing:
 * every append goes to an append-only log before it is acknowledged (as the {@link FsyncPolicy}
 * says), the events are also kept in memory for lookups, and opening the directory again replays
 * the log. It answers every query exactly as {@link History#inMemory} would for the same appends,
 * bit for bit, before and after a restart.
 *
 * <pre>{@code
 * Predictor base = Predictor.load(bundle);
 * try (DiskHistory history = DiskHistory.open(Path.of("/var/lib/app/history"),
 *     Retention.of(Duration.ofDays(120), 0), base.eventSources(), FsyncPolicy.always())) {
 *   Predictor live = base.withHistory(history);
 *   history.append(History.ROWS, Map.of("Date", Instant.parse("2016-08-27T00:00:00Z"), "ridership", 8.3));
 *   live.predict(Map.of("Date", Instant.parse("2016-08-28T00:00:00Z")));
 * }
 * }</pre>
 *
 * <p>The log is one sequence of segments for every source (each entry names its stream), so one
 * force covers an append to every source and the order of appends across sources is kept;
 * segments roll at {@link Builder#segmentBytes} and, once the closed segments outgrow both {@link
 * Builder#compactAfterBytes} and twice the last snapshot, a background thread writes a snapshot of what the retention still keeps
 * (a temporary file, forced, then renamed) and deletes the segments it covers. {@link #compact()}
 * does the same at once. A directory holds one open history at a time (a lock file, across
 * processes); its {@code MANIFEST} names the format version and the streams. Sources the
 * directory kept for an earlier model and this one does not read are kept, untouched; a source
 * read with other columns than before is a new stream that starts empty.
 *
 * <p>Thread-safe. Lookups read the memory and never wait for the disk; an event is visible to
 * lookups once appended, and durable once {@code append} returns (with {@link FsyncPolicy#always()}).
 * A write that fails (a full disk) fails its append and every later one: close the history, fix
 * the disk and open it again; the log then holds every append acknowledged before the failure.
 * What did not reach the log is no longer read either: the failed append (all of a table or none
 * of it) and, with an interval policy, the appends since the last write, so lookups agree with
 * what reopening replays (an append whose force failed may still be in the log: the failure
 * leaves undecided what the disk kept).
 */
public final class DiskHistory implements History, AutoCloseable {
  private static final int ROWS_PER_FRAME = 1024;
  private final Streams streams;
  private final FsyncPolicy policy;
  private final LogDirectory files;
  private final List<Stream> onDisk;
  private final int[] diskIds;
  private final List<Map<String, KeyLog>> logs = new ArrayList<>();
  private final LogWriter writer;

  private DiskHistory(Builder b, Streams streams, LogDirectory files, List<Stream> onDisk) throws IOException {
    this.streams = streams;
    this.policy = b.policy;
    this.files = files;
    this.onDisk = onDisk;
    this.diskIds = new int[streams.all.size()];
    for (Stream s : streams.all) {
      diskIds[s.id] = idOnDisk(onDisk, s);
    }
    for (Stream s : onDisk) {
      logs.add(new ConcurrentHashMap<>());
    }
    files.replay(onDisk::get, this::replayed);
    writer = new LogWriter(files, policy, b.compactAfterBytes,
        new LogWriter.Naming("history", "events", "append", "DiskHistory.open(...)"), this::writeSnapshot);
  }

  /**
   * Opens (or creates) the history in {@code dir} for these sources (usually {@code
   * predictor.eventSources()}), replaying what it holds.
   *
   * @throws IOException when another history has the directory open (in this process or
   *     another), when it holds files of another format or version, or when its log is damaged
   *     anywhere but in a torn last record, which is cut off
   * @throws IllegalArgumentException when the retention would drop events a source is read
   *     with, as {@link History#inMemory} says
   */
  public static DiskHistory open(Path dir, Retention retention, Collection<EventSource> sources, FsyncPolicy policy)
      throws IOException {
    return builder(dir).retention(retention).sources(sources).fsync(policy).open();
  }

  /** A builder for a history in {@code dir}; by default unbounded, forcing every append, with 64 MB segments. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  private static int idOnDisk(List<Stream> onDisk, Stream s) {
    for (Stream d : onDisk) {
      if (d.descriptor().equals(s.descriptor())) {
        return d.id;
      }
    }
    throw new IllegalStateException("stream " + s.describe() + " is not in the manifest");
  }

  @Override
  public void append(String source, Row event) {
    List<Stream.Entry> entries = streams.read(source, event);
    writer.append(pending -> {
      Frames.write(entries, s -> diskIds[s.id], pending);
      apply(entries, pending);
      return null;
    });
  }

  /** Checks every row first and records none when one is refused, naming its row; then one force for the whole table. */
  @Override
  public void appendAll(String source, Table events) {
    List<Stream.Entry> entries = streams.readAll(source, events);
    int perFrame = ROWS_PER_FRAME * streams.of(source).size();
    writer.append(pending -> {
      for (int from = 0; from < entries.size(); from += perFrame) {
        List<Stream.Entry> frame = entries.subList(from, Math.min(entries.size(), from + perFrame));
        Frames.write(frame, s -> diskIds[s.id], pending);
        apply(frame, pending);
      }
      return null;
    });
  }

  @Override
  public Table events(EventQuery query) {
    Stream stream = streams.find(query);
    KeyLog log = logs.get(diskIds[stream.id]).get(query.key().orElse(""));
    KeyLog.Slice slice = log == null || (stream.key.isPresent() && query.key().isEmpty())
        ? KeyLog.Slice.empty(stream.values.size()) : log.slice(query.from(), query.until(), query.last());
    return EventTables.of(stream, query, slice);
  }

  /** Records entries read from this opening's sources, leaving in the sink how to take them back if their frames fail to reach the log. */
  private void apply(List<Stream.Entry> entries, Frames.Sink pending) {
    KeyLog.Added[] added = new KeyLog.Added[entries.size()];
    for (int i = 0; i < added.length; i++) {
      added[i] = record(diskIds[entries.get(i).stream().id], entries.get(i));
    }
    pending.undo.add(() -> {
      for (int i = added.length - 1; i >= 0; i--) {
        added[i].undo();
      }
    });
  }

  /** Records entries read back from the disk, whose streams are the manifest's. */
  private void replayed(List<Stream.Entry> entries) {
    for (Stream.Entry e : entries) {
      record(e.stream().id, e);
    }
  }

  private KeyLog.Added record(int diskId, Stream.Entry e) {
    return logs.get(diskId).computeIfAbsent(e.key(), k -> new KeyLog(e.stream().values.size())).add(e.time(), e.values(), streams.retention);
  }

  /**
   * Writes a snapshot of every event the retention still keeps and deletes the log segments it
   * covers, so the directory holds about what the memory does. Appends and lookups go on
   * meanwhile, except while the events are copied.
   */
  public void compact() throws IOException {
    writer.compact();
  }

  /** Every live event, stream by stream and key by key, oldest first, in frames of at most 4096 events. */
  private void writeSnapshot(Frames.Sink out) {
    List<Stream.Entry> frame = new ArrayList<>();
    for (Stream s : onDisk) {
      for (Map.Entry<String, KeyLog> e : logs.get(s.id).entrySet()) {
        KeyLog.Slice all = e.getValue().all();
        for (int i = 0; i < all.times().length; i++) {
          Object[] values = new Object[all.columns().length];
          for (int c = 0; c < values.length; c++) {
            values[c] = all.columns()[c][i];
          }
          frame.add(new Stream.Entry(s, e.getKey(), all.times()[i], values));
          if (frame.size() == 4096) {
            Frames.write(frame, st -> st.id, out);
            frame.clear();
          }
        }
      }
    }
    if (!frame.isEmpty()) {
      Frames.write(frame, st -> st.id, out);
    }
  }

  /** Forces every append so far to the disk, whatever the policy. */
  public void sync() {
    writer.sync();
  }

  /** Bytes of a torn last record that opening cut off the log (0 after a clean close). */
  public long recoveredBytesCut() {
    return files.cutBytes();
  }

  /** The directory this history keeps its files in. */
  public Path directory() {
    return files.dir;
  }

  /** Forces every append to the disk, stops the background thread and releases the directory. */
  @Override
  public void close() throws IOException {
    writer.close();
  }

  @Override
  public String toString() {
    return "DiskHistory(" + files.dir + ", " + policy + ", " + streams.all.size() + " streams)";
  }

  /**
   * Options of a {@link DiskHistory}; {@link #open} checks them, creates or opens the directory and
   * replays it.
   *
   * <pre>{@code
   * DiskHistory h = DiskHistory.builder(dir).retention(Retention.of(Duration.ofDays(30)))
   *     .sources(predictor.eventSources()).fsync(FsyncPolicy.interval(Duration.ofMillis(100)))
   *     .segmentBytes(16 << 20).compactAfterBytes(256 << 20).open();
   * }</pre>
   */
  public static final class Builder {
    private final Path dir;
    private Retention retention = Retention.unbounded();
    private List<EventSource> sources = List.of();
    private FsyncPolicy policy = FsyncPolicy.always();
    private long segmentBytes = 64L << 20;
    private long compactAfterBytes = 64L << 20;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** What the history keeps (default: everything). */
    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /** The sources it keeps, usually {@code predictor.eventSources()}. */
    public Builder sources(Collection<EventSource> sources) {
      this.sources = List.copyOf(sources);
      return this;
    }

    /** When appends are forced to the disk (default: {@link FsyncPolicy#always()}). */
    public Builder fsync(FsyncPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy is null; give FsyncPolicy.always() or FsyncPolicy.interval(...)");
      return this;
    }

    /** How large a log segment grows before the next starts (default 64 MB; at least 4 KB). */
    public Builder segmentBytes(long bytes) {
      this.segmentBytes = LogWriter.checkSegmentBytes(bytes);
      return this;
    }

    /**
     * How many bytes of closed segments (and at least twice the last snapshot's size) start a
     * compaction in the background (default 64 MB; {@code Long.MAX_VALUE}: only {@link
     * DiskHistory#compact()} compacts).
     */
    public Builder compactAfterBytes(long bytes) {
      this.compactAfterBytes = LogWriter.checkCompactAfterBytes(bytes,
          ", or Long.MAX_VALUE to compact only when compact() is called");
      return this;
    }

    /** Opens the directory (creating it when missing) and replays its log. */
    public DiskHistory open() throws IOException {
      Streams streams = new Streams(retention, sources);
      LogDirectory files = LogDirectory.open(dir, segmentBytes);
      try {
        List<Stream> onDisk = manifest(files, streams);
        return new DiskHistory(this, streams, files, onDisk);
      } catch (IOException | RuntimeException e) {
        files.close();
        throw e;
      }
    }

    /** The manifest's streams, with this opening's new ones added (and the manifest rewritten) or a new manifest. */
    private static List<Stream> manifest(LogDirectory files, Streams streams) throws IOException {
      Path file = files.dir.resolve(Manifest.FILE);
      List<Stream> onDisk = new ArrayList<>();
      if (Files.exists(file)) {
        onDisk.addAll(Manifest.read(file));
      } else if (files.hasOtherFiles()) {
        throw new IOException("the directory " + files.dir + " is not empty and holds no history (no " + Manifest.FILE + ");"
            + " give the history an empty or new directory of its own");
      }
      int before = onDisk.size();
      for (Stream s : streams.all) {
        if (onDisk.stream().noneMatch(d -> d.descriptor().equals(s.descriptor()))) {
          onDisk.add(new Stream(onDisk.size(), s.name, s.key, s.time, s.values));
        }
      }
      if (onDisk.size() != before || !Files.exists(file)) {
        Manifest.write(files.dir, onDisk);
      }
      return List.copyOf(onDisk);
    }
  }
}
