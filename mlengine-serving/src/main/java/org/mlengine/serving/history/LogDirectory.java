package org.mlengine.serving.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The disk history's files: {@code MANIFEST} (format version and streams), {@code LOCK} (held
 * while a history has the directory open), the append-only segments {@code seg-N.log} and at most
 * one snapshot {@code snap-N.snap}, which holds every event still kept as of the end of segment
 * {@code N}. Each segment and snapshot starts with a 16-byte header (7-byte magic, the format
 * version, the file's number); frames follow ({@link Frames}).
 *
 * <p>Opening replays the snapshot, then every later segment in order; in the last segment a torn
 * tail (a frame whose length runs past the end or whose checksum differs, as a crash mid-write
 * leaves) is cut off the file and never replayed. A bad frame anywhere else is corruption, and
 * opening fails naming the file and the offset. Segments are forced before the next one starts,
 * so only the last can have a torn tail.
 *
 * <pre>{@code
 * LogDirectory files = LogDirectory.open(dir, segmentBytes);
 * files.replay(streamsById, entries -> index.apply(entries));
 * files.write(bytes, length);
 * files.force();
 * }</pre>
 */
final class LogDirectory implements AutoCloseable {
  static final String LOCK = "LOCK";
  static final int FILE_HEADER = 16;
  private static final byte[] SEGMENT_MAGIC = "MLEHLOG".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SNAPSHOT_MAGIC = "MLEHSNP".getBytes(StandardCharsets.US_ASCII);

  final Path dir;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel segment;
  private long segmentNumber;
  private long segmentSize;
  private long snapshotNumber;
  private long snapshotSize;
  private long sealedSize;
  private long cutBytes;
  /** A test's stand-in for a disk whose fsync fails: while set, {@link #force()} throws it. */
  volatile IOException forceFails;

  private LogDirectory(Path dir, long segmentBytes, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Creates the directory if needed and takes its lock; fails clearly when another history holds it. */
  static LogDirectory open(Path dir, long segmentBytes) throws IOException {
    return open(dir, segmentBytes, "history", "history.close()");
  }

  /** The same for a store that errors name {@code what}, closed by {@code close} ("store.close()"). */
  static LogDirectory open(Path dir, long segmentBytes, String what, String close) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(ch);
      ch.close();
      throw new IOException("the " + what + " directory " + dir + " is in use by another open " + what + " (" + holder + ");"
          + " close that one first (" + close + "), or give this one a directory of its own");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    return new LogDirectory(dir, segmentBytes, ch, lock);
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(64);
      int n = ch.read(b, 0);
      String text = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? "a process that holds its LOCK file" : text + (text.equals("pid " + ProcessHandle.current().pid())
          ? ", this process" : "");
    } catch (IOException e) {
      return "a process that holds its LOCK file";
    }
  }

  /** Whether the directory holds files other than the lock (a history, or something else). */
  boolean hasOtherFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> !p.getFileName().toString().equals(LOCK));
    }
  }

  /**
   * Replays the snapshot and the segments after it, in order, handing each frame's entries to
   * {@code apply}; cuts a torn tail off the last segment, removes what an interrupted compaction
   * left, and opens the last segment (or a new one) for appending.
   */
  void replay(IntFunction<org.mlengine.serving.history.Stream> streams, Consumer<List<org.mlengine.serving.history.Stream.Entry>> apply)
      throws IOException {
    TreeMap<Long, Path> snapshots = numbered("snap-", ".snap");
    TreeMap<Long, Path> segments = numbered("seg-", ".log");
    deleteTemporaries();
    if (!snapshots.isEmpty()) {
      snapshotNumber = snapshots.lastKey();
      Path snap = snapshots.lastEntry().getValue();
      snapshotSize = Files.size(snap);
      readFile(snap, SNAPSHOT_MAGIC, snapshotNumber, false, streams, apply);
      for (Path older : snapshots.headMap(snapshotNumber).values()) {
        Files.delete(older);
      }
      for (Path covered : new ArrayList<>(segments.headMap(snapshotNumber, true).values())) {
        Files.delete(covered);
      }
      segments.headMap(snapshotNumber, true).clear();
    }
    long expected = snapshotNumber + 1;
    for (var e : segments.entrySet()) {
      if (e.getKey() != expected) {
        throw new IOException("the history in " + dir + " lacks segment " + name("seg-", expected, ".log") + " before "
            + e.getValue().getFileName() + "; its log was changed by hand or damaged, so events would be missing. Restore"
            + " the file, or move the directory aside and start a new history");
      }
      boolean last = e.getKey().equals(segments.lastKey());
      readFile(e.getValue(), SEGMENT_MAGIC, e.getKey(), last, streams, apply);
      if (!last) {
        sealedSize += Files.size(e.getValue());
      }
      expected++;
    }
    if (segments.isEmpty()) {
      startSegment(snapshotNumber + 1);
    } else {
      segmentNumber = segments.lastKey();
      segment = FileChannel.open(segments.lastEntry().getValue(), StandardOpenOption.WRITE);
      segmentSize = segment.size();
      segment.position(segmentSize);
    }
    Files2.forceDirectory(dir);
  }

  private void readFile(Path file, byte[] magic, long number, boolean last, IntFunction<org.mlengine.serving.history.Stream> streams,
      Consumer<List<org.mlengine.serving.history.Stream.Entry>> apply) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size < FILE_HEADER && last) {
        // Created, but its header never written whole: a crash right after a roll.
        ch.truncate(0);
        writeHeader(ch, magic, number);
        ch.force(true);
        return;
      }
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      checkHeader(file, map, magic, number);
      map.position(FILE_HEADER);
      while (Frames.whole(map)) {
        long at = map.position();
        try {
          apply.accept(Frames.read(map, streams));
        } catch (RuntimeException e) {
          throw new IOException(file + " has a frame at byte " + at + " whose checksum matches but whose entries do not read ("
              + e.getMessage() + "); it was written by another format or damaged", e);
        }
      }
      if (map.hasRemaining()) {
        if (!last) {
          throw new IOException(file + " is damaged at byte " + map.position() + " of " + size + " (a record whose length or"
              + " checksum is wrong, in a segment that was complete); the events after it cannot be read. Restore the file"
              + " from a backup, or move the directory aside and start a new history");
        }
        cutBytes = size - map.position();
        ch.truncate(map.position());
        ch.force(true);
      }
    }
  }

  private static void checkHeader(Path file, ByteBuffer map, byte[] magic, long number) throws IOException {
    byte[] found = new byte[magic.length];
    if (map.remaining() >= FILE_HEADER) {
      map.get(0, found);
    }
    if (!java.util.Arrays.equals(found, magic)) {
      throw new IOException(file + " is not a file of the history format (its header is not " + new String(magic,
          StandardCharsets.US_ASCII) + "); the directory holds something else: give the history a directory of its own");
    }
    int version = map.get(magic.length);
    if (version != Manifest.VERSION) {
      throw new IOException(file + " has format version " + version + "; this library reads version " + Manifest.VERSION
          + ". Open it with the mlengine version that wrote it, or start a new directory");
    }
    if (map.getLong(8) != number) {
      throw new IOException(file + " says it is number " + map.getLong(8) + " but is named " + number + "; it was renamed by"
          + " hand. Give it back its name, or move the directory aside and start a new history");
    }
  }

  private static void writeHeader(FileChannel ch, byte[] magic, long number) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER);
    h.put(magic).put((byte) Manifest.VERSION).putLong(number).flip();
    while (h.hasRemaining()) {
      ch.write(h);
    }
  }

  private void startSegment(long number) throws IOException {
    Path file = dir.resolve(name("seg-", number, ".log"));
    segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    writeHeader(segment, SEGMENT_MAGIC, number);
    segment.force(true);
    Files2.forceDirectory(dir);
    segmentNumber = number;
    segmentSize = FILE_HEADER;
  }

  /** Appends bytes to the current segment (not forced). */
  void write(byte[] bytes, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    while (b.hasRemaining()) {
      segment.write(b);
    }
    segmentSize += length;
  }

  void force() throws IOException {
    IOException failing = forceFails;
    if (failing != null) {
      throw failing;
    }
    segment.force(false);
  }

  boolean segmentFull() {
    return segmentSize >= segmentBytes;
  }

  /** Forces and closes the current segment and starts the next; returns the number of the one closed. */
  synchronized long roll() throws IOException {
    segment.force(false);
    segment.close();
    sealedSize += segmentSize;
    long closed = segmentNumber;
    startSegment(closed + 1);
    return closed;
  }

  /** Bytes of the segments closed since the last snapshot, and of that snapshot. */
  synchronized long sealedSize() {
    return sealedSize;
  }

  synchronized long snapshotSize() {
    return snapshotSize;
  }

  /** Bytes cut off a torn tail when the directory was opened. */
  long cutBytes() {
    return cutBytes;
  }

  /**
   * Writes the snapshot covering segments up to {@code covered} (a temporary file, forced, renamed
   * into place), then deletes those segments and the previous snapshot.
   */
  void writeSnapshot(long covered, Frames.Sink frames) throws IOException {
    String name = name("snap-", covered, ".snap");
    Path tmp = dir.resolve(name + Files2.TMP);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      writeHeader(ch, SNAPSHOT_MAGIC, covered);
      ByteBuffer b = ByteBuffer.wrap(frames.bytes, 0, frames.size);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files2.rename(tmp, dir.resolve(name));
    // the bookkeeping a roll (under the writer's lock) also changes
    synchronized (this) {
      long previous = snapshotNumber;
      snapshotNumber = covered;
      snapshotSize = FILE_HEADER + frames.size;
      if (previous > 0) {
        Files.deleteIfExists(dir.resolve(name("snap-", previous, ".snap")));
      }
      for (long n = covered; n > previous; n--) {
        Path seg = dir.resolve(name("seg-", n, ".log"));
        if (Files.exists(seg)) {
          sealedSize -= Files.size(seg);
          Files.delete(seg);
        }
      }
    }
    Files2.forceDirectory(dir);
  }

  private TreeMap<Long, Path> numbered(String prefix, String suffix) throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.endsWith(suffix) && n.length() == prefix.length() + 16 + suffix.length()) {
          try {
            out.put(Long.parseLong(n.substring(prefix.length(), prefix.length() + 16)), p);
          } catch (NumberFormatException e) {
            // not one of ours
          }
        }
      }
    }
    return out;
  }

  private void deleteTemporaries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(Files2.TMP)).toList()) {
        Files.delete(p);
      }
    }
  }

  static String name(String prefix, long number, String suffix) {
    return prefix + String.format("%016d", number) + suffix;
  }

  @Override
  public void close() throws IOException {
    try {
      if (segment != null && segment.isOpen()) {
        segment.force(false);
        segment.close();
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
