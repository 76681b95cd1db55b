package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.spi.FittedTransform;

/**
 * The training rows a step hands to the next are the rows its fitted transform gives any table,
 * however the fit holds them (issue #15): one-hot columns as bytes, impute and standardize
 * written over arrays the fit owns. A context the fit does not own (a caller's) leaves its table
 * as it was and gets plain columns only (no one-hot bytes), and an owned one still leaves the
 * columns cross-fitting reads.
 */
class TrainingOutputProperties {

  /** One generated row: a category or null, two numbers of which the first may be missing, and a label. */
  record Sample(String category, double income, double amount, String label) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> category = Arbitraries.of("A", "A", "B", "C").injectNull(0.15);
    Arbitrary<Double> income = Arbitraries.doubles().between(-1e4, 1e4).injectDuplicates(0.2).map(d -> d == 0 ? Double.NaN : d);
    Arbitrary<Double> amount = Arbitraries.doubles().between(-50, 50);
    Arbitrary<String> label = Arbitraries.of("0", "1");
    return Combinators.combine(category, income, amount, label).as(Sample::new).list().ofMinSize(4).ofMaxSize(40)
        .filter(s -> s.stream().anyMatch(x -> !Double.isNaN(x.income())) && s.stream().anyMatch(x -> x.category() != null));
  }

  @Provide
  Arbitrary<Extractor> steps() {
    return Arbitraries.of(
        Features.oneHot("Cat"), Features.oneHot("Cat").dense(), Features.impute("Income"), Features.impute("Income").withIndicator(),
        Features.impute("Income", "Amount").median(), Features.standardize("Income", "Amount"), Features.standardize("Amount"));
  }

  @Property(tries = 200)
  void trainingOutput_isTheTransformsOutput_ownedOrNot(@ForAll("samples") List<Sample> samples, @ForAll("steps") Extractor step) {
    Table table = table(samples);
    FittedTransform fitted = step.fit(Fixtures.classification(table));
    Table expected = fitted.apply(table(samples));

    // A caller's context: the same rows as plain columns (no one-hot bytes), the caller's table unchanged.
    Table callers = step.applyToTraining(fitted, Fixtures.classification(table));
    Fixtures.assertSameTable(expected, callers);
    assertEquals(List.of(), RuntimeAccess.tables().columns(callers).stream().filter(c -> c instanceof Column.Indicator).toList());
    Fixtures.assertSameTable(table(samples), table);

    // The fit's own copy with the target as the column cross-fitting reads: the same rows, the target kept.
    Table owned = table(samples);
    FitContext context = FitContext.of(owned, "y", org.mlengine.core.Split.stratified(0.8), 42)
        .withTable(owned, owned.select("y")).owningTable();
    Table out = step.applyToTraining(fitted, context);
    Fixtures.assertSameTable(expected, out);
    assertEquals(table.row(0).toMap().get("y"), owned.row(0).toMap().get("y"));
    for (String column : expected.columnNames()) {
      if (expected.type(column) == org.mlengine.runtime.ColumnType.NUMERIC) {
        assertArrayEquals(expected.numericColumn(column), out.numericColumn(column), column);
      }
    }
  }

  private static Table table(List<Sample> samples) {
    int n = samples.size();
    String[] cat = new String[n];
    double[] income = new double[n];
    double[] amount = new double[n];
    String[] y = new String[n];
    for (int r = 0; r < n; r++) {
      cat[r] = samples.get(r).category();
      income[r] = samples.get(r).income();
      amount[r] = samples.get(r).amount();
      y[r] = samples.get(r).label();
    }
    return Table.builder().categorical("Cat", cat).numeric("Income", income).numeric("Amount", amount).categorical("y", y).build();
  }
}
