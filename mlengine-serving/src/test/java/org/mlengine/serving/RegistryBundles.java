package org.mlengine.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ModelBundle;

/**
 * Two tiny bundles for the registry's tests, fitted once per JVM (a logistic regression on 200
 * rows each): {@link #first()}, and {@link #second()} fitted on other rows with {@code first} as
 * its parent; both saved to files in a temporary folder.
 */
final class RegistryBundles {
  private static ModelBundle first;
  private static ModelBundle second;
  private static Path dir;

  private RegistryBundles() {}

  static synchronized ModelBundle first() {
    init();
    return first;
  }

  static synchronized ModelBundle second() {
    init();
    return second;
  }

  static synchronized Path firstFile() {
    init();
    return dir.resolve("first.mlb");
  }

  static synchronized Path secondFile() {
    init();
    return dir.resolve("second.mlb");
  }

  /** A few requests to compare predictions on. */
  static Map<String, Object> request(double x1, double x2) {
    Map<String, Object> m = new HashMap<>();
    m.put("x1", x1);
    m.put("x2", x2);
    return m;
  }

  private static void init() {
    if (first != null) {
      return;
    }
    try {
      ModelBundle a = fit(11);
      ModelBundle b = fit(12).withParent(a);
      Path folder = Files.createTempDirectory("registry-bundles-");
      folder.toFile().deleteOnExit();
      a.save(folder.resolve("first.mlb"));
      b.save(folder.resolve("second.mlb"));
      folder.resolve("first.mlb").toFile().deleteOnExit();
      folder.resolve("second.mlb").toFile().deleteOnExit();
      first = a;
      second = b;
      dir = folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelBundle fit(long seed) {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy()).seed(seed)
        .build().fit(TestData.binary(200, seed)).bundle();
  }
}
