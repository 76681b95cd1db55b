package org.mlengine.serving.history;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;

/**
 * The child process of {@link OnlineStoreCrashTest}: opens a disk online store with the policy
 * given ({@code always} or {@code interval:<ms>}), writes {@code ready}, then writes row i (key
 * {@code r<i % 5>}, as of {@code T0 + i} ms, {@code n = i}) for i = 0, 1, 2, ... until killed,
 * printing {@code "<i> <epoch ms>"} once each write has returned (acknowledged).
 */
final class OnlineStoreWorker {
  static final ViewSlot VIEW = new ViewSlot("counts", "1", "c1", Optional.of("key"),
      List.of(new Schema.Field("n", ColumnType.NUMERIC, List.of())), Duration.ZERO);

  private OnlineStoreWorker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FsyncPolicy policy = args[1].equals("always") ? FsyncPolicy.always()
        : FsyncPolicy.interval(Duration.ofMillis(Long.parseLong(args[1].substring("interval:".length()))));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
    OnlineStore store = OnlineStore.builder().fsync(policy).segmentBytes(256 << 10).compactAfterBytes(1 << 20)
        .onDisk(dir.resolve("store"));
    store.declare(VIEW);
    Files.writeString(dir.resolve("ready"), "ready");
    for (long i = 0; ; i++) {
      store.write("counts", "r" + (i % 5), OnlineStoreContract.T0.plusMillis(i), Map.of("n", (double) i));
      out.println(i + " " + System.currentTimeMillis());
      out.flush();
    }
  }

  /** The time row i is as of. */
  static Instant asOf(long i) {
    return OnlineStoreContract.T0.plusMillis(i);
  }
}
