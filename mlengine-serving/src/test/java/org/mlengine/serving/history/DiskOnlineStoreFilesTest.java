package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.OnlineStoreContract.T0;
import static org.mlengine.serving.history.OnlineStoreContract.TRIPS;
import static org.mlengine.serving.history.OnlineStoreContract.trip;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk online store's files: compaction keeps only live rows, a torn tail is cut, the directory is locked and checked. */
class DiskOnlineStoreFilesTest {
  @TempDir
  Path dir;
  private final ManualClock clock = new ManualClock(T0);

  private OnlineStore open() throws IOException {
    OnlineStore s = OnlineStore.builder().clock(clock).segmentBytes(4096).compactAfterBytes(Long.MAX_VALUE).onDisk(dir);
    s.declare(TRIPS);
    return s;
  }

  private long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".snap")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void compact_keepsOnlyTheLatestLiveRows_andReopensToThem() throws Exception {
    try (OnlineStore s = open()) {
      for (int round = 0; round < 20; round++) {
        for (int k = 0; k < 100; k++) {
          s.write("trips", (k < 50 ? "old-" : "new-") + k, T0.plus(Duration.ofMinutes(round + (k < 50 ? 0 : 60))), trip(round, "z", null));
        }
      }
      long before = bytesOnDisk();
      clock.set(T0.plus(Duration.ofMinutes(140)));   // the old keys' rows (as of T0 + 19 min at most) expired at T0 + 139 min
      ((DiskFeatures) s.backend()).compact();
      long after = bytesOnDisk();
      assertTrue(after * 10 < before, "the log took " + before + " bytes and " + after + " after compaction");
    }
    try (OnlineStore again = open()) {
      assertEquals(Optional.empty(), again.read("trips", "old-3"));
      assertEquals(19.0, again.read("trips", "new-73").orElseThrow().number("count_7d"));
      assertEquals(T0.plus(Duration.ofMinutes(79)), again.read("trips", "new-73").orElseThrow().asOf());
    }
  }

  @Test
  void open_aTornLastRecord_cutsItAndKeepsTheRowsBefore() throws Exception {
    try (OnlineStore s = open()) {
      s.write("trips", "r-1", T0, trip(1, "a", null));
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    long whole = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}));   // a frame cut short by a crash
    }
    try (OnlineStore s = open()) {
      assertEquals(1.0, s.read("trips", "r-1").orElseThrow().number("count_7d"));
      assertEquals(whole, Files.size(segment), "the torn tail is cut off the file");
      assertTrue(s.write("trips", "r-2", T0, trip(2, "b", null)));
    }
    try (OnlineStore s = open()) {
      assertEquals(2.0, s.read("trips", "r-2").orElseThrow().number("count_7d"), "writes after the cut are kept");
    }
  }

  @Test
  void open_twice_isRefusedNamingTheHolder() throws Exception {
    try (OnlineStore s = open()) {
      assertEquals(1, s.views().size());
      IOException e = assertThrows(IOException.class, this::open);
      assertEquals("the online store directory " + dir + " is in use by another open online store (pid "
          + ProcessHandle.current().pid() + ", this process); close that one first (store.close()), or give this one a directory"
          + " of its own", e.getMessage());
    }
  }

  @Test
  void open_aDirectoryHoldingSomethingElse_isRefused() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals("the directory " + dir + " is not empty and holds no online store (no VIEWS); give the store an empty or new"
        + " directory of its own", e.getMessage());
    Files.delete(dir.resolve("notes.txt"));
    Files.writeString(dir.resolve("VIEWS"), "mlengine-online 1\n");
    assertEquals(dir.resolve("VIEWS") + " is not an online store's view list of this version (its first line is"
        + " 'mlengine-online 1', expected 'mlengine-online 2'); open the directory with the mlengine version that wrote it, or"
        + " give the store a directory of its own", assertThrows(IOException.class, this::open).getMessage());
  }

  @Test
  void write_afterClose_isRefused() throws Exception {
    OnlineStore s = open();
    s.close();
    assertEquals("the online store in " + dir + " is closed; open it again with OnlineStore.onDisk(...)",
        assertThrows(IllegalStateException.class, () -> s.write("trips", "r-1", T0, trip(1, "a", null))).getMessage());
  }
}
