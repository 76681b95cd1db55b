package org.mlengine.serving.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The online store's rows in memory and in an append-only log on local disk, written as the
 * history's log is ({@link LogDirectory}, {@link Frames}, {@link LogWriter}: CRC-framed records,
 * the fsync policy, a lock across processes, a torn tail cut on open, compaction into a
 * snapshot). Each row written is one frame (view id, key, as-of time, values); opening replays the
 * snapshot and the segments with the same rule as live writes (a row older than the stored one
 * is skipped), drops the rows expired by then, and a compaction writes only the rows still alive,
 * so the directory holds about what the memory does.
 *
 * <pre>{@code
 * DiskFeatures disk = DiskFeatures.open(dir, FsyncPolicy.always(), 64 << 20, 64 << 20, clock);
 * }</pre>
 */
final class DiskFeatures implements FeatureBackend {
  private final MemoryFeatures memory = new MemoryFeatures();
  private final LogDirectory files;
  private final List<Stream> streams = new ArrayList<>();
  private final java.time.Clock clock;
  private final LogWriter writer;

  private DiskFeatures(LogDirectory files, List<ViewSlot> views, FsyncPolicy policy, long compactAfterBytes, java.time.Clock clock)
      throws IOException {
    this.files = files;
    this.clock = clock;
    for (ViewSlot v : views) {
      streams.add(v.stream(memory.declareIn(v, where())));
    }
    long now = clock.millis();
    files.replay(streams::get, entries -> {
      for (Stream.Entry e : entries) {
        memory.rows.put(memory.byId.get(e.stream().id), e, now);
      }
    });
    memory.rows.written.set(0);
    memory.rows.stale.set(0);
    memory.rows.expired.set(0);
    writer = new LogWriter(files, policy, compactAfterBytes,
        new LogWriter.Naming("online store", "writes", "write", "OnlineStore.onDisk(...)"), this::writeSnapshot);
  }

  /** Opens (or creates) the store in {@code dir}, replaying what it holds; fails clearly when another store has it open. */
  static DiskFeatures open(Path dir, FsyncPolicy policy, long segmentBytes, long compactAfterBytes, java.time.Clock clock)
      throws IOException {
    LogDirectory files = LogDirectory.open(dir, segmentBytes, "online store", "store.close()");
    try {
      Path manifest = dir.resolve(ViewManifest.FILE);
      List<ViewSlot> views;
      if (Files.exists(manifest)) {
        views = ViewManifest.read(manifest);
      } else if (files.hasOtherFiles()) {
        throw new IOException("the directory " + dir + " is not empty and holds no online store (no " + ViewManifest.FILE
            + "); give the store an empty or new directory of its own");
      } else {
        views = List.of();
        ViewManifest.write(dir, views);
      }
      return new DiskFeatures(files, views, policy, compactAfterBytes, clock);
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  @Override
  public int declare(ViewSlot view) throws IOException {
    synchronized (memory) {
      writer.checkWritable();
      List<ViewSlot> all = new ArrayList<>(memory.views());
      if (all.stream().noneMatch(v -> v.name().equals(view.name()))) {
        all.add(view);
        ViewManifest.write(files.dir, all);   // first: a failed write leaves the view unknown, as the file has it
        streams.add(view.stream(memory.declareIn(view, where())));
        return streams.size() - 1;
      }
      return memory.declareIn(view, where());
    }
  }

  @Override
  public List<ViewSlot> views() {
    return memory.views();
  }

  @Override
  public LatestEntries.Outcome[] write(ViewSlot view, List<Stream.Entry> entries, long now) {
    Stream.Entry[] previous = new Stream.Entry[entries.size()];
    LatestEntries.Outcome[] out;
    try {
      out = writer.append(sink -> {
        LatestEntries.Outcome[] outcomes = new LatestEntries.Outcome[entries.size()];
        for (int i = 0; i < outcomes.length; i++) {
          int before = sink.size;
          Frames.write(List.of(entries.get(i)), s -> s.id, sink);
          previous[i] = memory.rows.held(entries.get(i));
          outcomes[i] = memory.rows.put(view, entries.get(i), now);
          if (outcomes[i] != LatestEntries.Outcome.WRITTEN) {
            sink.size = before;   // skipped rows are not logged
          }
        }
        return outcomes;
      });
    } catch (RuntimeException e) {
      // The log did not take the rows: read what was there before, unless a later write replaced them since.
      for (int i = entries.size() - 1; i >= 0; i--) {
        memory.rows.undo(view, entries.get(i), previous[i]);
      }
      throw e;
    }
    memory.rows.sweepIfDue(memory.byId, now);
    return out;
  }

  /** The rows alive now, in frames of at most 4096, for a compaction's snapshot. */
  private void writeSnapshot(Frames.Sink out) {
    List<Stream.Entry> frame = new ArrayList<>();
    memory.rows.forEachAlive(memory.byId, clock.millis(), e -> {
      frame.add(e);
      if (frame.size() == 4096) {
        Frames.write(frame, s -> s.id, out);
        frame.clear();
      }
    });
    if (!frame.isEmpty()) {
      Frames.write(frame, s -> s.id, out);
    }
  }

  @Override
  public Stream.Entry read(ViewSlot view, int id, String key, long now) {
    return memory.read(view, id, key, now);
  }

  @Override
  public int purgeExpired(long now) {
    return memory.purgeExpired(now);
  }

  /** Writes a snapshot of the rows alive and deletes the segments it covers. */
  void compact() throws IOException {
    writer.compact();
  }

  /** Rows kept in memory, expired or not yet swept. */
  long size() {
    return memory.rows.size();
  }

  @Override
  public OnlineStore.Stats stats() {
    return memory.stats();
  }

  @Override
  public String where() {
    return files.dir.toString();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
