package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/** Every golden bundle of every released format loads and answers exactly as recorded. */
class GoldenBundleTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<Path> expectations() throws IOException {
    List<Path> found;
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      found = files.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().toList();
    }
    assertTrue(found.size() >= 2, "golden bundles are missing from " + GOLDEN.toAbsolutePath());
    return found.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void goldenBundle_loadsWithItsIdAndRecordedPredictions(Path expectation) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(expectation.toFile());
    Predictor predictor = Predictor.load(expectation.resolveSibling(expected.get("bundle").asText()));
    assertEquals(expected.get("id").asText(), predictor.bundle().id());
    History history = null;
    if (expected.has("history")) {
      // Bundles with window or aggregate steps: the recorded events go into a history first.
      history = predictor.newHistory(Retention.unbounded());
      predictor = predictor.withHistory(history);
      for (var source : expected.get("history").properties()) {
        for (JsonNode event : source.getValue()) {
          history.append(source.getKey(), event(predictor, event));
        }
      }
    }
    for (JsonNode c : expected.get("cases")) {
      Map<String, Object> request = new LinkedHashMap<>();
      c.get("request").properties().forEach(e -> request.put(e.getKey(), e.getValue().isNull() ? null
          : e.getValue().isNumber() ? (Object) e.getValue().doubleValue() : e.getValue().asText()));
      Prediction p = predictor.predict(request);
      if (c.has("thenAppend")) {
        history.append(History.ROWS, event(predictor, c.get("thenAppend")));
      }
      if (c.has("label")) {
        assertEquals(c.get("label").asText(), p.label().orElseThrow());
        c.get("probabilities").properties().forEach(e -> assertEquals(e.getValue().doubleValue(), p.probability(e.getKey()), 0.0));
      } else {
        assertEquals(c.get("value").doubleValue(), p.value(), 0.0);
      }
    }
  }

  /** An event as the history takes it: numbers as doubles, the sources' time columns as instants. */
  private static Map<String, Object> event(Predictor predictor, JsonNode event) {
    List<String> times = predictor.eventSources().stream().map(EventSource::time).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    event.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
        : e.getValue().isNumber() ? (Object) e.getValue().doubleValue()
        : times.contains(e.getKey()) ? Instant.parse(e.getValue().asText()) : e.getValue().asText()));
    return out;
  }
}
