package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.runtime.History;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;

/**
 * Offline/online parity through the Predictor: a row's forecast computed over the whole table
 * (as the pipeline did when fitted) equals the one the Predictor makes from a History holding the
 * events appended before it, bit for bit, and events appended later change nothing.
 */
class HistoryParityProperties {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  /** Rows of (entity, day, x, y) with several entities, repeated days and missing x values. */
  record Stream(String[] entity, int[] day, double[] x, double[] y) {
    Table table() {
      Instant[] t = new Instant[day.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = T0.plus(Duration.ofDays(day[i]));
      }
      return Table.builder().categorical("e", entity).timestamp("t", t).numeric("x", x).numeric("y", y).build();
    }
  }

  @Provide
  Arbitrary<Stream> streams() {
    return Arbitraries.integers().between(24, 60).flatMap(n -> Combinators.combine(
            Arbitraries.of("a", "b", "c").array(String[].class).ofSize(n),
            Arbitraries.integers().between(0, 40).array(int[].class).ofSize(n),
            Arbitraries.oneOf(Arbitraries.doubles().between(-50, 50), Arbitraries.just(Double.NaN)).array(double[].class).ofSize(n),
            Arbitraries.doubles().between(0, 100).array(double[].class).ofSize(n))
        .as(Stream::new));
  }

  private static Pipeline pipeline() {
    return Pipeline.builder()
        .target("y")
        .split(Split.timeOrdered("t", 0.6))
        .add(Features.window("x").by("e").orderedBy("t").over(Duration.ofDays(5)).mean().std().max().median().count())
        .add(Features.window("y").by("e").orderedBy("t").last(3).mean().slope(Duration.ofDays(1)).lag(1).minObservations(1))
        .add(Features.window("y").orderedBy("t").expanding().mean().gap(Duration.ofDays(2)))
        .add(Features.impute("x_mean_5d", "x_std_5d", "x_max_5d", "x_median_5d", "y_mean_3rows", "y_slope_per_1d_3rows", "y_lag1",
            "y_mean_all_gap2d").constant(0.0))
        .drop("x")
        .trainer(Trainers.linearSgd().epochs(3))
        .bootstrap(0)
        .seed(7)
        .build();
  }

  @Property(tries = 40)
  void predictor_withEventsBeforeEachRow_equalsTheOfflineForecast(@ForAll("streams") Stream stream) throws IOException {
    Assume.that(Arrays.stream(stream.day()).distinct().count() >= 5); // a time split needs several days
    Table table = stream.table();
    PipelineResult result = pipeline().fit(table);
    Scores offline = result.pipeline().score(table);
    Path file = Files.createTempFile("parity", ".mlb");
    try (Predictor base = Predictor.load(saved(result, file))) {
      History history = base.newHistory(Retention.unbounded());
      Predictor online = base.withHistory(history);
      List<Integer> order = new ArrayList<>(IntStream.range(0, table.rowCount()).boxed().toList());
      order.sort(Comparator.comparingLong(r -> table.timestamp("t", r)));
      for (int r : order) {
        assertEquals(offline.value(r), online.predict(request(table, r)).value(), "row " + r + " before its own event");
        history.append(History.ROWS, table.row(r));
      }
      // Every row's event, including those after it, is now in the history; none may matter.
      for (int r = 0; r < table.rowCount(); r++) {
        assertEquals(offline.value(r), online.predict(request(table, r)).value(), "row " + r + " with later events present");
      }
      assertEquals(offline.value(0), base.predictAll(table).get(0).value(), "no history: the table is its own past");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Path saved(PipelineResult result, Path file) throws IOException {
    Files.delete(file);
    result.bundle().save(file);
    return file;
  }

  private static Map<String, Object> request(Table table, int r) {
    Map<String, Object> row = table.row(r).toMap();
    row.remove("y");
    return row;
  }
}
