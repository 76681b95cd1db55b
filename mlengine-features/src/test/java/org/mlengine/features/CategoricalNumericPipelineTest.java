package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/**
 * The categorical, cyclical and numeric steps inside a pipeline: fitted on the training part,
 * written to a bundle, read back and applied to new rows exactly as before, row by row too.
 */
class CategoricalNumericPipelineTest {

  private static Table data(int n) {
    String[] job = new String[n];
    String[] home = new String[n];
    String[] city = new String[n];
    double[] income = new double[n];
    double[] amount = new double[n];
    double[] day = new double[n];
    Instant[] when = new Instant[n];
    String[] status = new String[n];
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int r = 0; r < n; r++) {
      job[r] = r % 17 == 0 ? "pilot" : r % 3 == 0 ? "clerk" : "nurse";
      home[r] = r % 11 == 0 ? "boat" : r % 2 == 0 ? "rent" : "own";
      city[r] = r % 13 == 0 ? null : "c" + (r % 5);
      income[r] = r % 9 == 0 ? Double.NaN : 20 + (r * 37 % 100);
      amount[r] = r * 13 % 50;
      day[r] = r % 7;
      when[r] = start.plus(Duration.ofHours(r * 29L));
      status[r] = (r * 7 % 10 < 4) == (r % 3 == 0) ? "good" : "bad";
    }
    return Table.builder()
        .categorical("Job", job).categorical("Home", home).categorical("City", city)
        .numeric("Income", income).numeric("Amount", amount).numeric("Day", day)
        .timestamp("When", when).categorical("Status", status)
        .build();
  }

  @Test
  void pipeline_savedAndLoaded_scoresNewRowsExactlyAsTrained(@TempDir Path dir) throws IOException {
    Pipeline pipeline = Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.75))
        .add(Features.calendar(ZoneId.of("Europe/Paris"), "When")
            .parts(Features.CalendarPart.DAY_OF_WEEK, Features.CalendarPart.HOUR))
        .add(Features.sineCosine("Day", 7))
        .add(Features.groupRare("City").minFrequency(0.15))
        .add(Features.frequencyEncoding("City"))
        .add(Features.weightOfEvidence("Job").folds(3))
        .add(Features.oneHot("Home").minFrequency(8))
        .add(Features.clip("Income").quantiles(0.05, 0.95))
        .add(Features.impute("Income").median())
        .add(Features.robustScale("Income"))
        .add(Features.log1p("Amount"))
        .add(Features.quantileBins("Amount").bins(4))
        .add(Features.minMax("Amount"))
        .trainer(Trainers.logisticRegression())
        .seed(11)
        .build();
    Table data = data(120);
    PipelineResult result = pipeline.fit(data);
    Path file = dir.resolve("model.mlb");
    result.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);

    Table fresh = data(150).rows(java.util.stream.IntStream.range(120, 150).toArray()).drop("Status");
    Table before = result.pipeline().transform(fresh);
    Fixtures.assertSameTable(before, loaded.pipeline().transform(fresh));
    Scores scores = result.pipeline().score(fresh);
    Scores read = loaded.pipeline().score(fresh);
    for (int r = 0; r < fresh.rowCount(); r++) {
      assertArrayEquals(scores.probabilities(r), read.probabilities(r), 0.0, "row " + r);
      Table one = loaded.pipeline().transform(fresh.row(r).toTable());
      assertEquals(before.row(r).toMap(), one.row(0).toMap(), "row " + r);
    }
    assertEquals(result.pipeline().featureNames(), loaded.pipeline().featureNames());
  }
}
