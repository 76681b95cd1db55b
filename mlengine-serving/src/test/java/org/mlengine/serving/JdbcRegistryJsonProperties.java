package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The JDBC store's version metadata reads back exactly what it wrote, whatever the text and numbers. */
class JdbcRegistryJsonProperties {
  @Property(tries = 300)
  void writeThenRead_isTheSameVersion(@ForAll("versions") ModelVersion v) throws IOException {
    assertEquals(v, JdbcRegistryJson.read(v.model(), v.number(), JdbcRegistryJson.write(v), "a test"));
  }

  @Property(tries = 100)
  void write_metricsThatAreNotFinite_readBackAsTheSameDouble(@ForAll("oddDoubles") double value,
      @ForAll @IntRange(min = 1, max = 1000) int number) throws IOException {
    ModelVersion v = new ModelVersion("m", number, "b", Optional.empty(), Map.of("x", value), Map.of(), "me", Instant.EPOCH, "", 1);
    Double back = JdbcRegistryJson.read("m", number, JdbcRegistryJson.write(v), "a test").metrics().get("x");
    assertEquals(Double.valueOf(value), back, "Double.equals: NaN equals NaN, -0.0 differs from 0.0");
  }

  @Provide
  Arbitrary<ModelVersion> versions() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40);
    Arbitrary<Double> metric = Arbitraries.oneOf(Arbitraries.doubles(), oddDoubles());
    return Builders.withBuilder(Draft::new)
        .use(text).in((d, s) -> d.with("model", s))
        .use(Arbitraries.integers().between(1, Integer.MAX_VALUE)).in((d, n) -> d.number(n))
        .use(text).in((d, s) -> d.with("bundleId", s))
        .use(text.optional()).in((d, p) -> d.parent(p))
        .use(Arbitraries.maps(text, metric).ofMaxSize(6)).in((d, m) -> d.metrics(m))
        .use(Arbitraries.maps(text, text).ofMaxSize(6)).in((d, t) -> d.tags(t))
        .use(text).in((d, s) -> d.with("by", s))
        .use(Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)).in((d, s) -> d.seconds(s))
        .use(Arbitraries.integers().between(0, 999_999_999)).in((d, n) -> d.nanos(n))
        .use(text).in((d, s) -> d.with("reason", s))
        .use(Arbitraries.longs().between(0, Long.MAX_VALUE)).in((d, b) -> d.bytes(b))
        .build(Draft::build);
  }

  @Provide
  Arbitrary<Double> oddDoubles() {
    return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 1.0 / 3);
  }

  /** A mutable draft for jqwik's builder. */
  private static final class Draft {
    private final Map<String, String> texts = new java.util.HashMap<>();
    private int number = 1;
    private Optional<String> parent = Optional.empty();
    private Map<String, Double> metrics = Map.of();
    private Map<String, String> tags = Map.of();
    private long seconds;
    private int nanos;
    private long bytes;

    Draft with(String field, String value) {
      texts.put(field, value);
      return this;
    }

    Draft number(int n) {
      number = n;
      return this;
    }

    Draft parent(Optional<String> p) {
      parent = p;
      return this;
    }

    Draft metrics(Map<String, Double> m) {
      metrics = m;
      return this;
    }

    Draft tags(Map<String, String> t) {
      tags = t;
      return this;
    }

    Draft seconds(long s) {
      seconds = s;
      return this;
    }

    Draft nanos(int n) {
      nanos = n;
      return this;
    }

    Draft bytes(long b) {
      bytes = b;
      return this;
    }

    ModelVersion build() {
      return new ModelVersion(texts.get("model"), number, texts.get("bundleId"), parent, metrics, tags, texts.get("by"),
          Instant.ofEpochSecond(seconds, nanos), texts.get("reason"), bytes);
    }
  }
}
