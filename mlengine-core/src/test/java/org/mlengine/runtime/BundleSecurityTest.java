package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.runtime.SaveUntilKilled;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.BundleLimits;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.TrustPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures, caps, unsafe entry names and atomic writes. */
public class BundleSecurityTest {
  @TempDir Path dir;
  static ModelBundle bundle;
  static KeyPair keys;
  static KeyPair otherKeys;

  @BeforeAll
  static void fit() throws Exception {
    // A Tribuo-trained model, so that the bundle holds every entry, model.tribuo.pb included.
    bundle = Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.linearSgd())
        .seed(42).keepTribuoModel().build().fit(TestData.binary(200, 31)).bundle();
    keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    otherKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  @Test
  void signedBundle_loadsUnderRequireSignedBy() throws Exception {
    Path file = dir.resolve("signed.mlb");
    ModelBundle signed = bundle.sign(keys.getPrivate());
    signed.save(file);
    ModelBundle loaded = ModelBundle.load(file, TrustPolicy.requireSignedBy(otherKeys.getPublic(), keys.getPublic()));
    assertEquals(bundle.id(), loaded.id());
    assertTrue(loaded.isSigned());
    assertEquals(bundle.id(), ModelBundle.load(file).id(), "a signed bundle also loads without a policy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest.json", "manifest.sig", "transforms.json", "model.json", "model.tribuo.pb"})
  void signedBundle_withAFlippedBitInAnyEntry_isRefused(String entry) throws Exception {
    Map<String, byte[]> entries = entries(bytes(bundle.sign(keys.getPrivate())));
    for (int bit : new int[] {0, 7, entries.get(entry).length * 8 / 2, entries.get(entry).length * 8 - 1}) {
      Map<String, byte[]> flipped = new LinkedHashMap<>(entries);
      byte[] content = flipped.get(entry).clone();
      content[bit / 8] ^= (byte) (1 << (bit % 8));
      flipped.put(entry, content);
      byte[] zip = zip(flipped);
      assertThrows(BundleFormatException.class,
          () -> ModelBundle.read(new ByteArrayInputStream(zip), "flipped", TrustPolicy.requireSignedBy(keys.getPublic()), BundleLimits.defaults()),
          entry + " bit " + bit);
    }
  }

  @Test
  void unsignedBundle_underRequireSignedBy_saysHowToSignIt() throws Exception {
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.read(
        new ByteArrayInputStream(bytes(bundle)), "plain.mlb", TrustPolicy.requireSignedBy(keys.getPublic()), BundleLimits.defaults()));
    assertEquals("plain.mlb is not signed, but the trust policy requires a signature by one of 1 keys. Sign it with "
        + "bundle.sign(privateKey) before saving, or load it with TrustPolicy.checksumsOnly().", e.getMessage());
  }

  @Test
  void bundleSignedByAnotherKey_isRefused() throws Exception {
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.read(new ByteArrayInputStream(bytes(bundle.sign(otherKeys.getPrivate()))),
        "other.mlb", TrustPolicy.requireSignedBy(keys.getPublic()), BundleLimits.defaults()));
    assertEquals("other.mlb's signature does not verify with any trusted key; the manifest was altered or signed by another key."
        + " Re-copy the file from its source, or trust the key that signed it.", e.getMessage());
  }

  @Test
  void sign_withANonEd25519Key_saysWhichKeyToUse() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    var e = assertThrows(IllegalArgumentException.class, () -> bundle.sign(rsa.getPrivate()));
    assertEquals("key algorithm is RSA; sign bundles with an Ed25519 key, e.g. KeyPairGenerator.getInstance(\"Ed25519\").generateKeyPair()",
        e.getMessage());
  }

  @Test
  void zipBomb_isRefusedAfterReadingLittle() throws Exception {
    Path bomb = dir.resolve("bomb.mlb");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      zip.putNextEntry(new ZipEntry("manifest.json"));
      zip.write("{}".getBytes());
      zip.putNextEntry(new ZipEntry("model.json"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertTrue(Files.size(bomb) < (1 << 20) * 2, "the bomb is small: " + Files.size(bomb));
    long[] consumed = new long[1];
    var e = assertThrows(BundleFormatException.class, () -> {
      try (InputStream in = counting(Files.newInputStream(bomb), consumed)) {
        ModelBundle.read(in, "bomb.mlb", TrustPolicy.checksumsOnly(), BundleLimits.defaults());
      }
    });
    assertTrue(e.getMessage().startsWith("bomb.mlb inflates more than 100 times its compressed size (a zip bomb?); refused after "),
        e.getMessage());
    assertTrue(consumed[0] < 64 * 1024, "read only " + consumed[0] + " compressed bytes before refusing");
  }

  @Test
  void zipSlipEntry_isRefusedAsUnsafe() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>(entries(bytes(bundle)));
    entries.put("../../x", new byte[] {1});
    var e = assertThrows(BundleFormatException.class,
        () -> ModelBundle.read(new ByteArrayInputStream(zip(entries)), "slip.mlb"));
    assertEquals("slip.mlb holds entry '../../x', an unsafe path (traversal or absolute); it is refused; a format-1 bundle holds only "
        + "[manifest.json, transforms.json, model.json, model.tribuo.pb, manifest.sig]. The file was altered or is not an mlengine bundle.",
        e.getMessage());
  }

  @Test
  void tighterLimits_refuseAnOversizedManifest() throws Exception {
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.read(new ByteArrayInputStream(bytes(bundle)), "big.mlb",
        TrustPolicy.checksumsOnly(), BundleLimits.defaults().maxManifestBytes(100)));
    assertEquals("big.mlb entry 'manifest.json' is larger than the cap of 100 bytes; the file is not a bundle this library wrote."
        + " Check where it came from.", e.getMessage());
  }

  @Test
  void aBundleNoLoaderWouldAccept_isNotWritten() {
    var e = assertThrows(BundleFormatException.class, () -> bundle.checkLoadable(BundleLimits.defaults().maxManifestBytes(100), new byte[200]));
    assertTrue(e.getMessage().startsWith("this bundle's entry 'manifest.json' would be "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" bytes, over the 100-byte cap every loader applies; nothing was written. Shrink the model"
        + " (fewer features, e.g. a bag of words with maxFeatures, fewer topics or trees)."), e.getMessage());
  }

  @Test
  void deeplyNestedJson_isRefused() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>(entries(bytes(bundle)));
    entries.put("manifest.json", ("[".repeat(100) + "]".repeat(100)).getBytes());
    var e = assertThrows(BundleFormatException.class, () -> ModelBundle.read(new ByteArrayInputStream(zip(entries)), "deep.mlb"));
    assertTrue(e.getMessage().startsWith("entry 'manifest.json' is not valid JSON: Document nesting depth (65) exceeds the maximum allowed (64"),
        e.getMessage());
  }

  @Test
  void save_failingToMoveIntoPlace_leavesNoTemporaryFileAndTheOldContent() throws Exception {
    Path target = dir.resolve("occupied");
    Files.createDirectories(target.resolve("child"));
    assertThrows(IOException.class, () -> bundle.save(target));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the directory that was there before");
    }
    assertTrue(Files.isDirectory(target.resolve("child")));
  }

  @Test
  void save_killedHalfWay_leavesThePreviousFileIntact() throws Exception {
    Path file = dir.resolve("model.mlb");
    bundle.save(file);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, SaveUntilKilled.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    try {
      // Wait until the child has started writing (it prints a line before each save), then kill it mid-save.
      var reader = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
      StringBuilder said = new StringBuilder();
      int saves = 0;
      for (String line = reader.readLine(); saves < 3; line = reader.readLine()) {
        assertTrue(line != null, "the child stopped before saving three times; it said:\n" + said);
        said.append(line).append('\n');
        saves += line.equals("saving") ? 1 : 0;
      }
    } finally {
      child.destroyForcibly().waitFor();
    }
    ModelBundle survivor = ModelBundle.load(file);
    assertTrue(survivor.id().equals(bundle.id()) || survivor.modelKind().equals("linear"), "a whole bundle is at the path");
    assertFalse(Files.isDirectory(file));
  }

  static byte[] bytes(ModelBundle b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      b.write(zip);
    }
    return out.toByteArray();
  }

  static Map<String, byte[]> entries(byte[] zipBytes) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        out.put(e.getName(), zip.readAllBytes());
      }
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static InputStream counting(InputStream in, long[] consumed) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        consumed[0] += Math.max(0, n);
        return n;
      }

      @Override
      public int read() throws IOException {
        int b = super.read();
        consumed[0] += b >= 0 ? 1 : 0;
        return b;
      }
    };
  }
}
