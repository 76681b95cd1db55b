package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.OnlineStoreContract.DAILY;
import static org.mlengine.serving.history.OnlineStoreContract.T0;
import static org.mlengine.serving.history.OnlineStoreContract.TRIPS;
import static org.mlengine.serving.history.OnlineStoreContract.trip;

import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk online store when its files refuse a write: nothing it did not record stays known or readable. */
class DiskOnlineStoreFailureTest {
  @TempDir
  Path dir;
  private final ManualClock clock = new ManualClock(T0);

  private OnlineStore open() throws Exception {
    OnlineStore s = OnlineStore.builder().clock(clock).fsync(FsyncPolicy.always()).onDisk(dir);
    s.declare(TRIPS);
    return s;
  }

  @Test
  void declare_whenTheViewListCannotBeWritten_leavesTheViewUnknown_andTheStoreOpens() throws Exception {
    Path blocker = dir.resolve(ViewManifest.FILE + Files2.TMP);
    try (OnlineStore s = open()) {
      Files.createDirectory(blocker);
      Files.writeString(blocker.resolve("x"), "in the way");   // the view list's temporary file cannot be created
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.declare(DAILY));
      assertTrue(e.getMessage().contains("could not record view 'daily' version 3"), e.getMessage());
      assertEquals(List.of("trips version 1 (fingerprint f1)"), s.views(), "the failed view is not held");
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> s.write("daily", "", T0, Map.of("mean_7d", 1.0)));
      assertTrue(unknown.getMessage().contains("daily"), unknown.getMessage());
      Files.delete(blocker.resolve("x"));
      Files.delete(blocker);
      s.declare(DAILY);   // the cause fixed, declaring again works in the same process
      assertTrue(s.write("daily", "", T0, Map.of("mean_7d", 2.0)));
    }
    try (OnlineStore again = open()) {
      again.declare(DAILY);
      assertEquals(2.0, again.read("daily", "").orElseThrow().number("mean_7d"));
    }
  }

  @Test
  void declare_failed_thenReopen_opensWithTheViewsItRecorded() throws Exception {
    Path blocker = dir.resolve(ViewManifest.FILE + Files2.TMP);
    try (OnlineStore s = open()) {
      assertTrue(s.write("trips", "r-1", T0, trip(1, "a", null)));
      Files.createDirectory(blocker);
      Files.writeString(blocker.resolve("x"), "in the way");
      assertThrows(UncheckedIOException.class, () -> s.declare(DAILY));
      assertThrows(IllegalArgumentException.class, () -> s.write("daily", "", T0, Map.of("mean_7d", 1.0)));
    }
    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    try (OnlineStore again = open()) {
      assertEquals(1.0, again.read("trips", "r-1").orElseThrow().number("count_7d"));
    }
  }

  @Test
  void write_whoseLogWriteFails_isNotReadable_andThePreviousRowIs() throws Exception {
    OnlineStore s = open();
    try {
      assertTrue(s.write("trips", "r-1", T0, trip(1, "a", null)));
      long writtenBefore = s.stats().written();
      segmentOf(s).close();   // the next write to the log fails
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> s.write("trips", "r-1", T0.plusSeconds(60), trip(2, "b", null)));
      assertTrue(e.getMessage().contains("was not acknowledged"), e.getMessage());
      assertThrows(UncheckedIOException.class, () -> s.write("trips", "r-2", T0.plusSeconds(60), trip(3, "c", null)));
      assertEquals(1.0, s.read("trips", "r-1").orElseThrow().number("count_7d"), "the row before the failed write is served");
      assertEquals(T0, s.read("trips", "r-1").orElseThrow().asOf());
      assertEquals(Optional.empty(), s.read("trips", "r-2"));
      assertEquals(writtenBefore, s.stats().written(), "a write the log refused is not counted as written");
    } finally {
      java.io.IOException closing = assertThrows(java.io.IOException.class, s::close);
      assertTrue(closing.getMessage().contains("had failed to write its log"), closing.getMessage());
    }
    try (OnlineStore again = open()) {
      assertEquals(1.0, again.read("trips", "r-1").orElseThrow().number("count_7d"), "reopened, the log's row is served");
    }
  }

  /** The disk store's open segment, to close under it as a failing disk would. */
  private static FileChannel segmentOf(OnlineStore s) throws ReflectiveOperationException {
    Field files = DiskFeatures.class.getDeclaredField("files");
    files.setAccessible(true);
    Field segment = LogDirectory.class.getDeclaredField("segment");
    segment.setAccessible(true);
    return (FileChannel) segment.get(files.get(s.backend()));
  }
}
