package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path dir;

  private static PipelineResult fitted() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy()).seed(42).build().fit(TestData.binary(200, 11));
  }

  @Test
  void saveThenLoad_keepsIdMetricsAndPredictions() throws Exception {
    PipelineResult result = fitted();
    Path file = dir.resolve("model.mlb");
    result.bundle().withLabel("v1").save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(result.bundle().id(), loaded.id());
    assertEquals("v1", loaded.label());
    assertEquals(result.metrics(), loaded.metrics());
    assertEquals(result.bundle().trainingDataSha256(), loaded.trainingDataSha256());
    assertEquals(result.bundle().spec(), loaded.spec());
    Table rows = TestData.binary(40, 12);
    for (int r = 0; r < rows.rowCount(); r++) {
      assertArrayEquals(result.pipeline().score(rows).probabilities(r), loaded.pipeline().score(rows).probabilities(r));
    }
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left beside the bundle");
    }
  }

  @Test
  void save_overExistingFile_replacesIt() throws Exception {
    Path file = dir.resolve("model.mlb");
    Files.writeString(file, "old");
    fitted().bundle().save(file);
    assertEquals(fitted().bundle().id(), ModelBundle.load(file).id());
  }

  @Test
  void load_corruptedEntry_reportsTheChecksumMismatch() throws Exception {
    Path file = dir.resolve("model.mlb");
    fitted().bundle().save(file);
    Path bad = rewrite(file, Map.of(ModelBundle.MODEL_ENTRY, s -> s.replace("\"softmax\"", "\"softmax \"")));
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(bad));
    assertTrue(e.getMessage().startsWith("entry 'model.json' of " + bad + " has SHA-256 "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; the file is corrupted or was altered. Re-copy it from its source or retrain."), e.getMessage());
  }

  @Test
  void load_newerFormatVersion_namesTheVersionThatReadsIt() throws Exception {
    Path file = dir.resolve("model.mlb");
    fitted().bundle().save(file);
    Path newer = rewrite(file, Map.of(ModelBundle.MANIFEST_ENTRY, s -> s
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")
        .replaceAll("\"libraryVersion\" : \"[^\"]*\"", "\"libraryVersion\" : \"2.3.0\"")));
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(newer));
    assertEquals(newer + " is bundle format 2, written by mlengine 2.3.0; this mlengine " + ModelBundle.currentLibraryVersion()
        + " reads formats up to 1. Load it with mlengine 2.3.0 or later.", e.getMessage());
  }

  @Test
  void load_alteredManifestMetric_isRefused() throws Exception {
    Path file = dir.resolve("model.mlb");
    fitted().bundle().save(file);
    Path altered = rewrite(file, Map.of(ModelBundle.MANIFEST_ENTRY, s -> s.replaceFirst("\"accuracy\" : [0-9.]+", "\"accuracy\" : 0.999")));
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(altered));
    assertEquals(altered + "'s manifest is not the one this bundle's content writes; a field was altered."
        + " Re-copy the file from its source or retrain.", e.getMessage());
  }

  @Test
  void load_alteredTarget_isCaughtByTheId() throws Exception {
    Path file = dir.resolve("model.mlb");
    fitted().bundle().save(file);
    Path altered = rewrite(file, Map.of(ModelBundle.MANIFEST_ENTRY, s -> s.replaceFirst("\"target\" : \"y\"", "\"target\" : \"z\"")));
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(altered));
    assertTrue(e.getMessage().contains(" declares id "), e.getMessage());
  }

  @Test
  void load_notAZip_saysWhatABundleIs() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello");
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(file));
    assertEquals(file + " is empty or not a zip file; an mlengine bundle is a zip with "
        + "[manifest.json, transforms.json, model.json]", e.getMessage());
  }

  /** Copies a bundle, changing the text of some entries. */
  private Path rewrite(Path file, Map<String, UnaryOperator<String>> edits) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (var zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        byte[] bytes = e.getValue();
        var edit = edits.get(e.getKey());
        if (edit != null) {
          String before = new String(bytes, StandardCharsets.UTF_8);
          String after = edit.apply(before);
          assertTrue(!after.equals(before), "the edit of " + e.getKey() + " changed nothing");
          bytes = after.getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    Path copy = dir.resolve("edited-" + file.getFileName());
    Files.write(copy, out.toByteArray());
    return copy;
  }
}
