package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ModelBundle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte-reproducible bundles: a fixed creation time gives the same file from the same data, spec and seed. */
class ModelBundleReproducibleTest {
  /** 2024-03-01T12:00:00Z. */
  private static final long EPOCH_SECONDS = 1_709_294_400L;
  private static final Instant FIXED = Instant.ofEpochSecond(EPOCH_SECONDS);

  @TempDir Path dir;

  /** The fit both JVMs make; {@link ReproducibleFit} runs it in the second. */
  static PipelineResult fit() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy()).seed(42).build().fit(TestData.binary(200, 11));
  }

  @Test
  void save_twoFitsWithAFixedCreationTime_giveIdenticalBytes() throws Exception {
    Path first = dir.resolve("first.mlb");
    Path second = dir.resolve("second.mlb");
    fit().bundle().withCreatedAt(FIXED).save(first);
    fit().bundle().withCreatedAt(FIXED).save(second);
    assertEquals(sha256(first), sha256(second));
    assertEquals(FIXED, ModelBundle.load(first).createdAt());
  }

  @Test
  void withCreatedAt_anotherTime_changesTheBytesButNotTheId() throws Exception {
    ModelBundle bundle = fit().bundle();
    Path early = dir.resolve("early.mlb");
    Path late = dir.resolve("late.mlb");
    bundle.withCreatedAt(FIXED).save(early);
    bundle.withCreatedAt(FIXED.plusSeconds(1)).save(late);
    assertFalse(sha256(early).equals(sha256(late)));
    assertEquals(bundle.id(), ModelBundle.load(early).id());
    assertEquals(bundle.id(), ModelBundle.load(late).id());
    assertEquals(FIXED.plusSeconds(1), ModelBundle.load(late).createdAt());
  }

  @Test
  void save_inAnotherJvmWithSourceDateEpoch_givesIdenticalBytes() throws Exception {
    Path here = dir.resolve("here.mlb");
    Path there = dir.resolve("there.mlb");
    ModelBundle bundle = fit().bundle().withCreatedAt(FIXED);
    bundle.save(here);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        ReproducibleFit.class.getName(), there.toString()).redirectError(dir.resolve("child.err").toFile());
    // Its stdout is the answer; stderr (Tribuo's INFO lines, which the library leaves to the application's logging) is kept apart.
    process.environment().put("SOURCE_DATE_EPOCH", Long.toString(EPOCH_SECONDS));
    Process child = process.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the second JVM did not finish: " + output);
    String errors = Files.readString(dir.resolve("child.err"));
    assertEquals(0, child.exitValue(), () -> output + errors);

    assertEquals(bundle.id() + " " + FIXED, output.strip(),
        () -> "the second JVM's bundle takes SOURCE_DATE_EPOCH as its creation time; its stderr:\n" + errors);
    assertEquals(sha256(here), sha256(there));
  }

  @Test
  void save_writesEntriesInAFixedOrderWithAFixedTimeAndNoExtraFields() throws Exception {
    Path file = dir.resolve("model.mlb");
    fit().bundle().sign(java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()).save(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      var entries = Collections.list(zip.entries());
      assertEquals(List.of("manifest.json", "manifest.sig", "transforms.json", "model.json"), entries.stream().map(e -> e.getName()).toList());
      for (var e : entries) {
        assertEquals(LocalDateTime.of(1980, 2, 1, 0, 0), e.getTimeLocal(), e.getName());
        assertNull(e.getExtra(), e.getName());
        assertNull(e.getComment(), e.getName());
      }
    }
  }

  @Test
  void creationTime_sourceDateEpochSet_isThatInstant() {
    assertEquals(FIXED, ModelBundle.creationTime(Map.of("SOURCE_DATE_EPOCH", "1709294400")::get));
    assertEquals(Instant.EPOCH, ModelBundle.creationTime(Map.of("SOURCE_DATE_EPOCH", "0")::get));
  }

  @Test
  void creationTime_sourceDateEpochUnset_isNow() {
    Instant before = Instant.now();
    Instant made = ModelBundle.creationTime(Map.<String, String>of()::get);
    assertTrue(!made.isBefore(before) && !made.isAfter(Instant.now()), made + " is not now");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "1709294400.5", "-1", "+1709294400", " 1709294400", "1e9", "1234567890123456"})
  void creationTime_malformedSourceDateEpoch_isRefusedSayingWhatItTakes(String value) {
    var e = assertThrows(IllegalStateException.class, () -> ModelBundle.creationTime(Map.of("SOURCE_DATE_EPOCH", value)::get));
    assertEquals("environment variable SOURCE_DATE_EPOCH is '" + value + "'; expected the bundle's creation time as whole seconds"
        + " since 1970-01-01T00:00:00Z, e.g. 1700000000 (what `date +%s` prints). Set it to such a number, or unset it to record"
        + " the current time.", e.getMessage());
  }

  @Test
  void signedCopy_withAFixedCreationTime_isAlsoReproducible() throws Exception {
    var key = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
    Path first = dir.resolve("first.mlb");
    Path second = dir.resolve("second.mlb");
    fit().bundle().withCreatedAt(FIXED).sign(key).save(first);
    fit().bundle().withCreatedAt(FIXED).sign(key).save(second);
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  private static String sha256(Path file) throws Exception {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file)).toString();
  }
}
