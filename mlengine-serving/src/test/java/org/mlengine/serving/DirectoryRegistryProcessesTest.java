package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16's registry goal: several processes promoting, rolling back, removing, registering and
 * retaining on one registry directory at once never leave an alias pointing at a missing or
 * partial version, and never break the history's chain. Each child JVM runs {@link
 * RegistryWorker} with its own seed (a random operation sequence) and checks the invariants
 * itself; this test checks them too while the children run, and once more at rest.
 *
 * <p>The default suite runs 4 processes for 3 seconds. The goal's run is 30 seconds:
 * {@code mvn -pl mlengine-serving -am verify -Dtest=DirectoryRegistryProcessesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmlengine.registry.soak=30} (seconds; the seeds are
 * 1..4 plus {@code -Dmlengine.registry.seed}, 0 by default).
 */
class DirectoryRegistryProcessesTest {
  static final int PROCESSES = 4;

  @TempDir Path scratch;

  @Test
  void processes_writingAtOnce_neverLeaveABrokenAliasOrHistory() throws Exception {
    long seconds = Long.getLong("mlengine.registry.soak", 3);
    long baseSeed = Long.getLong("mlengine.registry.seed", 0);
    Path dir = scratch.resolve("registry");
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= PROCESSES; i++) {
      long seed = baseSeed + i;
      Path log = scratch.resolve("worker-" + seed + ".log");
      logs.add(log);
      children.add(new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
          RegistryWorker.class.getName(), dir.toString(), RegistryBundles.firstFile().toString(),
          RegistryBundles.secondFile().toString(), Long.toString(seed), Long.toString(seconds * 1000))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }
    int checks = 0;
    List<String> violations = new ArrayList<>();
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      awaitReady(dir, children, logs);
      Files.createFile(dir.resolve("go"));
      while (children.stream().anyMatch(Process::isAlive) && violations.isEmpty()) {
        violations.addAll(RegistryInvariants.check(registry, RegistryWorker.MODEL));
        checks++;
        Thread.sleep(100);
      }
      for (Process p : children) {
        if (!p.waitFor(seconds + 60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      assertEquals(List.of(), violations, "seen by the test while the workers ran");
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < PROCESSES; i++) {
        String log = read(logs.get(i));
        out.append("worker ").append(baseSeed + i + 1).append(": ").append(log.strip()).append('\n');
        assertEquals(0, children.get(i).exitValue(), "worker " + (baseSeed + i + 1) + " failed:\n" + log);
      }
      assertEquals(List.of(), RegistryInvariants.checkAtRest(registry, RegistryWorker.MODEL), out.toString());
      List<AliasMove> history = registry.history(RegistryWorker.MODEL);
      long rollbacks = history.stream().filter(m -> m.kind() == AliasMove.Kind.ROLLBACK).count();
      long writers = history.stream().map(AliasMove::by).distinct().count();
      System.out.printf("registry processes: %d s, %d moves (%d rollbacks), %d versions left, %d checks by the test%n%s",
          seconds, history.size(), rollbacks, registry.versions(RegistryWorker.MODEL).size(), checks, out);
      assertTrue(rollbacks > 0 && writers == PROCESSES && checks > 0,
          "the run exercised too little: " + history.size() + " moves, " + rollbacks + " rollbacks, " + writers
              + " writers, " + checks + " checks by the test\n" + out);
    } finally {
      for (Process p : children) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits until every worker has warmed up (their JVMs start slowly on a busy machine). */
  private static void awaitReady(Path dir, List<Process> children, List<Path> logs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      long ready;
      try (var files = Files.list(dir)) {
        ready = files.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
      }
      if (ready == children.size()) {
        return;
      }
      for (int i = 0; i < children.size(); i++) {
        if (!children.get(i).isAlive()) {
          throw new AssertionError("worker " + (i + 1) + " ended before the start:\n" + read(logs.get(i)));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + ready + " of " + children.size() + " workers were ready after 120 s");
      }
      Thread.sleep(10);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no output)";
  }
}
