package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a model server downloads: mlengine-server's run-time class path, as Maven resolved it
 * into {@code target/runtime-classpath.txt} (see this module's pom), holds the scoring runtime,
 * Undertow and Micrometer, and no fit-time library: no Tribuo, OLCUT, protobuf, ND4J, JavaCPP or
 * XGBoost, none of mlengine-core, -features or -eval. Its size goes to the build log.
 */
class ServerRuntimeDependenciesTest {
  private static final Path CLASS_PATH = Path.of("target/runtime-classpath.txt");
  private static final List<String> FORBIDDEN = List.of("/org/tribuo/", "olcut", "protobuf", "/org/nd4j/", "nd4j",
      "/org/bytedeco/", "javacpp", "xgboost", "/ml/dmlc/", "mlengine-core", "mlengine-features", "mlengine-eval");

  @Test
  void runtimeClassPath_holdsNoFitTimeLibrary() throws IOException {
    assertTrue(Files.isRegularFile(CLASS_PATH), CLASS_PATH.toAbsolutePath() + " is missing; it is written by"
        + " maven-dependency-plugin (execution runtime-classpath): run the tests through Maven, e.g."
        + " mvn -pl mlengine-server -am verify");
    List<String> elements = Stream.of(Files.readString(CLASS_PATH).trim().split(File.pathSeparator))
        .filter(e -> !e.isBlank()).map(e -> e.replace(File.separatorChar, '/').toLowerCase(Locale.ROOT)).toList();
    List<String> forbidden = elements.stream().filter(e -> FORBIDDEN.stream().anyMatch(e::contains)).toList();
    assertEquals(List.of(), forbidden, "fit-time libraries on the model server's run-time class path");
    assertTrue(elements.stream().anyMatch(e -> e.contains("undertow-core")), elements.toString());
    long bytes = 0;
    for (String e : elements) {
      Path p = Path.of(e);
      bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
    }
    System.out.printf("mlengine-server run-time class path: %d entries, %.1f MB of jars%n", elements.size(), bytes / 1e6);
  }
}
