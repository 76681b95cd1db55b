package org.mlengine.examples;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * A bundle holding {@code lsa} (fitted with ND4J), {@code lda}, {@code embeddings}, TF-IDF and
 * hashing loads and predicts in a class loader that has no ND4J jar and no native library: the
 * test class path minus ND4J and everything only it brings, with the platform class loader as
 * parent, so nothing of the application class loader (where this test fitted the bundle with
 * ND4J) can leak in. The predictions there equal this JVM's, and fitting {@code lsa} there fails
 * with the message that says to add ND4J.
 */
class TopicBundleIsolationTest {
  /** Class path entries that ND4J brings, by a part of their path. */
  private static final List<String> ND4J_PARTS = List.of("nd4j", "javacpp", "openblas", "bytedeco", "flatbuffers",
      "oshi-core", "/jna", "byteunits", "neoitertools", "threetenbp", "commons-net");

  private static final List<String> PETS = List.of("cat", "dog", "puppy", "kitten", "leash", "bowl", "vet", "fur");
  private static final List<String> MARKETS = List.of("stock", "bond", "shares", "market", "index", "trade", "price", "fund");

  @TempDir static Path dir;

  private static Path bundle;
  private static List<Map<String, Object>> requests;
  private static List<Prediction> expected;

  private static String words(Random random, List<String> theme, List<String> other, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> from = random.nextInt(5) == 0 ? other : theme;
      out.add(from.get(random.nextInt(from.size())));
    }
    return String.join(" ", out);
  }

  /** Texts about pets or markets in five columns, with a few missing; the label is the theme. */
  private static Table data(int rows, long seed) {
    Random random = new Random(seed);
    String[][] columns = new String[5][rows];
    String[] labels = new String[rows];
    for (int r = 0; r < rows; r++) {
      boolean pets = r % 2 == 0;
      List<String> theme = pets ? PETS : MARKETS;
      List<String> other = pets ? MARKETS : PETS;
      int[] lengths = {6, 3, 4, 5, 2};
      for (int c = 0; c < 5; c++) {
        columns[c][r] = random.nextInt(12) == 0 ? null : words(random, theme, other, lengths[c]);
      }
      labels[r] = pets ? "pets" : "markets";
    }
    return Table.builder()
        .text("review", columns[0]).text("title", columns[1]).text("notes", columns[2]).text("body", columns[3])
        .text("tags", columns[4]).categorical("label", labels).build();
  }

  @BeforeAll
  static void fitSaveAndPredictInThisJvm() throws IOException {
    Path vectors = dir.resolve("vectors.txt");
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < PETS.size(); i++) {
      file.append(String.format(Locale.ROOT, "%s %.2f %.2f 0.5 %.2f%n", PETS.get(i), 1 + i * 0.1, -0.3, i * 0.05));
      file.append(String.format(Locale.ROOT, "%s %.2f %.2f -0.5 %.2f%n", MARKETS.get(i), -0.2, 1 + i * 0.1, i * -0.05));
    }
    file.append("zebra 9 9 9 9\n");
    Files.writeString(vectors, file);
    PipelineResult result = Pipeline.builder()
        .target("label")
        .split(Split.stratified(0.75))
        .add(Features.lsa("review").topics(3))
        .add(Features.lda("title").topics(2).iterations(5))
        .add(Features.embeddings("notes").vectors(vectors))
        .add(Features.tfidf("body"))
        .add(Features.hashing("tags").buckets(64))
        .trainer(Trainers.logisticRegression())
        .seed(7)
        .build()
        .fit(data(80, 1));
    bundle = dir.resolve("topics.mlb");
    result.bundle().save(bundle);

    Table fresh = data(12, 2);
    requests = new ArrayList<>();
    for (int r = 0; r < fresh.rowCount(); r++) {
      Map<String, Object> request = new HashMap<>();
      for (String c : List.of("review", "title", "notes", "body", "tags")) {
        request.put(c, fresh.string(c, r));
      }
      requests.add(request);
    }
    requests.add(new HashMap<>(Map.of("review", "zebra okapi", "title", "", "notes", "zebra", "body", "", "tags", "")));
    expected = new ArrayList<>();
    try (Predictor predictor = Predictor.load(bundle)) {
      assertTrue(RuntimeAccess.pipelines().rowScorer(predictor.bundle().pipeline()).isPresent(), "every step has a row form");
      for (Map<String, Object> request : requests) {
        expected.add(predictor.predict(request));
      }
    }
  }

  /** A class loader over the test class path without ND4J, with the platform class loader as parent. */
  private static URLClassLoader withoutNd4j(List<String> removed) throws MalformedURLException {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      String normalized = entry.replace(File.separatorChar, '/').toLowerCase(Locale.ROOT);
      if (ND4J_PARTS.stream().anyMatch(normalized::contains)) {
        removed.add(entry);
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return new URLClassLoader("without-nd4j", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void predictor_inAClassLoaderWithoutNd4j_loadsTheBundleAndPredictsAsThisJvm() throws Exception {
    List<String> removed = new ArrayList<>();
    try (URLClassLoader isolated = withoutNd4j(removed)) {
      assertTrue(removed.stream().anyMatch(e -> e.contains("nd4j-api")), () -> "nd4j-api was not on the class path: " + removed);
      assertTrue(removed.stream().anyMatch(e -> e.contains("nd4j-native-1.0.0-M2.1-")),
          () -> "the native backend (nd4j-native with a platform classifier) was not on the class path: " + removed);
      assertTrue(removed.stream().anyMatch(e -> e.contains("javacpp")), () -> "javacpp was not removed: " + removed);
      for (String absent : List.of("org.nd4j.linalg.factory.Nd4j", "org.bytedeco.javacpp.Loader",
          "org.bytedeco.openblas.global.openblas", "com.google.flatbuffers.FlatBufferBuilder")) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(absent, false, isolated), absent);
      }

      Class<?> predictorClass = Class.forName("org.mlengine.serving.Predictor", true, isolated);
      assertNotSame(Predictor.class, predictorClass);
      Object predictor = predictorClass.getMethod("load", Path.class).invoke(null, bundle);
      try {
        Object pipeline = call(call(predictor, "bundle"), "pipeline");
        assertTrue((Boolean) call(pipeline, "scoresRowsDirectly"), "the isolated pipeline compiles to row kernels");
        Method predict = predictorClass.getMethod("predict", Map.class);
        for (int i = 0; i < requests.size(); i++) {
          Object prediction = predict.invoke(predictor, requests.get(i));
          String where = "request " + i + " " + requests.get(i);
          assertEquals(expected.get(i).probabilities(), call(prediction, "probabilities"), where);
          assertEquals(expected.get(i).label(), call(prediction, "label"), where);
          assertEquals(expected.get(i).bundleId(), call(prediction, "bundleId"), where);
        }
        // the table path (FittedTransform.apply(Table)) as well
        Object table = table(isolated, requests);
        List<?> all = (List<?>) predictorClass.getMethod("predictAll", isolated.loadClass("org.mlengine.runtime.Table"))
            .invoke(predictor, table);
        for (int i = 0; i < requests.size(); i++) {
          assertEquals(expected.get(i).probabilities(), call(all.get(i), "probabilities"), "predictAll row " + i);
        }
      } finally {
        ((AutoCloseable) predictor).close();
      }
    }
  }

  @Test
  void fitting_inAClassLoaderWithoutNd4j_lsaSaysToAddItAndLdaNeedsNothing() throws Exception {
    try (URLClassLoader isolated = withoutNd4j(new ArrayList<>())) {
      @SuppressWarnings("unchecked")
      Supplier<List<String>> fit = (Supplier<List<String>>) isolated.loadClass(FitWithoutNd4j.class.getName())
          .getConstructor().newInstance();
      assertEquals(List.of("lsa computes its topics with ND4J when it is fitted, but ND4J is not on the class path."
              + " Add the dependency org.nd4j:nd4j-native:1.0.0-M2.1 (it brings the native backend of the platform it"
              + " is resolved on; avoid nd4j-native-platform, which brings every platform's). Scoring a fitted bundle"
              + " does not need ND4J.", "lda fitted: [y, t_lda0, t_lda1]"),
          fit.get());
    }
  }

  /** Fits lsa and lda in the class loader that loads it; public for that loader. */
  public static final class FitWithoutNd4j implements Supplier<List<String>> {
    /** For reflection. */
    public FitWithoutNd4j() {}

    @Override
    public List<String> get() {
      Table train = Table.builder().text("t", "the cat sat", "the dog ran", "a cat ran").numeric("y", 0, 1, 0).build();
      FitContext context = FitContext.of(train, "y", Split.random(0.5), 1);
      List<String> out = new ArrayList<>();
      try {
        Features.lsa("t").topics(1).fit(context);
        out.add("lsa fitted");
      } catch (IllegalStateException e) {
        out.add(e.getMessage());
      }
      out.add("lda fitted: " + Features.lda("t").topics(2).fit(context).apply(train).columnNames());
      return out;
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return target.getClass().getMethod(method).invoke(target);
  }

  /** The requests as a Table of the isolated loader's own classes. */
  private static Object table(ClassLoader loader, List<Map<String, Object>> rows) throws ReflectiveOperationException {
    Object builder = loader.loadClass("org.mlengine.runtime.Table").getMethod("builder").invoke(null);
    Method text = builder.getClass().getMethod("text", String.class, String[].class);
    Map<String, String[]> columns = new LinkedHashMap<>();
    for (String c : List.of("review", "title", "notes", "body", "tags")) {
      String[] values = new String[rows.size()];
      for (int r = 0; r < values.length; r++) {
        values[r] = (String) rows.get(r).get(c);
      }
      columns.put(c, values);
    }
    for (Map.Entry<String, String[]> e : columns.entrySet()) {
      builder = text.invoke(builder, e.getKey(), e.getValue());
    }
    return builder.getClass().getMethod("build").invoke(builder);
  }
}
