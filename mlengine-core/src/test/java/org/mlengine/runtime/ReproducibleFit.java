package org.mlengine.runtime;

import org.mlengine.runtime.ModelBundle;
import java.nio.file.Path;

/**
 * Fits {@link ModelBundleReproducibleTest}'s pipeline and saves its bundle to {@code args[0]}:
 * the second JVM of the test that two processes write the same bytes. Prints the bundle's id
 * and creation time.
 */
public final class ReproducibleFit {
  private ReproducibleFit() {}

  public static void main(String[] args) throws Exception {
    ModelBundle bundle = ModelBundleReproducibleTest.fit().bundle();
    bundle.save(Path.of(args[0]));
    System.out.println(bundle.id() + " " + bundle.createdAt());
  }
}
