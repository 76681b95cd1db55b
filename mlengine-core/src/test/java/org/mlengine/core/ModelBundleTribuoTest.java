package org.mlengine.core;

import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.TribuoModel;
import org.mlengine.runtime.internal.TribuoModelReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tribuo's copy of the model: left out by default, kept on request, and the only model of legacy bundles. */
class ModelBundleTribuoTest {
  private static final String MISSING_TRIBUO = "bundle 4100601ce55f's model exists only as Tribuo protobuf (model.tribuo.pb);"
      + " reading it needs Tribuo: add org.mlengine:mlengine-core to the class path, or refit and save with this version";

  @TempDir Path dir;

  /** A pipeline whose trainer is still Tribuo's, so there is a Tribuo model to keep (cart() is mlengine's own engine). */
  private static Pipeline.Builder tribuoTrained() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.linearSgd().epochs(3)).seed(42);
  }

  @Test
  void fit_byDefault_writesNoTribuoEntryAndKeepTribuoModelWritesIt() throws Exception {
    Table data = TestData.binary(200, 11);
    ModelBundle plain = tribuoTrained().build().fit(data).bundle();
    ModelBundle kept = tribuoTrained().keepTribuoModel().build().fit(data).bundle();
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
  void keepTribuoModel_withATrainerOutsideTribuo_isRefusedAtBuild() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> tribuoTrained().trainer(Trainers.cart()).keepTribuoModel().build());
    assertTrue(e.getMessage().contains("keepTribuoModel() keeps Tribuo's form of the model, but cart does not train through Tribuo,"
        + " so there is none to keep; the compiled form in model.json is the model. Drop keepTribuoModel(), or train with"
        + " Trainers.linearSgd(), which trains through Tribuo."), e.getMessage());
  }

  @Test
  void keepTribuoModel_carriesOverToBuilder() {
    Table data = TestData.binary(200, 11);
    Pipeline kept = tribuoTrained().keepTribuoModel().build();
    assertTrue(kept.toBuilder().seed(7).build().fit(data).bundle().tribuoModel().isPresent());
    assertEquals(tribuoTrained().build().spec(), kept.spec(), "keeping Tribuo's copy is not part of the spec");
  }

  @Test
  void load_legacyBundleWhoseModelIsOnlyTribuos_scoresThroughTheServiceLoadedReader() throws Exception {
    PipelineResult result = tribuoTrained().keepTribuoModel().build().fit(TestData.binary(200, 13));
    FittedPipeline compiled = result.pipeline();
    byte[] protobuf = PipelineTest.tribuoBytes(result);

    TribuoModelReader reader = TribuoModelReader.installed("any");
    assertInstanceOf(TribuoProtobufReader.Provider.class, reader, "core registers its reader in META-INF/services");
    ScoringModel tribuo = reader.read(protobuf, compiled.task(), compiled.featureNames(), compiled.classes());
    FittedPipeline legacy = RuntimeAccess.pipelines().create(compiled.inputSchema(), compiled.target(), compiled.task(), compiled.classes(),
        compiled.transforms(), RuntimeAccess.pipelines().layout(compiled), tribuo);
    ModelBundle bundle = RuntimeAccess.bundles().builder(legacy)
        .spec(tribuoTrained().keepTribuoModel().build().spec())
        .estimates(result.estimates())
        .training(new Fingerprint(result.bundle().trainingRows(), result.bundle().trainingDataSha256()))
        .tribuoModel(protobuf)
        .build();
    Path file = dir.resolve("legacy.mlb");
    bundle.save(file);
    assertEquals("{\n  \"kind\" : \"tribuo\",\n  \"entry\" : \"model.tribuo.pb\"\n}", entry(file, "model.json"));

    ModelBundle loaded = ModelBundle.load(file);
    assertEquals("tribuo", loaded.modelKind());
    assertEquals(bundle.id(), loaded.id());
    Table rows = TestData.binary(40, 14);
    Scores expected = compiled.score(rows);
    Scores actual = loaded.pipeline().score(rows);
    for (int r = 0; r < rows.rowCount(); r++) {
      assertArrayEquals(expected.probabilities(r), actual.probabilities(r), 1e-12);
    }
  }

  @Test
  void installedReader_withNoProvider_namesTheArtifactToAdd() {
    var e = assertThrows(BundleFormatException.class, () -> TribuoModelReader.first(List.of(), "4100601ce55f"));
    assertEquals(MISSING_TRIBUO, e.getMessage());
  }

  @Test
  void installedReader_whoseProviderCannotBeMade_namesTheArtifactToAdd() {
    NoClassDefFoundError tribuoMissing = new NoClassDefFoundError("org/tribuo/Model");
    Iterable<TribuoModelReader> failing = () -> new Iterator<>() {
      private boolean failed;

      @Override
      public boolean hasNext() {
        return !failed;
      }

      @Override
      public TribuoModelReader next() {
        if (failed) {
          throw new NoSuchElementException();
        }
        failed = true;
        throw new ServiceConfigurationError("org.mlengine.runtime.internal.TribuoModelReader: Provider could not be instantiated", tribuoMissing);
      }
    };
    var e = assertThrows(BundleFormatException.class, () -> TribuoModelReader.first(failing, "4100601ce55f"));
    assertEquals(MISSING_TRIBUO, e.getMessage());
    assertSame(tribuoMissing, e.getCause().getCause());
  }

  @Test
  void tribuoModelRead_kindTribuoWithoutTheEntry_saysTheFileIsIncomplete() {
    var e = assertThrows(BundleFormatException.class,
        () -> TribuoModel.read("4100601ce55f", null, Task.CLASSIFICATION, List.of("x1"), List.of("no", "yes")));
    assertEquals("bundle 4100601ce55f's model.json has kind 'tribuo', whose model is in model.tribuo.pb, but the bundle has no"
        + " such entry; the file is incomplete. Re-copy it from its source or refit.", e.getMessage());
  }

  @Test
  void load_keptEntryRemovedButStillListed_isRefused() throws Exception {
    Path file = dir.resolve("kept.mlb");
    tribuoTrained().keepTribuoModel().build().fit(TestData.binary(200, 11)).bundle().save(file);
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
