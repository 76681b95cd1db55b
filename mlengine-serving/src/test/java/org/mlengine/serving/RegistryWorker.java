package org.mlengine.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.mlengine.runtime.ModelBundle;

/**
 * One process of {@link DirectoryRegistryProcessesTest}: a seeded random sequence of register,
 * promote, rollback, remove, retain and check operations on one registry directory, for a given
 * time, and past it (at most {@link #OVERTIME_MILLIS} more) until it has promoted and rolled back
 * at least once: a loaded machine may give a worker too few operations in a short run for the
 * test to see every writer in the history. Prints its operation counts on success; exits 2 on a
 * broken invariant, 1 on any exception other than the registry's expected refusals (a version
 * removed meanwhile, an alias not set, nothing left to roll back).
 *
 * <p>Arguments: registry directory, two bundle files, seed, milliseconds to run. It creates
 * {@code ready-<seed>} in the directory when warmed up and starts when {@code go} appears there.
 */
final class RegistryWorker {
  static final String MODEL = "credit";
  static final List<String> ALIASES = List.of("production", "candidate");
  static final long OVERTIME_MILLIS = 60_000;

  private RegistryWorker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<Path> bundles = List.of(Path.of(args[1]), Path.of(args[2]));
    long seed = Long.parseLong(args[3]);
    Random random = new Random(seed);
    int[] counts = new int[7];
    String name = "worker-" + seed;
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      // Warm up (load the classes a check needs), then start with the others: the run's time is all operations.
      RegistryInvariants.check(registry, MODEL);
      ModelBundle.load(bundles.get(0));
      Files.createFile(dir.resolve("ready-" + seed));
      while (!Files.exists(dir.resolve("go"))) {
        Thread.sleep(5);
      }
      long until = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000L;
      long latest = until + OVERTIME_MILLIS * 1_000_000L;
      while (System.nanoTime() < until || (counts[1] == 0 || counts[2] == 0) && System.nanoTime() < latest) {
        int op = random.nextInt(100);
        String alias = ALIASES.get(random.nextInt(ALIASES.size()));
        try {
          if (op < 12) {
            registry.register(MODEL, bundles.get(random.nextInt(2)), Registration.by(name, "op " + counts[0]));
            counts[0]++;
          } else if (op < 45) {
            List<ModelVersion> versions = registry.versions(MODEL);
            int number = versions.isEmpty() ? 1 : versions.get(random.nextInt(versions.size())).number();
            registry.promote(MODEL, alias, number, name, "promote");
            counts[1]++;
          } else if (op < 65) {
            registry.rollback(MODEL, alias, name, "rollback");
            counts[2]++;
          } else if (op < 70) {
            registry.removeAlias(MODEL, alias, name, "remove");
            counts[3]++;
          } else if (op < 78) {
            registry.retainLatest(MODEL, 2 + random.nextInt(3));
            counts[4]++;
          } else {
            List<String> violations = RegistryInvariants.check(registry, MODEL);
            if (!violations.isEmpty()) {
              System.err.println("VIOLATION " + name + ": " + violations);
              System.exit(2);
            }
            counts[5]++;
          }
        } catch (NoSuchElementException e) {
          counts[6]++;
        } catch (IllegalStateException e) {
          if (!e.getMessage().contains("holds no earlier version that still exists")) {
            throw e;
          }
          counts[6]++;
        }
      }
    }
    System.out.println("register=" + counts[0] + " promote=" + counts[1] + " rollback=" + counts[2] + " remove=" + counts[3]
        + " retain=" + counts[4] + " check=" + counts[5] + " refused=" + counts[6]);
  }
}
