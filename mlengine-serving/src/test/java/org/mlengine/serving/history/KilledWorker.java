package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a worker's {@code main} in a child JVM that writes {@code ready} into {@code dir} once it
 * holds its store, then prints {@code "<number> <epoch ms>"} after each acknowledged write; lets it
 * run, calls {@code whileRunning} (to check the store is locked), kills it with SIGKILL ({@code
 * destroyForcibly}) and returns the acknowledgements whose lines were printed whole.
 *
 * <pre>{@code
 * KilledWorker.Run run = KilledWorker.run(dir, HistoryWorker.class, List.of(dir.toString(), "always"), 2_500, pid -> {});
 * }</pre>
 */
final class KilledWorker {
  private KilledWorker() {}

  /** What the worker acknowledged (number, epoch ms) and when it was killed. */
  record Run(List<long[]> acknowledged, long killedAt) {}

  /** Something checked while the worker runs, given its pid. */
  interface Check {
    void accept(long pid) throws Exception;
  }

  static Run run(Path dir, Class<?> worker, List<String> args, long runMillis, Check whileRunning) throws Exception {
    Path progress = dir.resolve("progress.txt");
    Path stderr = dir.resolve("stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath, worker.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectOutput(progress.toFile()).start();
    long killedAt;
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(dir.resolve("ready")) && child.isAlive() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(dir.resolve("ready")), "the worker did not start: " + Files.readString(stderr));
      whileRunning.accept(child.pid());
      Thread.sleep(runMillis);
    } finally {
      killedAt = System.currentTimeMillis();
      child.destroyForcibly();
    }
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    List<long[]> acknowledged = new ArrayList<>();
    for (String line : Files.readAllLines(progress)) {
      String[] parts = line.split(" ");
      if (parts.length == 2) {   // a line cut by the kill is no acknowledgement
        acknowledged.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
      }
    }
    return new Run(acknowledged, killedAt);
  }
}
