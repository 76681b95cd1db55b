package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

  /**
   * mlengine-core is {@code provided}: a job that only scores has no core on its class path. The
   * front door, which also holds {@code tune}, must still load there, and a bundle's scorer be
   * made: on a class loader with the test class path minus core and features (and the test
   * classes), MlengineSpark is linked and initialized and {@code scorer(bundle).outputColumns()}
   * answers. The methods are looked up one by one, as a compiled call does ({@code getMethod}
   * would resolve every method's types, {@code tune}'s core types too).
   */
  @Test
  void scoring_withoutCoreOnTheClassPath_loadsTheFrontDoorAndMakesAScorer() throws Throwable {
    Path testPath = Path.of("target/test-classpath.txt");
    List<java.net.URL> urls = new java.util.ArrayList<>();
    urls.add(Path.of("target/classes").toUri().toURL());
    for (String e : Files.readString(testPath).trim().split(File.pathSeparator)) {
      String normal = e.replace(File.separatorChar, '/');
      if (!e.isBlank() && !normal.contains("mlengine-core") && !normal.contains("mlengine-features")) {
        urls.add(Path.of(e).toUri().toURL());
      }
    }
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName("org.mlengine.core.tuning.Tuner", false, loader),
          "core is on the class path; the check would pass vacuously");
      Class<?> front = Class.forName("org.mlengine.spark.MlengineSpark", true, loader);
      Class<?> bundles = Class.forName("org.mlengine.runtime.ModelBundle", true, loader);
      var lookup = java.lang.invoke.MethodHandles.publicLookup();
      Object bundle = lookup.findStatic(bundles, "load", java.lang.invoke.MethodType.methodType(bundles, Path.class))
          .invoke(LocalSpark.resource("golden/format-1/credit-logistic.mlb"));
      Class<?> scorers = Class.forName("org.mlengine.spark.SparkScorer", false, loader);
      Object scorer = lookup.findStatic(front, "scorer", java.lang.invoke.MethodType.methodType(scorers, bundles)).invoke(bundle);
      assertEquals(List.of("label", "p_bad", "p_good"),
          lookup.findVirtual(scorers, "outputColumns", java.lang.invoke.MethodType.methodType(List.class)).invoke(scorer));
    }
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
