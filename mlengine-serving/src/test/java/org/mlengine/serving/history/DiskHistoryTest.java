package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.HistoryFixtures.CALLS;
import static org.mlengine.serving.history.HistoryFixtures.SOURCES;
import static org.mlengine.serving.history.HistoryFixtures.assertSameTable;
import static org.mlengine.serving.history.HistoryFixtures.byCustomer;
import static org.mlengine.serving.history.HistoryFixtures.call;
import static org.mlengine.serving.history.HistoryFixtures.column;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/** What only the disk history has: recovery of a torn tail, damage, locks, formats, compaction, streams across openings. */
class DiskHistoryTest {
  @TempDir
  Path scratch;

  private DiskHistory open(Path dir, Retention retention, List<EventSource> sources, long segmentBytes) throws IOException {
    return DiskHistory.builder(dir).retention(retention).sources(sources).segmentBytes(segmentBytes).open();
  }

  private static void appendCalls(History h, int from, int to) {
    for (int i = from; i < to; i++) {
      h.append("calls", call("c" + (i % 7), "r" + (i % 3), i * 60L, i, "k" + (i % 4), "note " + i));
    }
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  @Test
  void open_aTornLastRecord_cutsItAndServesEverythingBefore() throws Exception {
    Path dir = scratch.resolve("h");
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      appendCalls(h, 0, 3);
    }
    Path segment = files(dir, ".log").get(0);
    long whole = Files.size(segment);
    // a frame that says 100 bytes but has 10: the writer died mid-record
    appendBytes(segment, ByteBuffer.allocate(18).putInt(100).putInt(12345).array());
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      assertEquals(18, h.recoveredBytesCut());
      assertEquals(whole, Files.size(segment), "the torn tail is cut off the file");
      assertEquals(List.of("0.0"), column(h.events(byCustomer("c0")), "Minutes"));
      appendCalls(h, 7, 8);
    }
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      assertEquals(0, h.recoveredBytesCut());
      assertEquals(List.of("0.0", "7.0"), column(h.events(byCustomer("c0")), "Minutes"), "appends after the cut are kept");
    }
  }

  @Test
  void open_aLastRecordWithAWrongChecksum_isCutNeverServed() throws Exception {
    Path dir = scratch.resolve("h");
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      appendCalls(h, 0, 2);
    }
    Path segment = files(dir, ".log").get(0);
    long before = Files.size(segment);
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      appendCalls(h, 2, 3);
    }
    long frame = Files.size(segment) - before;
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, Files.size(segment) - 3);
      b.put(0, (byte) (b.get(0) ^ 0x40)).position(0);
      ch.write(b, Files.size(segment) - 3);
    }
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      assertEquals(frame, h.recoveredBytesCut());
      assertEquals(0, h.events(byCustomer("c2")).rowCount(), "the damaged record is not served");
      assertEquals(1, h.events(byCustomer("c1")).rowCount());
    }
  }

  @Test
  void open_damageInAClosedSegment_failsNamingTheFile() throws Exception {
    Path dir = scratch.resolve("h");
    try (DiskHistory h = DiskHistory.builder(dir).sources(SOURCES).segmentBytes(4096).compactAfterBytes(Long.MAX_VALUE).open()) {
      appendCalls(h, 0, 200);
    }
    List<Path> segments = files(dir, ".log");
    assertTrue(segments.size() > 2, segments.toString());
    Path first = segments.get(0);
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f}), 100);
    }
    IOException e = assertThrows(IOException.class, () -> open(dir, Retention.unbounded(), SOURCES, 4096));
    assertTrue(e.getMessage().startsWith(first + " is damaged at byte "), e.getMessage());
    assertTrue(e.getMessage().endsWith("in a segment that was complete); the events after it cannot be read. Restore the file"
        + " from a backup, or move the directory aside and start a new history"), e.getMessage());
  }

  @Test
  void open_aDirectoryAnotherHistoryHolds_isRefusedUntilItCloses() throws Exception {
    Path dir = scratch.resolve("h");
    try (DiskHistory first = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      IOException e = assertThrows(IOException.class, () -> open(dir, Retention.unbounded(), SOURCES, 1 << 20));
      assertEquals("the history directory " + dir + " is in use by another open history (pid " + ProcessHandle.current().pid()
          + ", this process); close that one first (history.close()), or give this one a directory of its own", e.getMessage());
      appendCalls(first, 0, 1);
    }
    try (DiskHistory again = open(dir, Retention.unbounded(), SOURCES, 1 << 20)) {
      assertEquals(1, again.events(byCustomer("c0")).rowCount());
    }
  }

  @Test
  void open_aDirectoryOfSomethingElse_isRefused() throws Exception {
    Path other = scratch.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "mine");
    IOException e = assertThrows(IOException.class, () -> open(other, Retention.unbounded(), SOURCES, 1 << 20));
    assertEquals("the directory " + other + " is not empty and holds no history (no MANIFEST); give the history an empty or new"
        + " directory of its own", e.getMessage());
    assertEquals("mine", Files.readString(other.resolve("notes.txt")), "nothing of it is touched");

    Path newer = scratch.resolve("newer");
    open(newer, Retention.unbounded(), SOURCES, 1 << 20).close();
    Files.writeString(newer.resolve("MANIFEST"), "mlengine-history 2\n");
    e = assertThrows(IOException.class, () -> open(newer, Retention.unbounded(), SOURCES, 1 << 20));
    assertEquals("the history in " + newer + " has format version 2; this library reads version 1. Open it with the mlengine"
        + " version that wrote it, or start a new directory", e.getMessage());

    Path foreign = scratch.resolve("foreign");
    open(foreign, Retention.unbounded(), SOURCES, 1 << 20).close();
    Path segment = files(foreign, ".log").get(0);
    Files.write(segment, "PK\u0003\u0004 not a segment at all".getBytes(StandardCharsets.ISO_8859_1));
    e = assertThrows(IOException.class, () -> open(foreign, Retention.unbounded(), SOURCES, 1 << 20));
    assertEquals(segment + " is not a file of the history format (its header is not MLEHLOG); the directory holds something"
        + " else: give the history a directory of its own", e.getMessage());
  }

  @Test
  void compact_keepsWhatTheRetentionKeeps_andDeletesTheSegmentsItCovers() throws Exception {
    Path dir = scratch.resolve("h");
    Retention tenDays = Retention.of(Duration.ofDays(10));
    History memory = History.inMemory(tenDays, List.of(CALLS));
    try (DiskHistory h = open(dir, tenDays, List.of(CALLS), 4096)) {
      for (int i = 0; i < 3000; i++) {
        var e = call("c" + (i % 5), "r", i * 60L, i, "k", null);
        h.append("calls", e);
        memory.append("calls", e);
      }
      long before = size(dir);
      h.compact();
      assertEquals(1, files(dir, ".snap").size());
      assertTrue(size(dir) < before / 2, "after compaction " + size(dir) + " bytes, before " + before);
      assertEquals(1, files(dir, ".log").size(), "only the new segment after the snapshot: " + files(dir, ".log"));
      appendCalls(h, 0, 0);
    }
    try (DiskHistory h = open(dir, tenDays, List.of(CALLS), 4096)) {
      for (int c = 0; c < 5; c++) {
        assertSameTable(memory.events(byCustomer("c" + c)), h.events(byCustomer("c" + c)), "key c" + c);
      }
    }
  }

  @Test
  void compaction_runsByItselfOnceClosedSegmentsOutgrowTheSnapshot() throws Exception {
    Path dir = scratch.resolve("h");
    Retention oneDay = Retention.of(Duration.ofDays(1), 3);
    List<EventSource> sources = List.of(new EventSource("calls", Optional.of("Customer"), "At",
        CALLS.values(), Optional.of(Duration.ofHours(12)), 3));
    History memory = History.inMemory(oneDay, sources);
    try (DiskHistory h = DiskHistory.builder(dir).retention(oneDay).sources(sources).segmentBytes(4096).compactAfterBytes(4096)
        .fsync(FsyncPolicy.interval(Duration.ofMillis(20))).open()) {
      for (int i = 0; i < 20_000; i++) {
        var e = call("c" + (i % 3), "r", i, i, "k", null);
        h.append("calls", e);
        memory.append("calls", e);
      }
      // the compactions (and the interval's writes) run behind the appends, on a thread of their
      // own: wait (bounded) until they have caught up, that is for what the bound below checks,
      // not for a first snapshot; sync() first, so that no append waits in memory to be written
      long deadline = System.nanoTime() + 60_000_000_000L;
      h.sync();
      while ((files(dir, ".snap").isEmpty() || size(dir) >= 400_000) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(files(dir, ".snap").isEmpty(), "no snapshot was written within 60 s of the last append");
      assertTrue(size(dir) < 400_000, "60 s after the last append the directory still holds " + size(dir) + " bytes for 3 keys"
          + " of a day each: " + files(dir, ""));
    }
    assertTrue(size(dir) < 400_000, "closed, the directory holds " + size(dir) + " bytes for 3 keys of a day each");
    try (DiskHistory h = open(dir, oneDay, sources, 4096)) {
      for (int c = 0; c < 3; c++) {
        assertSameTable(memory.events(byCustomer("c" + c)), h.events(byCustomer("c" + c)), "key c" + c);
      }
    }
  }

  @Test
  void open_afterACompactionThatStoppedBeforeDeleting_replaysNothingTwice() throws Exception {
    Path dir = scratch.resolve("h");
    Path saved = scratch.resolve("saved");
    Files.createDirectories(saved);
    History memory = History.inMemory(Retention.unbounded(), SOURCES);
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 4096)) {
      appendCalls(h, 0, 150);
      appendCalls(memory, 0, 150);
      h.sync();
      for (Path p : files(dir, ".log")) {
        Files.copy(p, saved.resolve(p.getFileName()));
      }
      h.compact();
      appendCalls(h, 150, 160);
      appendCalls(memory, 150, 160);
    }
    // the crash came after the snapshot's rename, before its segments were deleted; and a temporary file was left
    for (Path p : files(saved, ".log")) {
      if (!Files.exists(dir.resolve(p.getFileName()))) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    Files.writeString(dir.resolve("snap-0000000000000099.snap.tmp"), "half a snapshot");
    try (DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 4096)) {
      for (int c = 0; c < 7; c++) {
        assertSameTable(memory.events(byCustomer("c" + c)), h.events(byCustomer("c" + c)), "key c" + c);
      }
    }
    assertEquals(List.of(), files(dir, ".tmp"));
  }

  @Test
  void open_withOtherSources_addsNewStreamsAndKeepsTheOldOnes() throws Exception {
    Path dir = scratch.resolve("h");
    try (DiskHistory h = open(dir, Retention.unbounded(), List.of(CALLS), 1 << 20)) {
      appendCalls(h, 0, 7);
    }
    EventSource wider = new EventSource("calls", Optional.of("Customer"), "At",
        List.of(HistoryFixtures.numeric("Minutes"), HistoryFixtures.categorical("Kind"), HistoryFixtures.text("Note")),
        Optional.of(Duration.ofDays(10)), 0);
    try (DiskHistory h = open(dir, Retention.unbounded(), List.of(wider, HistoryFixtures.ROWS), 1 << 20)) {
      assertEquals(0, h.events(byCustomer("c0")).rowCount(), "a source read with other columns starts empty");
      h.append("calls", call("c0", "r", 1, 1, "k", "n"));
    }
    try (DiskHistory h = open(dir, Retention.unbounded(), List.of(CALLS), 1 << 20)) {
      assertEquals(List.of("0.0"), column(h.events(byCustomer("c0")), "Minutes"), "the first model's stream is kept");
      h.compact();
    }
    try (DiskHistory h = open(dir, Retention.unbounded(), List.of(wider), 1 << 20)) {
      assertEquals(List.of("1.0"), column(h.events(byCustomer("c0")), "Minutes"), "streams no opening reads survive compaction");
    }
  }

  @Test
  void append_afterClose_isRefused() throws Exception {
    Path dir = scratch.resolve("h");
    DiskHistory h = open(dir, Retention.unbounded(), SOURCES, 1 << 20);
    h.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> appendCalls(h, 0, 1));
    assertEquals("the history in " + dir + " is closed; open it again with DiskHistory.open(...)", e.getMessage());
    h.close();
  }

  private static long size(Path dir) throws IOException {
    long total = 0;
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      try {
        total += Files.size(p);
      } catch (NoSuchFileException e) {
        // a compaction deleted the segment since the listing
      }
    }
    return total;
  }
}
