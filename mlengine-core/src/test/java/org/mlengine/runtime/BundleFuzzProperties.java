package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.BundleSecurityTest;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.BundleLimits;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.TrustPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the bundle reader (over 10,000 cases per run): every attempt either loads a bundle
 * equal to the original (a flip in bytes no checksum covers, such as a zip timestamp) or ends in
 * a {@link BundleFormatException} with a message; never another exception.
 */
class BundleFuzzProperties {
  private static ModelBundle linear;
  private static byte[] linearBytes;
  private static byte[] cartBytes;
  private static Map<String, byte[]> linearEntries;

  @BeforeContainer
  static void fit() throws IOException {
    Table data = TestData.binary(120, 41);
    linear = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.logisticRegression()).seed(3).build().fit(data).bundle();
    linearBytes = BundleSecurityTest.bytes(linear);
    cartBytes = BundleSecurityTest.bytes(
        Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.cart().maxDepth(3)).seed(3).build().fit(data).bundle());
    linearEntries = BundleSecurityTest.entries(linearBytes);
  }

  /** Loads bytes; true when they loaded as the original bundle, false when refused with a message. */
  private static boolean loadsAsOriginalOrIsRefused(byte[] bytes, String original) {
    try {
      ModelBundle b = ModelBundle.read(new ByteArrayInputStream(bytes), "fuzzed", TrustPolicy.checksumsOnly(), BundleLimits.defaults());
      assertEquals(original, b.id(), "a fuzzed file loaded as another bundle");
      return true;
    } catch (BundleFormatException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a message");
      return false;
    } catch (IOException e) {
      throw new AssertionError("an IOException other than BundleFormatException: " + e, e);
    }
  }

  @Property(tries = 4000)
  void randomBytes_areRefused(@ForAll @Size(max = 2000) byte[] bytes) {
    loadsAsOriginalOrIsRefused(bytes, "none");
  }

  @Property(tries = 4000)
  void bitFlips_areRefusedOrHarmless(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position, @ForAll boolean cart) throws IOException {
    byte[] bytes = (cart ? cartBytes : linearBytes).clone();
    int bit = position % (bytes.length * 8);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    String id = ModelBundle.read(new ByteArrayInputStream(cart ? cartBytes : linearBytes), "original").id();
    loadsAsOriginalOrIsRefused(bytes, id);
  }

  @Property(tries = 2000)
  void truncations_areRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
    byte[] bytes = Arrays.copyOf(linearBytes, cut % linearBytes.length);
    loadsAsOriginalOrIsRefused(bytes, linear.id());
  }

  @Provide
  Arbitrary<Map<String, byte[]>> randomZips() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("manifest.json", "transforms.json", "model.json", "model.tribuo.pb", "manifest.sig", "../x", "/etc/passwd", "a\\b", "extra.bin"),
        Arbitraries.strings().ofMaxLength(20));
    Arbitrary<byte[]> contents = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.of(linearEntries.values().toArray(byte[][]::new)),
        Arbitraries.of("{}".getBytes(), "[]".getBytes(), "null".getBytes(), "{\"format\":\"mlengine-bundle\",\"formatVersion\":1}".getBytes()));
    return Arbitraries.maps(names, contents).ofMaxSize(6);
  }

  @Property(tries = 1000)
  void randomZips_areRefused(@ForAll("randomZips") Map<String, byte[]> entries) throws IOException {
    loadsAsOriginalOrIsRefused(BundleSecurityTest.zip(entries), linear.id());
  }

  @Property(tries = 1000)
  void renamedDroppedOrOversizedEntries_areRefused(
      @ForAll @IntRange(min = 0, max = 3) int entry, @ForAll @IntRange(min = 0, max = 2) int change, @ForAll @IntRange(min = 1, max = 64) int extraKib)
      throws IOException {
    List<String> names = List.copyOf(linearEntries.keySet());
    String name = names.get(entry % names.size());
    Map<String, byte[]> edited = new LinkedHashMap<>(linearEntries);
    byte[] content = edited.remove(name);
    switch (change) {
      case 0 -> edited.put(name + ".renamed", content);
      case 1 -> { } // dropped
      default -> {
        byte[] bigger = Arrays.copyOf(content, content.length + extraKib * 1024);
        edited.put(name, bigger);
      }
    }
    loadsAsOriginalOrIsRefused(BundleSecurityTest.zip(edited), linear.id());
  }

  @Property(tries = 200)
  void jsonValuesSwappedBetweenEntries_areRefused(@ForAll @IntRange(min = 0, max = 3) int a, @ForAll @IntRange(min = 0, max = 3) int b) throws IOException {
    List<String> names = List.copyOf(linearEntries.keySet());
    Map<String, byte[]> edited = new LinkedHashMap<>(linearEntries);
    String first = names.get(a % names.size());
    String second = names.get(b % names.size());
    edited.put(first, linearEntries.get(second));
    edited.put(second, linearEntries.get(first));
    loadsAsOriginalOrIsRefused(BundleSecurityTest.zip(edited), linear.id());
  }
}
