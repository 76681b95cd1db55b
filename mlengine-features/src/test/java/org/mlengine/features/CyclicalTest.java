package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

/** sineCosine and calendar: explicit periods, explicit zones. */
class CyclicalTest {

  private static final double NA = Double.NaN;
  private static final double TWO_PI = 2 * Math.PI;

  private static Table times(Instant... values) {
    double[] y = new double[values.length];
    return Table.builder().timestamp("T", values).numeric("y", y).build();
  }

  private static Table calendar(ZoneId zone, Table table, Features.CalendarPart... parts) {
    Calendar step = Features.calendar(zone, "T");
    if (parts.length > 0) {
      step = step.parts(parts);
    }
    return step.fit(Fixtures.context(table)).apply(table);
  }

  // ---- sineCosine ----

  @Test
  void sineCosine_dropsColumnAndAppendsSinAndCos_missingStaysMissing() {
    Table train = Table.builder().numeric("h", 0, 6, NA).numeric("Income", 1, 2, 3).numeric("y", 0, 1, 0).build();
    Table out = Features.sineCosine("h", 24).fit(Fixtures.context(train)).apply(train);
    assertEquals(List.of("Income", "y", "h_sin", "h_cos"), out.columnNames());
    assertClose(new double[] {0, 1, NA}, out.numericColumn("h_sin"));
    assertClose(new double[] {1, 0, NA}, out.numericColumn("h_cos"));
  }

  @Test
  void sineCosine_valuesBeyondOnePeriod_wrapAround() {
    Table t = Table.builder().numeric("d", 1, 8, -6).numeric("y", 0, 1, 0).build();
    Table out = Features.sineCosine("d", 7).fit(Fixtures.context(t)).apply(t);
    double s = Math.sin(TWO_PI / 7);
    assertClose(new double[] {s, s, s}, out.numericColumn("d_sin"));
  }

  @Test
  void sineCosine_missingOrBadPeriod_isRefusedSayingWhatAPeriodIs() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.sineCosine("DayOfWeek", Double.NaN));
    assertEquals("Features.sineCosine(\"DayOfWeek\", NaN) needs the period, a finite number > 0: the length of one"
        + " cycle in the column's units, e.g. 7 for days of the week numbered 0-6 or 24 for hours 0-23. It is not"
        + " learned from data, where the largest value seen would put the last step of a cycle on the first.",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.sineCosine("Hour", 0));
    assertEquals("Features.sineCosine(\"Hour\", 0.0) needs the period, a finite number > 0: the length of one cycle"
        + " in the column's units, e.g. 7 for days of the week numbered 0-6 or 24 for hours 0-23. It is not learned"
        + " from data, where the largest value seen would put the last step of a cycle on the first.",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Features.sineCosine("Hour", Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Features.sineCosine("Hour", -24));
    e = assertThrows(IllegalArgumentException.class, () -> Features.sineCosine(null, 24));
    assertEquals("Features.sineCosine(...) got a null column name; give each column's name as the table spells it",
        e.getMessage());
  }

  @Test
  void sineCosine_wrongType_hasTheHouseMessages() {
    Table table = Table.builder().categorical("Day", "Mon", "Tue").numeric("y", 0, 1).build();
    assertEquals(List.of("column 'Day' is CATEGORICAL; sine_cosine needs NUMERIC. Declare it with"
            + " CsvOptions.numeric(\"Day\") or drop it."),
        Fixtures.problems(Features.sineCosine("Day", 7), table));
    Table train = Table.builder().numeric("Day", 1, 2).numeric("y", 0, 1).build();
    FittedTransform fitted = Features.sineCosine("Day", 7).fit(Fixtures.context(train));
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(table));
    assertEquals("column 'Day' is CATEGORICAL; sine_cosine expects NUMERIC. Send numbers in it, with NaN or null for"
        + " a missing value.", e.getMessage());
  }

  @Test
  void sineCosine_outputNameTaken_isRefused() {
    Table train = Table.builder().numeric("d", 1, 2).numeric("d_cos", 0, 0).numeric("y", 0, 1).build();
    FittedTransform fitted = Features.sineCosine("d", 7).fit(Fixtures.context(train.drop("d_cos")));
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(train));
    assertEquals("sine_cosine writes column 'd_cos' from column 'd', but the input already has a column of that name."
        + " Rename or drop that column first.", e.getMessage());
  }

  @Test
  void sineCosine_spec_namesThePeriod() {
    assertEquals(Map.of("columns", List.of("Hour"), "period", 24.0), Features.sineCosine("Hour", 24).spec());
    assertEquals("sine_cosine{columns=[Hour], period=7.0}", Features.sineCosine("Hour", 7).toString());
  }

  // ---- calendar ----

  @Test
  void calendar_allParts_namesEveryOutputInPartOrder() {
    Table out = calendar(ZoneOffset.UTC, times(Instant.parse("2024-02-29T23:30:00Z")));
    assertEquals(List.of("y", "T_year", "T_month", "T_month_sin", "T_month_cos", "T_dayOfMonth", "T_dayOfMonth_sin",
        "T_dayOfMonth_cos", "T_dayOfWeek", "T_dayOfWeek_sin", "T_dayOfWeek_cos", "T_dayOfYear", "T_dayOfYear_sin",
        "T_dayOfYear_cos", "T_hour", "T_hour_sin", "T_hour_cos"), out.columnNames());
  }

  @Test
  void calendar_utc_readsPartsAndTruePeriods() {
    // Thursday 29 February 2024 (a leap year), 23:30 UTC
    Table out = calendar(ZoneOffset.UTC, times(Instant.parse("2024-02-29T23:30:00Z")));
    assertClose(new double[] {2024}, out.numericColumn("T_year"));
    assertClose(new double[] {2}, out.numericColumn("T_month"));
    assertClose(new double[] {Math.sin(TWO_PI * 1 / 12)}, out.numericColumn("T_month_sin"));
    assertClose(new double[] {29}, out.numericColumn("T_dayOfMonth"));
    // February 2024 has 29 days: the 29th is one step before the 1st
    assertClose(new double[] {Math.sin(-TWO_PI / 29)}, out.numericColumn("T_dayOfMonth_sin"));
    assertClose(new double[] {Math.cos(-TWO_PI / 29)}, out.numericColumn("T_dayOfMonth_cos"));
    assertClose(new double[] {4}, out.numericColumn("T_dayOfWeek"));
    assertClose(new double[] {Math.sin(TWO_PI * 3 / 7)}, out.numericColumn("T_dayOfWeek_sin"));
    assertClose(new double[] {60}, out.numericColumn("T_dayOfYear"));
    assertClose(new double[] {Math.cos(TWO_PI * 59 / 366)}, out.numericColumn("T_dayOfYear_cos"));
    assertClose(new double[] {23}, out.numericColumn("T_hour"));
    assertClose(new double[] {-0.258819}, out.numericColumn("T_hour_sin"));
    assertClose(new double[] {0.965926}, out.numericColumn("T_hour_cos"));
  }

  @Test
  void calendar_zone_movesTheSameInstantToAnotherDay() {
    // 23:30 UTC on Thursday 29 February is 00:30 on Friday 1 March in Paris (UTC+1)
    Table out = calendar(ZoneId.of("Europe/Paris"), times(Instant.parse("2024-02-29T23:30:00Z")));
    assertClose(new double[] {3}, out.numericColumn("T_month"));
    assertClose(new double[] {1}, out.numericColumn("T_dayOfMonth"));
    assertClose(new double[] {0}, out.numericColumn("T_dayOfMonth_sin"));
    assertClose(new double[] {1}, out.numericColumn("T_dayOfMonth_cos"));
    assertClose(new double[] {5}, out.numericColumn("T_dayOfWeek"));
    assertClose(new double[] {61}, out.numericColumn("T_dayOfYear"));
    assertClose(new double[] {0}, out.numericColumn("T_hour"));
  }

  @Test
  void calendar_zoneWithDaylightSaving_followsTheLocalClock() {
    // noon UTC is 07:00 in New York in January (UTC-5) and 08:00 in July (UTC-4)
    Table out = calendar(ZoneId.of("America/New_York"),
        times(Instant.parse("2024-01-15T12:00:00Z"), Instant.parse("2024-07-15T12:00:00Z")),
        Features.CalendarPart.HOUR);
    assertEquals(List.of("y", "T_hour", "T_hour_sin", "T_hour_cos"), out.columnNames());
    assertClose(new double[] {7, 8}, out.numericColumn("T_hour"));
  }

  @Test
  void calendar_dayOfYear_usesTheLengthOfThatYear() {
    // 31 December is day 366 of 2024 and day 365 of 2023: both one step before 1 January
    Table out = calendar(ZoneOffset.UTC,
        times(Instant.parse("2024-12-31T00:00:00Z"), Instant.parse("2023-12-31T00:00:00Z")),
        Features.CalendarPart.DAY_OF_YEAR);
    assertClose(new double[] {366, 365}, out.numericColumn("T_dayOfYear"));
    assertClose(new double[] {Math.sin(-TWO_PI / 366), Math.sin(-TWO_PI / 365)}, out.numericColumn("T_dayOfYear_sin"));
  }

  @Test
  void calendar_dayOfWeek_isIsoMondayOneToSundaySeven() {
    Table out = calendar(ZoneOffset.UTC,
        times(Instant.parse("2024-03-04T10:00:00Z"), Instant.parse("2024-03-10T10:00:00Z")),
        Features.CalendarPart.DAY_OF_WEEK, Features.CalendarPart.YEAR);
    assertEquals(List.of("y", "T_year", "T_dayOfWeek", "T_dayOfWeek_sin", "T_dayOfWeek_cos"), out.columnNames());
    assertClose(new double[] {1, 7}, out.numericColumn("T_dayOfWeek"));
    assertClose(new double[] {0, Math.sin(TWO_PI * 6 / 7)}, out.numericColumn("T_dayOfWeek_sin"));
  }

  @Test
  void calendar_missingTimestamp_givesMissingEverywhere() {
    Table out = calendar(ZoneOffset.UTC, times(Instant.parse("2024-03-04T10:00:00Z"), null),
        Features.CalendarPart.YEAR, Features.CalendarPart.HOUR);
    assertClose(new double[] {2024, NA}, out.numericColumn("T_year"));
    assertClose(new double[] {10, NA}, out.numericColumn("T_hour"));
    assertClose(new double[] {Math.sin(TWO_PI * 10 / 24), NA}, out.numericColumn("T_hour_sin"));
  }

  @Test
  void calendar_requestWithOnlyNull_isTreatedAsMissing() {
    FittedTransform fitted = Features.calendar(ZoneOffset.UTC, "T").parts(Features.CalendarPart.HOUR)
        .fit(Fixtures.context(times(Instant.parse("2024-03-04T10:00:00Z"))));
    Map<String, Object> request = new HashMap<>();
    request.put("T", null);
    assertClose(new double[] {NA}, fitted.apply(Table.fromRows(List.of(request)).row(0)).numericColumn("T_hour"));
  }

  @Test
  void calendar_noZone_isRefusedWithExamples() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.calendar(null, "OrderTime"));
    assertEquals("Features.calendar(zone, ...) got no time zone; give the zone the hours and days are read in, e.g."
        + " Features.calendar(ZoneOffset.UTC, \"OrderTime\") or Features.calendar(ZoneId.of(\"Europe/Paris\"),"
        + " \"OrderTime\")", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.calendar(ZoneOffset.UTC));
    assertEquals("Features.calendar(zone) needs at least one column, e.g. Features.calendar(ZoneOffset.UTC,"
        + " \"OrderTime\")", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.calendar(ZoneOffset.UTC, "T").parts());
    assertEquals("parts(...) needs at least one part and no null, e.g. parts(Features.CalendarPart.HOUR,"
        + " Features.CalendarPart.DAY_OF_WEEK)", e.getMessage());
  }

  @Test
  void calendar_wrongType_hasTheHouseMessages() {
    Table table = Table.builder().categorical("T", "2024-01-01").numeric("y", 0).build();
    assertEquals(List.of("column 'T' is CATEGORICAL; calendar needs TIMESTAMP. Declare it with"
            + " CsvOptions.timestamp(\"T\") or drop it."),
        Fixtures.problems(Features.calendar(ZoneOffset.UTC, "T"), table));
    FittedTransform fitted = Features.calendar(ZoneOffset.UTC, "T")
        .fit(Fixtures.context(times(Instant.parse("2024-03-04T10:00:00Z"))));
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(table));
    assertEquals("T", e.column());
    assertEquals("column 'T' is CATEGORICAL; calendar expects TIMESTAMP. Send instants in it (java.time.Instant),"
        + " with null for a missing value.", e.getMessage());
  }

  @Test
  void calendar_spec_namesZoneAndParts_optionsLeaveTheStepUntouched() {
    Calendar base = Features.calendar(ZoneId.of("Europe/Paris"), "T");
    Calendar hours = base.parts(Features.CalendarPart.HOUR, Features.CalendarPart.MONTH);
    assertEquals(List.of("year", "month", "dayOfMonth", "dayOfWeek", "dayOfYear", "hour"), base.spec().get("parts"));
    assertEquals("calendar{columns=[T], zone=Europe/Paris, parts=[month, hour]}", hours.toString());
  }
}
