package org.mlengine.runtime;

import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {

  private static Table hand() {
    return Table.builder()
        .numeric("x", 7, 1, 16, Double.NaN, 2, 11, 4, 3, 30.5)
        .categorical("c", "b", "a", "b", null, "c", "b", "a", "d", "d")
        .text("t", "hi", "hello", null, "", "hey", "hi", "a b c", "x", "yo")
        .timestamp("when", Instant.parse("2024-01-03T00:00:00Z"), null, Instant.parse("2024-01-01T10:00:00Z"),
            Instant.parse("2024-02-01T00:00:00Z"), null, null, null, null, null)
        .build();
  }

  @Test
  void numeric_matchesNumpyLinearQuantilesMeanAndPopulationSd() {
    ColumnProfile.Numeric x = (ColumnProfile.Numeric) Profile.of(hand()).column("x").orElseThrow();
    // numpy 2.4.6: x = [7, 1, 16, 2, 11, 4, 3, 30.5]; np.quantile(x, q) (method='linear'), x.mean(), x.std()
    assertEquals(Map.of(0.05, 1.35, 0.25, 2.75, 0.5, 5.5, 0.75, 12.25, 0.95, 25.42499999999999), x.quantiles());
    assertEquals(9.3125, x.mean(), 1e-15);
    assertEquals(9.30368710512128, x.sd(), 1e-13);
    assertEquals(1.0, x.min());
    assertEquals(30.5, x.max());
    assertEquals(9, x.rows());
    assertEquals(1, x.missing());
    assertEquals(1.0 / 9, x.missingShare(), 0);
    assertEquals(8, x.distinct());
    assertEquals(List.of(0.05, 0.25, 0.5, 0.75, 0.95), List.copyOf(x.quantiles().keySet()));
  }

  @Test
  void quantile_edges_followNumpy() {
    double[] one = {4};
    assertEquals(4, Profile.quantile(one, 0.5));
    assertEquals(Double.NaN, Profile.quantile(new double[0], 0.5));
    double[] two = {0, 10};
    // np.quantile([0, 10], [0, 0.3, 1]) == [0, 3, 10]
    assertArrayEquals(new double[] {0, 3, 10}, new double[] {Profile.quantile(two, 0), Profile.quantile(two, 0.3), Profile.quantile(two, 1)});
  }

  @Test
  void categoricalTextAndTimestamp_countedByHand() {
    Profile p = Profile.of(hand());
    assertEquals(new ColumnProfile.Categorical("c", 9, 1, 4, List.of(new ColumnProfile.ValueCount("b", 3),
        new ColumnProfile.ValueCount("a", 2), new ColumnProfile.ValueCount("d", 2), new ColumnProfile.ValueCount("c", 1))),
        p.column("c").orElseThrow());
    // lengths 2, 5, 0, 3, 2, 5, 1, 2 of the 8 present values: mean 20 / 8; "hi" twice, so 7 distinct
    assertEquals(new ColumnProfile.Text("t", 9, 1, 7, 0, 5, 2.5), p.column("t").orElseThrow());
    assertEquals(new ColumnProfile.Timestamp("when", 9, 6, 3, Optional.of(Instant.parse("2024-01-01T10:00:00Z")),
        Optional.of(Instant.parse("2024-02-01T00:00:00Z"))), p.column("when").orElseThrow());
    assertEquals(9, p.rows());
    assertEquals(List.of("x", "c", "t", "when"), p.columns().stream().map(ColumnProfile::name).toList());
  }

  @Test
  void emptyColumn_hasNaNStatisticsAndNullsInItsMap() {
    Profile p = Profile.of(Table.builder().numeric("x", Double.NaN, Double.NaN).build());
    ColumnProfile.Numeric x = (ColumnProfile.Numeric) p.column("x").orElseThrow();
    assertTrue(Double.isNaN(x.mean()) && Double.isNaN(x.min()) && Double.isNaN(x.quantiles().get(0.5)));
    assertEquals(null, x.toMap().get("mean"));
    assertEquals(1.0, x.missingShare());
  }

  @Test
  void toMap_isJsonFriendly() {
    Map<String, Object> c = Profile.of(hand()).column("c").orElseThrow().toMap();
    assertEquals("{name=c, type=CATEGORICAL, rows=9, missing=1, missingShare=0.1111111111111111, distinct=4, topValues=[{value=b,"
        + " count=3}, {value=a, count=2}, {value=d, count=2}, {value=c, count=1}]}", c.toString());
  }

  @Test
  void profile_ofTheTrainingPart_survivesSaveAndLoad(@TempDir Path dir) throws Exception {
    Table data = TestData.binary(300, 5).withTimestamp("when", new long[300]).withText("note", new String[300]);
    PipelineResult result = Pipeline.builder().target("y").split(Split.stratified(0.8)).drop("note", "when")
        .trainer(Trainers.logisticRegression()).bootstrap(0).seed(3).build().fit(data);
    Profile profile = result.profile();
    assertEquals(240, profile.rows());
    assertEquals(List.of("x1", "x2", "y"), profile.columns().stream().map(ColumnProfile::name).toList());
    assertEquals(Profile.of(data.drop("note", "when").rows(result.partition().train().toArray())), profile);
    assertEquals(Optional.of(profile), result.bundle().profile());

    Path file = dir.resolve("m.mlb");
    result.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(Optional.of(profile), loaded.profile());
    assertEquals(Optional.of(result.audit()), loaded.audit());
    assertEquals(result.bundle().id(), loaded.id());
    Path again = dir.resolve("again.mlb");
    loaded.save(again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }
}
