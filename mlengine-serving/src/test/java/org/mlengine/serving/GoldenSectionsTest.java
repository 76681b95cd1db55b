package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ModelBundle;

/**
 * Golden format-1 bundles predate the audit and profile manifest sections: they load without
 * them, and writing them again leaves the sections out, so the manifest, and the id, stay the same.
 */
class GoldenSectionsTest {

  @ParameterizedTest
  @ValueSource(strings = {"credit-logistic.mlb", "credit-cart-regression.mlb"})
  void goldenBundle_withoutAuditOrProfile_rewritesTheSameManifest(String name, @TempDir Path dir) throws Exception {
    Path golden = Path.of(GoldenSectionsTest.class.getResource("/golden/format-1/" + name).toURI());
    ModelBundle bundle = ModelBundle.load(golden);
    assertEquals(Optional.empty(), bundle.audit());
    assertEquals(Optional.empty(), bundle.profile());
    Path again = dir.resolve(name);
    bundle.save(again);
    assertArrayEquals(manifest(golden), manifest(again));
    assertEquals(bundle.id(), ModelBundle.load(again).id());
    assertTrue(!new String(manifest(again), java.nio.charset.StandardCharsets.UTF_8).contains("\"audit\""));
  }

  private static byte[] manifest(Path bundle) throws IOException {
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      return zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes();
    }
  }
}
