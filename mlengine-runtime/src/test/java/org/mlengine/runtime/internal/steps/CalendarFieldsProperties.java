package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The calendar kernel's field arithmetic, on the table path and the row path, against java.time. */
class CalendarFieldsProperties {

  @Provide
  Arbitrary<Long> instants() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE),
        Arbitraries.longs().between(-2_208_988_800_000L, 4_102_444_800_000L),
        Arbitraries.of(-1L, 0L, 951_782_400_000L, 951_868_799_999L, 4_107_456_000_000L, -62_135_596_800_001L));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHoursMinutes(-9, -30),
        ZoneOffset.MAX, ZoneOffset.MIN, ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
        ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("Pacific/Apia"),
        ZoneId.of("America/St_Johns"));
  }

  @Property(tries = 3000)
  void calendarFields_ofAnyInstantAndZone_equalJavaTime(@ForAll("instants") long millis, @ForAll("zones") ZoneId zone) {
    List<Long> instants = new ArrayList<>(List.of(millis));
    var next = zone.getRules().nextTransition(Instant.ofEpochMilli(millis));
    if (next != null && next.toEpochSecond() < Long.MAX_VALUE / 1000) { // the milliseconds around the next transition
      long at = next.toEpochSecond() * 1000;
      instants.addAll(List.of(at - 1, at, at + 1));
    }
    CalendarTransform.ZoneReader tablePath = new CalendarTransform.ZoneReader(zone);
    CalendarTransform.ZoneReader rowPath = CalendarTransform.ZoneReader.tabulated(zone);
    for (long m : instants) {
      ZonedDateTime t = Instant.ofEpochMilli(m).atZone(zone);
      long f = tablePath.fields(m);
      String where = m + " " + t;
      assertEquals(f, rowPath.fields(m), where);
      assertEquals(t.getYear(), CalendarTransform.ZoneReader.year(f), where);
      assertEquals(t.getMonthValue(), CalendarTransform.ZoneReader.month(f), where);
      assertEquals(t.getDayOfMonth(), CalendarTransform.ZoneReader.dayOfMonth(f), where);
      assertEquals(t.getDayOfWeek().getValue(), CalendarTransform.ZoneReader.dayOfWeek(f), where);
      assertEquals(t.getDayOfYear(), CalendarTransform.ZoneReader.dayOfYear(f), where);
      assertEquals(t.getHour(), CalendarTransform.ZoneReader.hour(f), where);
      assertEquals(t.toLocalDate().lengthOfMonth(), CalendarTransform.ZoneReader.lengthOfMonth(f), where);
      assertEquals(t.toLocalDate().isLeapYear(), CalendarTransform.ZoneReader.isLeap(f), where);
    }
  }
}
