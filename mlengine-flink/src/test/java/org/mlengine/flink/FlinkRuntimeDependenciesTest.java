package org.mlengine.flink;

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
 * What a Flink job jar bundles with mlengine-flink: the module's run-time class path, as Maven
 * resolved it into {@code target/runtime-classpath.txt} (see this module's pom), holds the scoring
 * runtime and no fit-time library (no Tribuo, OLCUT, protobuf, ND4J, JavaCPP, XGBoost, Guava,
 * none of mlengine-core, -features or -eval), and no Flink: Flink is provided by the cluster, so
 * the job never carries a second copy of it (nor its Kryo, shaded Jackson or Guava).
 */
class FlinkRuntimeDependenciesTest {
  private static final Path CLASS_PATH = Path.of("target/runtime-classpath.txt");
  private static final List<String> FORBIDDEN = List.of("/org/tribuo/", "olcut", "protobuf", "/org/nd4j/", "nd4j",
      "/org/bytedeco/", "javacpp", "xgboost", "/ml/dmlc/", "/com/google/guava/", "mlengine-core", "mlengine-features",
      "mlengine-eval", "/org/apache/flink/", "kryo", "scala-library");

  @Test
  void runtimeClassPath_holdsTheScoringRuntimeAndNeitherFitTimeLibrariesNorFlink() throws IOException {
    assertTrue(Files.isRegularFile(CLASS_PATH), CLASS_PATH.toAbsolutePath() + " is missing; it is written by"
        + " maven-dependency-plugin (execution runtime-classpath): run the tests through Maven, e.g."
        + " mvn -pl mlengine-flink -am test");
    List<String> elements = Stream.of(Files.readString(CLASS_PATH).trim().split(File.pathSeparator))
        .filter(e -> !e.isBlank()).map(e -> e.replace(File.separatorChar, '/').toLowerCase(Locale.ROOT)).toList();
    assertEquals(List.of(), elements.stream().filter(e -> FORBIDDEN.stream().anyMatch(e::contains)).toList(),
        "fit-time libraries or Flink on mlengine-flink's run-time class path");
    assertTrue(elements.stream().anyMatch(e -> e.contains("mlengine-serving")), elements.toString());
    assertTrue(elements.stream().anyMatch(e -> e.contains("mlengine-runtime")), elements.toString());
  }

  @Test
  void testClassPath_holdsTheFlinkTheModuleIsBuiltAgainst() {
    // The provided Flink the tests run on: 2.x, so the API the scorer names exists there.
    String version = org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    assertTrue(version.startsWith("2."), "Flink " + version);
  }
}
