package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.Table;

class FeatureViewBuilderTest {

  @Test
  void aggregateInAView_equalsTheAggregateStep() {
    Table calls = AggregateFixtures.calls();
    FeatureView view = Features.featureView("calls").entity("Customer").time("At")
        .add(Features.aggregate("calls", calls).count().mean("Minutes").latest("Kind").lookBack(Duration.ofDays(60)))
        .build();
    Table customers = AggregateFixtures.customers();
    Table labelled = Table.builder().categorical("Customer", customers.stringColumn("Customer")).build()
        .withTimestamp("At", customers.timestampColumn("Snapshot"));
    Table joined = view.join(labelled, "At", calls).table();
    Table bySteps = AggregateFixtures.fit(Features.aggregate("calls", calls).on("Customer").timedBy("At").asOf("Snapshot")
        .count().mean("Minutes").latest("Kind").lookBack(Duration.ofDays(60)), customers).apply(customers);
    assertEquals(List.of("calls_60d_count", "calls_60d_mean_Minutes", "calls_60d_latest_Kind"), view.outputColumns());
    for (String c : view.outputColumns()) {
      for (int r = 0; r < customers.rowCount(); r++) {
        assertEquals(String.valueOf(bySteps.value(c, r)), String.valueOf(joined.value(c, r)), c + " row " + r);
      }
    }
  }

  @Test
  void build_featuresDisagreeingWithTheView_refusedWithEveryProblem() {
    Table calls = AggregateFixtures.calls();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.featureView("v").time("At")
        .add(Features.window("Minutes").by("Customer").orderedBy("When").last(3).mean())
        .add(Features.aggregate("calls", calls).count())
        .build());
    assertEquals(List.of(
        "Features.window(\"Minutes\") in feature view 'v' is by 'Customer' but the view is by no entity; leave out .by(...) (the"
            + " view's entity applies)",
        "Features.window(\"Minutes\") in feature view 'v' is ordered by 'When' but the view's time is 'At'; leave out"
            + " .orderedBy(...)",
        "Features.aggregate(\"calls\") in feature view 'v': the view has no entity, and an aggregate needs one; give the view"
            + " .entity(\"...\") or use windows"), List.of(e.getMessage().split("\n")));
  }

  @Test
  void build_withoutTimeOrFeature_refusedWithBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.featureView("v").build());
    assertEquals("feature view 'v' has no time column; add .time(\"date\") with the events' TIMESTAMP column\nfeature view 'v'"
        + " has no feature; add .add(Features.window(\"value\").last(7).mean()) or an aggregate", e.getMessage());
  }

  @Test
  void build_negativeTtl_refusedSayingWhatToGive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.featureView("v").time("At")
        .ttl(Duration.ofDays(-1)).add(Features.window("Minutes").lag(1)).build());
    assertEquals("feature view 'v' has time to live PT-24H; give a positive whole number of milliseconds, e.g."
        + " Duration.ofDays(3), or none for values that never expire", e.getMessage());
  }
}
