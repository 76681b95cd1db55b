package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Calibration;
import org.mlengine.features.Features;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * mlengine-serving scores in a class loader holding only what a scoring service downloads: the
 * entries of {@code mlengine-serving/target/runtime-classpath.txt} (its run-time class path, as
 * Maven resolved it) and mlengine-serving itself, with the platform class loader as parent, so
 * that nothing of this JVM's class path (core, features, eval, Tribuo, ND4J, XGBoost) can leak
 * in. Every golden bundle, and a bundle of each model kind and each step kind fitted here on
 * small data, scores there exactly as in this JVM, bit for bit, request by request
 * ({@code predict(Map)}) and as a table ({@code predictAll(Table)}); the golden bundle whose
 * model exists only as Tribuo protobuf is refused with the message that says to add
 * mlengine-core.
 */
class RuntimeIsolationTest {
  private static final Path SERVING = Path.of("../mlengine-serving");
  private static final Path GOLDEN = SERVING.resolve("src/test/resources/golden/format-1");
  /** The golden bundle whose model exists only as Tribuo protobuf (model.json kind "tribuo"). */
  private static final String TRIBUO_ONLY = "credit-cart-regression.mlb";

  /** Classes of fit-time libraries that must not load in the isolated class loader (and do load in this JVM). */
  private static final List<String> FIT_TIME_CLASSES = List.of(
      "org.tribuo.Model",
      "com.oracle.labs.mlrg.olcut.config.Configurable",
      "com.google.protobuf.Message",
      "org.nd4j.linalg.factory.Nd4j",
      "org.bytedeco.javacpp.Loader",
      "ml.dmlc.xgboost4j.java.XGBoost",
      "org.mlengine.core.Pipeline",
      "org.mlengine.features.Features",
      "org.mlengine.eval.Calibration");

  @TempDir static Path dir;

  private static URLClassLoader isolated;

  @BeforeAll
  static void isolate() throws IOException {
    isolated = servingRuntimeOnly();
  }

  @AfterAll
  static void closeLoader() throws IOException {
    isolated.close();
  }

  /** The serving run-time class path plus mlengine-serving, over the platform class loader. */
  private static URLClassLoader servingRuntimeOnly() throws IOException {
    Path list = SERVING.resolve("target/runtime-classpath.txt");
    assertTrue(Files.isRegularFile(list), () -> list.toAbsolutePath() + " is missing; mlengine-serving's build writes it"
        + " (maven-dependency-plugin, phase generate-test-resources): run mvn -pl mlengine-examples -am verify");
    List<URL> urls = new ArrayList<>();
    for (String element : Files.readString(list).trim().split(File.pathSeparator)) {
      if (!element.isBlank()) {
        urls.add(Path.of(element.trim()).toUri().toURL());
      }
    }
    urls.add(servingClasses().toUri().toURL());
    return new URLClassLoader("serving-runtime-only", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * mlengine-serving's jar in the reactor (not the sources, tests or javadoc jar), unless
   * {@code target/classes} has a newer class (a build that stopped before {@code package}).
   */
  private static Path servingClasses() throws IOException {
    Path target = SERVING.resolve("target");
    Path classes = target.resolve("classes");
    assertTrue(Files.isDirectory(target), () -> target.toAbsolutePath() + " is missing; build mlengine-serving first: run mvn -pl"
        + " mlengine-examples -am verify");
    Optional<Path> jar;
    try (Stream<Path> files = Files.list(target)) {
      jar = files.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith("mlengine-serving-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
            && !name.endsWith("-tests.jar") && !name.endsWith("-javadoc.jar");
      }).findFirst();
    }
    if (jar.isPresent() && (!Files.isDirectory(classes) || newest(classes).compareTo(Files.getLastModifiedTime(jar.get())) <= 0)) {
      return jar.get();
    }
    assertTrue(Files.isDirectory(classes), () -> "neither a mlengine-serving jar nor " + classes.toAbsolutePath()
        + " exists; run mvn -pl mlengine-examples -am verify");
    return classes;
  }

  private static FileTime newest(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).map(p -> p.toFile().lastModified()).max(Long::compare).map(FileTime::fromMillis)
          .orElse(FileTime.fromMillis(0));
    }
  }

  @Test
  void isolatedLoader_fitTimeLibrariesAndModules_areNotLoadable() throws ClassNotFoundException {
    for (String name : FIT_TIME_CLASSES) {
      Class.forName(name, false, RuntimeIsolationTest.class.getClassLoader()); // present here, so the check below means something
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, isolated), name + " is loadable");
    }
    Class<?> predictor = Class.forName("org.mlengine.serving.Predictor", false, isolated);
    assertNotSame(Predictor.class, predictor);
    assertSame(isolated, predictor.getClassLoader());
    assertSame(isolated, Class.forName("org.mlengine.runtime.Table", false, isolated).getClassLoader());
  }

  // ---------------------------------------------------------------- the harness

  /** One step of a scoring session: append an event to the history, or score a request. */
  sealed interface Step {
    /** Appends {@code event} to {@code source} of the predictor's history. */
    record Append(String source, Map<String, Object> event) implements Step {}

    /** Scores {@code request} with {@code predict(Map)}. */
    record Predict(Map<String, Object> request) implements Step {}
  }

  /** A bundle file, its id, and the session to run on it in both class loaders. */
  record Session(Path bundle, String id, List<Step> steps) {
    List<Map<String, Object>> requests() {
      return steps.stream().filter(Step.Predict.class::isInstance).map(s -> ((Step.Predict) s).request()).toList();
    }
  }

  /**
   * A prediction as plain values; a record compares its doubles as {@link Double#compare} does
   * and the probability entries with {@link Double#equals}, both bit for bit, in class order.
   */
  record Scored(Optional<String> label, List<Map.Entry<String, Double>> probabilities, double value, String bundleId) {}

  /**
   * Runs {@code session} with the Predictor of {@code loader}, through reflection so that the
   * same code serves this JVM's class loader and the isolated one: each request through
   * {@code predict(Map)} (after the appends before it), then every request at once through
   * {@code predictAll(Table)} with a table built by that loader's own {@code Table.builder()}.
   */
  static List<Scored> score(ClassLoader loader, Session session) throws Exception {
    Class<?> predictorClass = Class.forName("org.mlengine.serving.Predictor", true, loader);
    Class<?> historyClass = loader.loadClass("org.mlengine.runtime.History");
    Object base = invoke(predictorClass, null, "load", new Class<?>[] {Path.class}, session.bundle());
    try {
      Object predictor = base;
      Object history = null;
      if (!((List<?>) invoke(predictorClass, base, "eventSources", new Class<?>[0])).isEmpty()) {
        Class<?> retention = loader.loadClass("org.mlengine.runtime.Retention");
        history = invoke(predictorClass, base, "newHistory", new Class<?>[] {retention},
            invoke(retention, null, "unbounded", new Class<?>[0]));
        predictor = invoke(predictorClass, base, "withHistory", new Class<?>[] {historyClass}, history);
      }
      List<Scored> out = new ArrayList<>();
      for (Step step : session.steps()) {
        if (step instanceof Step.Append append) {
          invoke(historyClass, history, "append", new Class<?>[] {String.class, Map.class}, append.source(), append.event());
        } else {
          out.add(scored(invoke(predictorClass, predictor, "predict", new Class<?>[] {Map.class}, ((Step.Predict) step).request())));
        }
      }
      Class<?> tableClass = loader.loadClass("org.mlengine.runtime.Table");
      Object table = table(loader, invoke(predictorClass, base, "inputSchema", new Class<?>[0]), session.requests());
      for (Object p : (List<?>) invoke(predictorClass, predictor, "predictAll", new Class<?>[] {tableClass}, table)) {
        out.add(scored(p));
      }
      return out;
    } finally {
      ((AutoCloseable) base).close();
    }
  }

  private static Scored scored(Object prediction) throws Exception {
    Class<?> type = prediction.getClass();
    List<Map.Entry<String, Double>> probabilities = new ArrayList<>();
    ((Map<?, ?>) invoke(type, prediction, "probabilities", new Class<?>[0]))
        .forEach((k, v) -> probabilities.add(Map.entry((String) k, (Double) v)));
    return new Scored(optional(invoke(type, prediction, "label", new Class<?>[0])), probabilities,
        (Double) invoke(type, prediction, "value", new Class<?>[0]), (String) invoke(type, prediction, "bundleId", new Class<?>[0]));
  }

  private static Optional<String> optional(Object label) {
    return ((Optional<?>) label).map(String.class::cast);
  }

  /** The requests as a Table of {@code loader}'s classes, typed as the bundle's input schema says. */
  private static Object table(ClassLoader loader, Object schema, List<Map<String, Object>> rows) throws Exception {
    Object builder = invoke(loader.loadClass("org.mlengine.runtime.Table"), null, "builder", new Class<?>[0]);
    Class<?> builderClass = builder.getClass();
    for (Object field : (List<?>) invoke(schema.getClass(), schema, "columns", new Class<?>[0])) {
      String name = (String) invoke(field.getClass(), field, "name", new Class<?>[0]);
      String type = ((Enum<?>) invoke(field.getClass(), field, "type", new Class<?>[0])).name();
      int n = rows.size();
      switch (type) {
        case "NUMERIC" -> {
          double[] values = new double[n];
          for (int r = 0; r < n; r++) {
            Object v = rows.get(r).get(name);
            values[r] = v == null ? Double.NaN : v instanceof Number x ? x.doubleValue() : Double.parseDouble(v.toString());
          }
          builder = invoke(builderClass, builder, "numeric", new Class<?>[] {String.class, double[].class}, name, values);
        }
        case "CATEGORICAL", "TEXT" -> {
          String[] values = new String[n];
          for (int r = 0; r < n; r++) {
            Object v = rows.get(r).get(name);
            values[r] = v == null ? null : v.toString();
          }
          builder = invoke(builderClass, builder, type.equals("TEXT") ? "text" : "categorical",
              new Class<?>[] {String.class, String[].class}, name, values);
        }
        case "TIMESTAMP" -> {
          Instant[] values = new Instant[n];
          for (int r = 0; r < n; r++) {
            Object v = rows.get(r).get(name);
            values[r] = v == null ? null : v instanceof Instant i ? i : Instant.parse(v.toString());
          }
          builder = invoke(builderClass, builder, "timestamp", new Class<?>[] {String.class, Instant[].class}, name, values);
        }
        default -> throw new IllegalArgumentException("column '" + name + "' is " + type + "; these sessions carry no such input");
      }
    }
    return invoke(builderClass, builder, "build", new Class<?>[0]);
  }

  /** Calls a public method declared by {@code type}, rethrowing what the method threw. */
  private static Object invoke(Class<?> type, Object target, String name, Class<?>[] parameters, Object... arguments) throws Exception {
    Method method = type.getMethod(name, parameters);
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw (Error) e.getCause();
    }
  }

  /** Scores {@code session} in this JVM, and checks that every prediction carries the bundle's id. */
  private static List<Scored> scoreHere(Session session) throws Exception {
    List<Scored> here = score(RuntimeIsolationTest.class.getClassLoader(), session);
    assertEquals(2 * session.requests().size(), here.size());
    for (Scored p : here) {
      assertEquals(session.id(), p.bundleId());
    }
    return here;
  }

  private static void assertSameScores(List<Scored> expected, List<Scored> actual, Session session) {
    int requests = session.requests().size();
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      String where = (i < requests ? "predict(Map), request " + i : "predictAll(Table), row " + (i - requests)) + " of "
          + session.bundle().getFileName() + ": " + session.requests().get(i % requests);
      assertEquals(expected.get(i), actual.get(i), where);
    }
  }

  // ---------------------------------------------------------------- golden bundles

  /** The golden bundles whose models are compiled (all but {@value #TRIBUO_ONLY}). */
  static Stream<String> goldenBundles() throws IOException {
    List<String> found;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      found = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mlb")).sorted().toList();
    }
    assertTrue(found.contains(TRIBUO_ONLY), () -> TRIBUO_ONLY + " is missing from " + GOLDEN.toAbsolutePath() + ": " + found);
    assertTrue(found.size() >= 3, () -> "golden bundles are missing from " + GOLDEN.toAbsolutePath() + ": " + found);
    return found.stream().filter(n -> !n.equals(TRIBUO_ONLY));
  }

  /** The session GoldenBundleTest runs: the recorded history, then each case, appending after it where it says. */
  private static Session goldenSession(String bundle, JsonNode expected) throws IOException {
    Path file = GOLDEN.resolve(bundle);
    List<String> times;
    try (Predictor predictor = Predictor.load(file)) {
      times = predictor.eventSources().stream().map(EventSource::time).toList();
    }
    List<Step> steps = new ArrayList<>();
    if (expected.has("history")) {
      for (var source : expected.get("history").properties()) {
        for (JsonNode event : source.getValue()) {
          steps.add(new Step.Append(source.getKey(), values(event, times)));
        }
      }
    }
    for (JsonNode c : expected.get("cases")) {
      steps.add(new Step.Predict(values(c.get("request"), List.of())));
      if (c.has("thenAppend")) {
        steps.add(new Step.Append(History.ROWS, values(c.get("thenAppend"), times)));
      }
    }
    return new Session(file, expected.get("id").asText(), steps);
  }

  /** JSON values as the predictor takes them: numbers as doubles, the {@code times} columns as instants. */
  private static Map<String, Object> values(JsonNode object, List<String> times) {
    Map<String, Object> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
        : e.getValue().isNumber() ? (Object) e.getValue().doubleValue()
        : times.contains(e.getKey()) ? Instant.parse(e.getValue().asText()) : e.getValue().asText()));
    return out;
  }

  private static JsonNode expectations(String bundle) throws IOException {
    return new ObjectMapper().readTree(GOLDEN.resolve(bundle.replace(".mlb", ".expected.json")).toFile());
  }

  /** This JVM's {@code predict(Map)} answers, in order, are the ones recorded with the bundle. */
  private static void assertRecorded(JsonNode expected, List<Scored> here) {
    JsonNode cases = expected.get("cases");
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      Scored p = here.get(i);
      if (c.has("label")) {
        assertEquals(Optional.of(c.get("label").asText()), p.label(), "case " + i);
        List<Map.Entry<String, Double>> recorded = new ArrayList<>();
        c.get("probabilities").properties().forEach(e -> recorded.add(Map.entry(e.getKey(), e.getValue().doubleValue())));
        assertEquals(recorded, p.probabilities(), "case " + i);
      } else {
        assertEquals(c.get("value").doubleValue(), p.value(), 0.0, "case " + i);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenBundles")
  void goldenBundle_inTheServingRuntimeAlone_scoresAsInThisJvm(String bundle) throws Exception {
    JsonNode expected = expectations(bundle);
    Session session = goldenSession(bundle, expected);
    List<Scored> here = scoreHere(session);
    assertRecorded(expected, here);
    assertSameScores(here, score(isolated, session), session);
  }

  @Test
  void tribuoOnlyGoldenBundle_inTheServingRuntimeAlone_failsToLoadSayingToAddCore() throws Exception {
    JsonNode expected = expectations(TRIBUO_ONLY);
    Session session = goldenSession(TRIBUO_ONLY, expected);
    // With mlengine-core on the class path (this JVM) the bundle loads through Tribuo and answers as recorded.
    assertRecorded(expected, scoreHere(session));

    Class<?> predictor = Class.forName("org.mlengine.serving.Predictor", true, isolated);
    Exception e = assertThrows(Exception.class, () -> invoke(predictor, null, "load", new Class<?>[] {Path.class}, session.bundle()));
    assertEquals("org.mlengine.runtime.BundleFormatException", e.getClass().getName(), () -> stackTrace(e));
    assertSame(isolated, e.getClass().getClassLoader());
    assertEquals("bundle 801aa342eda5254ee3929dbc954eb0beb25a079b32622d30fb540401f063cf7d's model exists only as Tribuo protobuf"
        + " (model.tribuo.pb); reading it needs Tribuo: add org.mlengine:mlengine-core to the class path, or refit and save with"
        + " this version", e.getMessage());
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  // ---------------------------------------------------------------- fresh bundles

  /** One bundle per model kind and per step kind, fitted on small data in this JVM. */
  enum Kind {
    TFIDF, HASHING, LSA, LDA, WINDOW, AGGREGATE, CART, RANDOM_FOREST, XGBOOST, CALIBRATION
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void freshBundle_inTheServingRuntimeAlone_scoresAsInThisJvm(Kind kind) throws Exception {
    Session session = fit(kind);
    List<Scored> here = scoreHere(session);
    assertSameScores(here, score(isolated, session), session);
  }

  private static Session fit(Kind kind) throws IOException {
    return switch (kind) {
      case TFIDF -> text(kind, "body", Pipeline.builder().add(Features.tfidf("body")));
      case HASHING -> text(kind, "tags", Pipeline.builder().add(Features.hashing("tags").buckets(64)));
      case LSA -> text(kind, "review", Pipeline.builder().add(Features.lsa("review").topics(3)));
      case LDA -> text(kind, "title", Pipeline.builder().add(Features.lda("title").topics(2).iterations(5)));
      case WINDOW -> window();
      case AGGREGATE -> aggregate();
      case CART -> numeric(kind, Pipeline.builder().target("label").split(Split.stratified(0.75)).trainer(Trainers.cart()), false);
      case RANDOM_FOREST -> numeric(kind, Pipeline.builder().target("amount").split(Split.random(0.75))
          .trainer(Trainers.randomForest().trees(20)), true);
      case XGBOOST -> {
        Pipeline.Builder pipeline = Pipeline.builder().target("label").split(Split.stratified(0.75))
            .trainer(Trainers.xgboost().trees(10).maxDepth(3));
        try {
          yield numeric(kind, pipeline, false);
        } catch (LinkageError | RuntimeException e) {
          Assumptions.assumeFalse(nativeLibraryMissing(e),
              () -> "skipped: XGBoost's native library does not load on this machine: " + e);
          throw e;
        }
      }
      case CALIBRATION -> numeric(kind, Pipeline.builder().target("label").split(Split.stratified(0.8).validation(0.3))
          .trainer(Trainers.logisticRegression()).calibrate(Calibration.isotonic()), false);
    };
  }

  /** Whether {@code e} (or a cause) says a native library or a class it needs could not be loaded. */
  private static boolean nativeLibraryMissing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LinkageError) {
        return true;
      }
    }
    return false;
  }

  private static Session save(Kind kind, PipelineResult result, List<Step> steps) throws IOException {
    Path file = dir.resolve(kind.name().toLowerCase(Locale.ROOT) + ".mlb");
    result.bundle().save(file);
    return new Session(file, result.bundle().id(), steps);
  }

  private static List<Step> predictEach(Table requests) {
    List<Step> steps = new ArrayList<>();
    for (int r = 0; r < requests.rowCount(); r++) {
      steps.add(new Step.Predict(requests.row(r).toMap()));
    }
    return steps;
  }

  // text: reviews about pets or markets, as in TopicBundleIsolationTest

  private static final List<String> PETS = List.of("cat", "dog", "puppy", "kitten", "leash", "bowl", "vet", "fur");
  private static final List<String> MARKETS = List.of("stock", "bond", "shares", "market", "index", "trade", "price", "fund");

  private static String words(Random random, List<String> theme, List<String> other, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> from = random.nextInt(5) == 0 ? other : theme;
      out.add(from.get(random.nextInt(from.size())));
    }
    return String.join(" ", out);
  }

  /** Texts about pets or markets in four columns, with a few missing; the label is the theme. */
  private static Table texts(int rows, long seed) {
    Random random = new Random(seed);
    int[] lengths = {6, 3, 5, 2};
    String[][] columns = new String[lengths.length][rows];
    String[] labels = new String[rows];
    for (int r = 0; r < rows; r++) {
      boolean pets = r % 2 == 0;
      for (int c = 0; c < lengths.length; c++) {
        columns[c][r] = random.nextInt(12) == 0 ? null : words(random, pets ? PETS : MARKETS, pets ? MARKETS : PETS, lengths[c]);
      }
      labels[r] = pets ? "pets" : "markets";
    }
    return Table.builder().text("review", columns[0]).text("title", columns[1]).text("body", columns[2]).text("tags", columns[3])
        .categorical("label", labels).build();
  }

  /** A text step on {@code column} and logistic regression; the requests include unseen words and empty text. */
  private static Session text(Kind kind, String column, Pipeline.Builder pipeline) throws IOException {
    PipelineResult result = pipeline.target("label").split(Split.stratified(0.75)).trainer(Trainers.logisticRegression())
        .bootstrap(0).seed(7).build().fit(texts(80, 1).select(column, "label"));
    List<Step> steps = predictEach(texts(12, 2).select(column));
    steps.add(new Step.Predict(Map.of(column, "zebra okapi")));
    steps.add(new Step.Predict(Map.of(column, "")));
    return save(kind, result, steps);
  }

  // numbers: three features, a class label and an amount

  private static Table numbers(int rows, long seed) {
    Random random = new Random(seed);
    double[] x1 = new double[rows];
    double[] x2 = new double[rows];
    double[] x3 = new double[rows];
    String[] label = new String[rows];
    double[] amount = new double[rows];
    for (int r = 0; r < rows; r++) {
      x1[r] = random.nextGaussian();
      x2[r] = random.nextGaussian();
      x3[r] = random.nextInt(5);
      double score = 2 * x1[r] - x2[r] + 0.5 * x3[r] + random.nextGaussian();
      label[r] = score > 2 ? "high" : score > 0 ? "mid" : "low";
      amount[r] = 100 + 30 * x1[r] + 10 * x3[r] * x3[r] + 5 * random.nextGaussian();
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).numeric("x3", x3).categorical("label", label)
        .numeric("amount", amount).build();
  }

  private static Session numeric(Kind kind, Pipeline.Builder pipeline, boolean regression) throws IOException {
    Table train = numbers(300, 3);
    PipelineResult result = pipeline.drop(regression ? "label" : "amount").bootstrap(0).seed(7).build().fit(train);
    return save(kind, result, predictEach(numbers(20, 4).drop("label", "amount")));
  }

  // window: daily values of two entities; each day is scored, then appended to the history

  private static Session window() throws IOException {
    Random random = new Random(5);
    Instant start = Instant.parse("2024-03-01T00:00:00Z");
    int days = 40;
    String[] entity = new String[2 * days];
    Instant[] time = new Instant[2 * days];
    double[] x = new double[2 * days];
    double[] y = new double[2 * days];
    for (int d = 0; d < days; d++) {
      for (int e = 0; e < 2; e++) {
        int r = 2 * d + e;
        entity[r] = e == 0 ? "a" : "b";
        time[r] = start.plus(Duration.ofDays(d));
        x[r] = random.nextInt(10) == 0 ? Double.NaN : 10 * random.nextGaussian();
        y[r] = 50 + 20 * e + 10 * Math.sin(d / 3.0) + random.nextGaussian();
      }
    }
    Table table = Table.builder().categorical("e", entity).timestamp("t", time).numeric("x", x).numeric("y", y).build();
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.timeOrdered("t", 0.7))
        .add(Features.window("x").by("e").orderedBy("t").over(Duration.ofDays(5)).mean().max())
        .add(Features.window("y").by("e").orderedBy("t").last(3).mean().lag(1).minObservations(1))
        .add(Features.impute("x_mean_5d", "x_max_5d", "y_mean_3rows", "y_lag1").constant(0.0))
        .drop("x")
        .trainer(Trainers.linearSgd().epochs(3))
        .bootstrap(0)
        .seed(7)
        .build()
        .fit(table);
    List<Step> steps = new ArrayList<>();
    for (int r = 0; r < table.rowCount(); r++) { // rows are in time order
      Map<String, Object> request = table.row(r).toMap();
      request.remove("y");
      steps.add(new Step.Predict(request));
      steps.add(new Step.Append(History.ROWS, table.row(r).toMap()));
    }
    return save(Kind.WINDOW, result, steps);
  }

  // aggregate: customers and their calls; the calls go into the history, then every customer is scored

  private static Session aggregate() throws IOException {
    Random random = new Random(11);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    int n = 60;
    String[] customer = new String[n];
    Instant[] snapshot = new Instant[n];
    double[] tenure = new double[n];
    String[] churned = new String[n];
    List<String> callCustomer = new ArrayList<>();
    List<Instant> callAt = new ArrayList<>();
    List<Double> callMinutes = new ArrayList<>();
    List<String> callKind = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      customer[c] = String.format("c%02d", c);
      snapshot[c] = start.plus(Duration.ofHours(24L * (100 + random.nextInt(100)) + random.nextInt(24)));
      tenure[c] = random.nextInt(60);
      boolean unhappy = random.nextDouble() < 0.4;
      churned[c] = random.nextDouble() < (unhappy ? 0.7 : 0.15) ? "yes" : "no";
      int count = (unhappy ? 4 : 1) + random.nextInt(3);
      for (int k = 0; k < count; k++) {
        callCustomer.add(customer[c]);
        callAt.add(snapshot[c].minus(Duration.ofHours(1 + random.nextInt(24 * 100))));
        callMinutes.add(random.nextInt(20) == 0 ? Double.NaN : Math.round(100 * random.nextDouble()) / 10.0);
        callKind.add(unhappy && k % 2 == 0 ? "complaint" : "billing");
      }
    }
    Table calls = Table.builder().categorical("Customer", callCustomer.toArray(String[]::new))
        .timestamp("At", callAt.toArray(Instant[]::new))
        .numeric("Minutes", callMinutes.stream().mapToDouble(Double::doubleValue).toArray())
        .categorical("Kind", callKind.toArray(String[]::new)).build();
    Table customers = Table.builder().categorical("Customer", customer).timestamp("Snapshot", snapshot).numeric("Tenure", tenure)
        .categorical("Churned", churned).build();
    PipelineResult result = Pipeline.builder()
        .target("Churned")
        .split(Split.stratified(0.75))
        .drop("Customer", "Snapshot")
        .add(Features.aggregate("calls", calls).on("Customer").timedBy("At").asOf("Snapshot")
            .count().mean("Minutes").lookBack(Duration.ofDays(90)))
        .add(Features.impute("calls_90d_mean_Minutes").median())
        .trainer(Trainers.logisticRegression())
        .bootstrap(0)
        .seed(7)
        .build()
        .fit(customers);
    List<Step> steps = new ArrayList<>();
    for (int r = 0; r < calls.rowCount(); r++) {
      steps.add(new Step.Append("calls", calls.row(r).toMap()));
    }
    steps.addAll(predictEach(customers.drop("Churned")));
    return save(Kind.AGGREGATE, result, steps);
  }
}
