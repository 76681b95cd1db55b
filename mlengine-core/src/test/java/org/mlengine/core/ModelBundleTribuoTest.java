package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tribuo's copy of the model: left out by default, kept on request. */
class ModelBundleTribuoTest {
  @TempDir Path dir;

  private static Pipeline.Builder cart() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.cart().maxDepth(4)).seed(42);
  }

  @Test
  void fit_byDefault_writesNoTribuoEntryAndKeepTribuoModelWritesIt() throws Exception {
    Table data = TestData.binary(200, 11);
    ModelBundle plain = cart().build().fit(data).bundle();
    ModelBundle kept = cart().keepTribuoModel().build().fit(data).bundle();
    assertEquals(plain.id(), kept.id(), "Tribuo's copy is not part of the id");
    assertEquals(Optional.empty(), plain.tribuoModel());
    assertTrue(kept.tribuoModel().orElseThrow().remaining() > 0);
    assertTrue(kept.tribuoModel().orElseThrow().isReadOnly());

    Path plainFile = dir.resolve("plain.mlb");
    Path keptFile = dir.resolve("kept.mlb");
    plain.save(plainFile);
    kept.save(keptFile);
    assertEquals(List.of("manifest.json", "transforms.json", "model.json"), entryNames(plainFile));
    assertEquals(List.of("manifest.json", "transforms.json", "model.json", "model.tribuo.pb"), entryNames(keptFile));
    assertFalse(manifest(plainFile).contains("model.tribuo.pb"), "the manifest lists only the entries the file holds");
    assertTrue(Files.size(plainFile) < Files.size(keptFile));

    ModelBundle plainLoaded = ModelBundle.load(plainFile);
    ModelBundle keptLoaded = ModelBundle.load(keptFile);
    assertEquals(plain.id(), plainLoaded.id());
    assertEquals(plain.id(), keptLoaded.id());
    assertEquals(Optional.empty(), plainLoaded.tribuoModel());
    assertArrayEquals(bytes(kept.tribuoModel().orElseThrow()), bytes(keptLoaded.tribuoModel().orElseThrow()));
    assertTrue(keptLoaded.withLabel("v2").tribuoModel().isPresent(), "a derived copy keeps Tribuo's copy");
    Table rows = TestData.binary(30, 12);
    for (int r = 0; r < rows.rowCount(); r++) {
      assertArrayEquals(plainLoaded.pipeline().score(rows).probabilities(r), keptLoaded.pipeline().score(rows).probabilities(r));
    }
  }

  @Test
  void keepTribuoModel_carriesOverToBuilder() {
    Table data = TestData.binary(200, 11);
    Pipeline kept = cart().keepTribuoModel().build();
    assertTrue(kept.toBuilder().seed(7).build().fit(data).bundle().tribuoModel().isPresent());
    assertEquals(cart().build().spec(), kept.spec(), "keeping Tribuo's copy is not part of the spec");
  }

  @Test
  void load_keptEntryRemovedButStillListed_isRefused() throws Exception {
    Path file = dir.resolve("kept.mlb");
    cart().keepTribuoModel().build().fit(TestData.binary(200, 11)).bundle().save(file);
    Path cut = dir.resolve("cut.mlb");
    try (ZipFile in = new ZipFile(file.toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(cut))) {
      for (var entry : Collections.list(in.entries())) {
        if (!entry.getName().equals("model.tribuo.pb")) {
          out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
          out.write(in.getInputStream(entry).readAllBytes());
          out.closeEntry();
        }
      }
    }
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.load(cut));
    assertEquals(cut + " lacks entry 'model.tribuo.pb', which its manifest lists; the file is incomplete", e.getMessage());
  }

  static List<String> entryNames(Path file) throws Exception {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
    }
    return names;
  }

  private static String manifest(Path file) throws Exception {
    return entry(file, "manifest.json");
  }

  private static String entry(Path file, String name) throws Exception {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
