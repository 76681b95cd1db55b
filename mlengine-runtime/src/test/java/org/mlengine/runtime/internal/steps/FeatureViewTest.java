package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.EventTransform;

class FeatureViewTest {
  private static final long DAY = 86_400_000L;

  static WindowTransform window(Optional<String> entity, long gap, WindowTransform.Span span, long size, String prefix,
      WindowTransform.Statistic... statistics) {
    int fewest = 1;
    return new WindowTransform("v", entity, "t", span, size, gap, List.of(statistics), fewest, prefix);
  }

  static WindowTransform.Statistic stat(WindowTransform.Kind kind, long parameter) {
    return new WindowTransform.Statistic(kind, parameter);
  }

  static FeatureView salesView(Optional<Duration> ttl) {
    List<EventTransform> features = List.of(
        window(Optional.of("k"), 0, WindowTransform.Span.DURATION, 3 * DAY, "v", stat(WindowTransform.Kind.MEAN, 0),
            stat(WindowTransform.Kind.COUNT, 0)),
        window(Optional.of("k"), 0, WindowTransform.Span.NONE, 0, "v", stat(WindowTransform.Kind.LAG, 1)),
        new AggregateTransform(new AggregateDefinition("sales", "k", "k", "t", "t", false, Optional.empty(),
            List.of(AggregateDefinition.Statistic.of(AggregateDefinition.Kind.LATEST, "c")),
            Map.of("c", ColumnType.CATEGORICAL)), null));
    return FeatureView.of("sales_history", 1, "sales", Optional.of("k"), "t", Duration.ZERO, ttl, features);
  }

  static Instant[] ts(long... millis) {
    Instant[] out = new Instant[millis.length];
    for (int i = 0; i < millis.length; i++) {
      out[i] = Instant.ofEpochMilli(millis[i]);
    }
    return out;
  }

  static Table events() {
    return Table.builder()
        .categorical("k", "a", "a", "b", "a", "b")
        .timestamp("t", ts(0, 2 * DAY, DAY, 5 * DAY, 9 * DAY))
        .numeric("v", 1, 2, 10, 4, Double.NaN)
        .categorical("c", "x", "y", "z", "x", "w")
        .build();
  }

  @Test
  void join_rowsAtEventTimes_readOnlyStrictlyEarlierEvents() {
    FeatureView view = salesView(Optional.empty());
    Table rows = Table.builder().categorical("k", "a", "a", "b", "c").timestamp("t", ts(2 * DAY, 6 * DAY, DAY, 3 * DAY)).build();
    FeatureView.Join j = view.join(rows, "t", events());
    Table out = j.table();
    assertEquals(List.of("v_mean_3d", "v_count_3d", "v_lag1", "sales_latest_c"), view.outputColumns());
    assertEquals(1.0, out.numeric("v_mean_3d", 0));          // only t=0 (t=2d is the row's own instant)
    assertEquals(1.0, out.numeric("v_lag1", 0));
    assertEquals("x", out.string("sales_latest_c", 0));
    assertEquals(4.0, out.numeric("v_mean_3d", 1));          // [3d, 6d): t=5d
    assertEquals(4.0, out.numeric("v_lag1", 1));
    assertTrue(Double.isNaN(out.numeric("v_lag1", 2)));      // b's first event is at the row's instant
    assertEquals(0.0, out.numeric("v_count_3d", 3));         // unknown entity
    assertEquals(0, j.expiredRows());
  }

  @Test
  void join_equalsTheWindowStepOverItsOwnRowsAndTheHistory() {
    WindowTransform w = window(Optional.of("k"), DAY, WindowTransform.Span.ROWS, 2, "v",
        stat(WindowTransform.Kind.MEAN, 0), stat(WindowTransform.Kind.STD, 1), stat(WindowTransform.Kind.LAG, 2));
    FeatureView view = FeatureView.of("v", 3, "rows", Optional.of("k"), "t", Duration.ofDays(1), Optional.empty(), List.of(w));
    Table events = events();
    Table byView = view.join(events.select("k", "t"), "t", events).table();
    Table byStep = w.apply(events);
    History history = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    history.appendAll("rows", events);
    for (String c : view.outputColumns()) {
      for (int r = 0; r < events.rowCount(); r++) {
        double fromHistory = view.valuesAsOf(history, events.string("k", r), Instant.ofEpochMilli(events.timestamp("t", r)))
            .number(c);
        assertEquals(Double.doubleToRawLongBits(byStep.numeric(c, r)), Double.doubleToRawLongBits(byView.numeric(c, r)), c + r);
        assertEquals(Double.doubleToRawLongBits(byStep.numeric(c, r)), Double.doubleToRawLongBits(fromHistory), c + r);
      }
    }
  }

  @Test
  void ttl_ageExactlyTtlKept_olderExpiredAndCounted() {
    FeatureView view = salesView(Optional.of(Duration.ofDays(2)));
    Table rows = Table.builder().categorical("k", "a", "a").timestamp("t", ts(7 * DAY, 8 * DAY)).build();
    FeatureView.Join j = view.join(rows, "t", events());
    assertEquals(4.0, j.table().numeric("v_lag1", 0));        // latest a before 7d is 5d: age 2d, kept
    assertTrue(Double.isNaN(j.table().numeric("v_lag1", 1))); // before 8d: 5d, age 3d > 2d
    assertTrue(Double.isNaN(j.table().numeric("v_count_3d", 1)));
    assertEquals(null, j.table().string("sales_latest_c", 1));
    assertEquals(1, j.expiredRows());
  }

  @Test
  void ttl_expired_historyPathSaysExpired() {
    FeatureView view = salesView(Optional.of(Duration.ofDays(1)));
    History history = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    history.appendAll("sales", events());
    FeatureValues v = view.valuesAsOf(history, "a", Instant.ofEpochMilli(7 * DAY));
    assertTrue(v.expired());
    assertTrue(Double.isNaN(v.number("v_count_3d")));
    assertEquals(Optional.empty(), v.string("sales_latest_c"));
    FeatureView.Join j = view.join(Table.builder().categorical("k", "a").timestamp("t", ts(7 * DAY)).build(), "t", events());
    assertEquals(1, j.expiredRows());
  }

  @Test
  void json_roundTrip_sameViewAndFingerprint() {
    FeatureView view = salesView(Optional.of(Duration.ofDays(2)));
    FeatureView back = FeatureView.fromJson(view.toJson());
    assertEquals(view, back);
    assertEquals(view.fingerprint(), back.fingerprint());
    assertEquals(view.fingerprint(), view.withVersion(2).fingerprint());
    assertNotEquals(view.fingerprint(), salesView(Optional.empty()).fingerprint());
  }

  @Test
  void json_newerFormat_refusedNamingTheVersion() {
    String json = salesView(Optional.empty()).toJson().replace("\"format\" : 1", "\"format\" : 2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureView.fromJson(json));
    assertEquals("feature view JSON has format 2; this library reads formats 1 to 1. Read it with a newer mlengine", e.getMessage());
  }

  @Test
  void json_editedDefinition_refusedByFingerprint() {
    String json = salesView(Optional.empty()).toJson().replace("259200000", "345600000");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureView.fromJson(json));
    assertTrue(e.getMessage().contains("the file was edited by hand"), e.getMessage());
  }

  @Test
  void of_windowWithAnotherEntity_refusedWithEveryProblem() {
    WindowTransform w = window(Optional.empty(), 0, WindowTransform.Span.EXPANDING, 0, "v", stat(WindowTransform.Kind.MEAN, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        FeatureView.of("bad name", 0, "s", Optional.of("k"), "t", Duration.ZERO, Optional.empty(), List.of(w)));
    assertEquals(List.of(
        "a feature view's name is 'bad name'; use letters, digits, '_', '.' and '-', starting with a letter or digit, e.g."
            + " \"ridership_history\"",
        "feature view 'bad name' has version 0; versions start at 1",
        "feature view 'bad name' (by k, ordered by 't', gap 0 ms) has a window over 'v' by no entity, ordered by 't', gap 0 ms;"
            + " a view's windows take the view's entity, time and gap"), List.of(e.getMessage().split("\n")));
  }

  @Test
  void join_eventWithoutTime_refusedNamingRow() {
    java.util.Map<String, Object> noTime = new java.util.HashMap<>(Map.of("k", "a", "v", 2.0, "c", "x"));
    noTime.put("t", null);
    Table bad = Table.fromRows(List.of(Map.of("k", "a", "v", 1.0, "c", "x", "t", Instant.EPOCH), noTime));
    InvalidInputException e = assertThrows(InvalidInputException.class, () ->
        salesView(Optional.empty()).join(Table.builder().categorical("k", "a").timestamp("t", ts(DAY)).build(), "t", bad));
    assertEquals("feature view over 'sales' needs the event time of every row, but column 't' is missing at row 1; fill it in"
        + " or drop such rows", e.getMessage());
  }
}
