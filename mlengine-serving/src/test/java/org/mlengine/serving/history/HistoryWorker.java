package org.mlengine.serving.history;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child process of {@link DiskHistoryCrashTest}: opens a disk history with the policy given
 * ({@code always} or {@code interval:<ms>}), writes {@code ready}, then appends events numbered
 * 0, 1, 2, ... until it is killed, printing {@code "<number> <epoch ms>"} once each append has
 * returned (acknowledged).
 */
final class HistoryWorker {
  private HistoryWorker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FsyncPolicy policy = args[1].equals("always") ? FsyncPolicy.always()
        : FsyncPolicy.interval(Duration.ofMillis(Long.parseLong(args[1].substring("interval:".length()))));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
    DiskHistory history = DiskHistory.builder(dir.resolve("history")).sources(List.of(HistoryFixtures.CALLS)).fsync(policy)
        .segmentBytes(256 << 10).compactAfterBytes(1 << 20).open();
    Files.writeString(dir.resolve("ready"), "ready");
    for (long i = 0; ; i++) {
      history.append("calls", HistoryFixtures.call("c" + (i % 5), "r", i, i, "k", null));
      out.println(i + " " + System.currentTimeMillis());
      out.flush();
    }
  }
}
