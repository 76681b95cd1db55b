package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * The monitor's detection power and false-alert rate on the credit data, outside the default
 * suite (the name matches neither *Test nor *Properties). Run it with
 *
 * <pre>
 * mvn -B -o -pl mlengine-serving -am test -Dtest=MonitorPowerSimulation -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Live traffic is credit rows drawn with replacement from all 4,454 rows (the reference is the
 * classifier bundle's profile of its 80% training part). A run shifts one numeric column (the
 * nine in turn) by k reference standard deviations from a random request on, after a calm lead;
 * it detects when an alert on that column comes within 2,000 requests of the shift. False alerts
 * are every alert, any column, any measure, in 10 calm streams of 100,000 requests.
 */
@Tag("slow")
class MonitorPowerSimulation {
  static final int RUNS = 200;
  static final int WITHIN = 2_000;
  static final int CALM_REQUESTS = 100_000;
  static final int CALM_STREAMS = 10;
  static final double[] SHIFTS = {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5};

  /** A monitor configuration under test, and how many calm requests precede a shift (its reference period, if any). */
  record Setup(String name, UnaryOperator<Monitor.Builder> configure, int lead) {}

  @Test
  void powerAndFalseAlerts() {
    ModelBundle bundle = CreditBundles.classifier();
    Table credit = CreditBundles.credit();
    List<Setup> setups = List.of(
        new Setup("defaults: KS at the knots p <= 0.05, Jensen-Shannon >= 0.1; window 500, debounce 2", b -> b, 1_000),
        new Setup("Evidently's numeric choice: Wasserstein/sd >= 0.1; window 500, debounce 2",
            b -> b.statistic(Monitor.Statistic.WASSERSTEIN, CreditBundles.NUMERIC), 1_000),
        new Setup("defaults, thresholds from a 10,000-request reference period (mean + 3 sd)", b -> b.referencePeriod(10_000), 10_000),
        new Setup("defaults, sliding window 1000 every 250, debounce 3", b -> b.window(1000).slide(250).debounce(3), 1_000));
    StringBuilder report = new StringBuilder();
    for (Setup setup : setups) {
      report.append(simulate(bundle, credit, setup));
    }
    System.out.println(report);
    assertTrue(report.length() > 0);
  }

  private static String simulate(ModelBundle bundle, Table credit, Setup setup) {
    Object[][] rows = rows(bundle, credit, setup);
    String[] names = names(bundle, setup);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n== %s%n", setup.name()));
    // false alerts: calm streams
    long falseAlerts = 0;
    Map<String, Integer> byColumn = new java.util.TreeMap<>();
    for (int s = 0; s < CALM_STREAMS; s++) {
      MonitorState state = newState(bundle, setup);
      SplittableRandom random = new SplittableRandom(1000 + s);
      for (int r = 0; r < setup.lead() + CALM_REQUESTS; r++) {
        state.accept(observation(rows[random.nextInt(rows.length)], -1, 0));
      }
      for (Alert a : state.alerts()) {
        falseAlerts++;
        byColumn.merge(a.column() + " " + a.measure(), 1, Integer::sum);
      }
    }
    out.append(String.format(Locale.ROOT, "false alerts: %d in %d calm requests = %.2f per 100,000 %s%n", falseAlerts,
        (long) CALM_STREAMS * CALM_REQUESTS, falseAlerts * 100_000.0 / ((long) CALM_STREAMS * CALM_REQUESTS), byColumn));
    for (double shift : SHIFTS) {
      int detected = 0;
      int[] perColumn = new int[CreditBundles.NUMERIC.length];
      long delaySum = 0;
      for (int run = 0; run < RUNS; run++) {
        int column = run % CreditBundles.NUMERIC.length;
        int index = java.util.Arrays.asList(names).indexOf(CreditBundles.NUMERIC[column]);
        double sd = ((ColumnProfile.Numeric) bundle.profile().orElseThrow().column(CreditBundles.NUMERIC[column]).orElseThrow()).sd();
        MonitorState state = newState(bundle, setup);
        SplittableRandom random = new SplittableRandom(run * 7919L + Math.round(shift * 1000));
        int start = setup.lead() + random.nextInt(1_000);
        long found = -1;
        for (int r = 0; r < start + WITHIN && found < 0; r++) {
          state.accept(observation(rows[random.nextInt(rows.length)], r >= start ? index : -1, shift * sd));
          for (Alert a : state.alerts()) {
            if (a.column().equals(names[index]) && a.lastRequest() >= start) {
              found = a.lastRequest() - start + 1;
              break;
            }
          }
        }
        if (found > 0) {
          detected++;
          perColumn[column]++;
          delaySum += found;
        }
      }
      out.append(String.format(Locale.ROOT, "shift %.2f sd: detected within %d requests in %d/%d runs (%.1f%%), mean delay %.0f; per column %s%n",
          shift, WITHIN, detected, RUNS, 100.0 * detected / RUNS, detected == 0 ? Double.NaN : (double) delaySum / detected,
          java.util.Arrays.toString(perColumn)));
    }
    return out.toString();
  }

  private static MonitorState newState(ModelBundle bundle, Setup setup) {
    Monitor monitor = setup.configure().apply(Monitor.builder(bundle)).build();
    monitor.close();   // its thread is not used: the simulation feeds the engine on this thread
    return monitor.state();
  }

  private static String[] names(ModelBundle bundle, Setup setup) {
    Monitor monitor = setup.configure().apply(Monitor.builder(bundle)).build();
    monitor.close();
    return monitor.state().inputNames();
  }

  private static Object[][] rows(ModelBundle bundle, Table credit, Setup setup) {
    String[] names = names(bundle, setup);
    Object[][] rows = new Object[credit.rowCount()][];
    for (int r = 0; r < rows.length; r++) {
      Map<String, ?> row = credit.row(r).toMap();
      rows[r] = new Object[names.length];
      for (int c = 0; c < names.length; c++) {
        rows[r][c] = row.get(names[c]);
      }
    }
    return rows;
  }

  private static MonitorState.Observation observation(Object[] row, int shifted, double by) {
    Object[] values = row;
    if (shifted >= 0 && row[shifted] instanceof Number n && !Double.isNaN(n.doubleValue())) {
      values = row.clone();
      values[shifted] = n.doubleValue() + by;
    }
    return new MonitorState.Observation(values, false, null, false, 0, 0);
  }
}
