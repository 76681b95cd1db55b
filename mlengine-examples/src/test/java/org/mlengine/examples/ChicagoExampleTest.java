package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Table;

class ChicagoExampleTest {
  private static Table days;
  private static ChicagoExample.Forecast forecast;

  @BeforeAll
  static void fit() throws IOException {
    days = ChicagoExample.ridershipData();
    forecast = ChicagoExample.forecast(days);
  }

  @Test
  void forecast_onHeldOutDays_beatsTheSameAsSevenDaysEarlierOnRmseAndMae() {
    double rmse = forecast.result().metrics().get("rmse");
    double mae = forecast.result().metrics().get("mae");
    assertTrue(rmse < forecast.naiveRmse(), "rmse " + rmse + " vs naive " + forecast.naiveRmse());
    assertTrue(mae < forecast.naiveMae(), "mae " + mae + " vs naive " + forecast.naiveMae());
  }

  @Test
  void forecast_heldOutDays_comeAfterEveryTrainingDayAndTheGap() {
    long lastTrain = 0;
    for (int r : forecast.result().partition().train().toArray()) {
      lastTrain = Math.max(lastTrain, days.timestamp("date", r));
    }
    long firstTest = Long.MAX_VALUE;
    for (int r : forecast.result().partition().test().toArray()) {
      firstTest = Math.min(firstTest, days.timestamp("date", r));
    }
    assertTrue(firstTest - lastTrain > java.time.Duration.ofDays(7).toMillis());
  }

  @Test
  void serve_testDaysOneAtATimeFromAHistory_equalsTheOfflineForecasts(@TempDir Path dir) throws IOException {
    assertEquals(0.0, ChicagoExample.serve(days, forecast, dir.resolve("chicago.mlb")));
  }

  @Test
  void run_printsBothErrorsAndTheServingCheck(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChicagoExample.run(days, dir.resolve("c.mlb"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("held-out rmse"), out);
    assertTrue(out.contains("naive     rmse"), out);
    assertTrue(out.contains("largest difference from the offline forecast 0.0"), out);
  }
}
