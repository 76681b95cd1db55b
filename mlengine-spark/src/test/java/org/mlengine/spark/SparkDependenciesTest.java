package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule$;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What mlengine-spark adds to a Spark job, and the versions it meets there: its run-time class
 * path ({@code target/runtime-classpath.txt}, see the pom) holds the scoring runtime and no Spark,
 * Scala, training stack or Guava; on the test class path Jackson is the version Spark's own
 * Scala module demands, and the bundle reader works with it.
 */
class SparkDependenciesTest {
  private static final Path CLASS_PATH = Path.of("target/runtime-classpath.txt");
  private static final List<String> FORBIDDEN = List.of("/org/apache/spark/", "/org/scala-lang/", "/org/tribuo/", "olcut",
      "protobuf", "nd4j", "xgboost", "/com/google/guava/", "mlengine-core", "mlengine-features", "mlengine-eval", "hadoop");

  @Test
  void runtimeClassPath_holdsNoSparkAndNoTrainingStack() throws IOException {
    assertTrue(Files.isRegularFile(CLASS_PATH), CLASS_PATH.toAbsolutePath() + " is missing; it is written by"
        + " maven-dependency-plugin (execution runtime-classpath): run the tests through Maven");
    List<String> elements = Stream.of(Files.readString(CLASS_PATH).trim().split(File.pathSeparator))
        .filter(e -> !e.isBlank()).map(e -> e.replace(File.separatorChar, '/').toLowerCase(Locale.ROOT)).toList();
    assertEquals(List.of(), elements.stream().filter(e -> FORBIDDEN.stream().anyMatch(e::contains)).toList(),
        "Spark or fit-time libraries on mlengine-spark's run-time class path");
    assertTrue(elements.stream().anyMatch(e -> e.contains("mlengine-serving")), elements.toString());
    assertTrue(elements.stream().anyMatch(e -> e.contains("mlengine-runtime")), elements.toString());
  }

  @Test
  void jackson_isTheVersionSparksScalaModuleNeeds() {
    // Spark registers this module in its JSON code; it throws unless databind has its own minor version.
    new ObjectMapper().registerModule(DefaultScalaModule$.MODULE$);
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    String scalaModule = DefaultScalaModule$.MODULE$.version().toString();
    assertEquals(scalaModule.substring(0, scalaModule.lastIndexOf('.')), databind.substring(0, databind.lastIndexOf('.')),
        "jackson-databind " + databind + " beside jackson-module-scala " + scalaModule);
    // The runtime's bundle reader on that Jackson: a golden bundle loads with its recorded id.
    assertEquals(64, LocalSpark.golden("credit-logistic.mlb").id().length());
  }
}
